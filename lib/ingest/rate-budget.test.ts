import { describe, expect, it } from "vitest";
import { ControllableClock } from "../../sim/world/clock";
import { db } from "../db";
import type { IngestClock } from "./ingest-clock";
import { acquire, blockBudget, BudgetWaitTooLong } from "./rate-budget";
import { allowedCalls } from "./rate-limits";

/** Simulated time at 600× real time: a minute passes in 100 ms. */
function fastClock(): IngestClock {
  const clock = new ControllableClock({ start: Date.parse("2026-11-20T00:00:00Z"), speed: 600 });
  return { now: () => clock.now(), sleep: (ms, signal) => clock.sleep(ms, signal) };
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

describe("shared rate budget", () => {
  it("two concurrent acquirers never exceed the limit in any sliding window", { timeout: 60_000 }, async () => {
    const clock = fastClock();
    const limits = { perMinute: 5, perHour: 12 };
    // Two "workers" taking slots at once; each acquire runs its own transactions on the pool.
    const worker = async () => {
      for (let i = 0; i < 8; i++) await acquire("domain-shared", "soap", "runReport", { clock, limits, marginMs: 0 });
    };
    await Promise.all([worker(), worker()]);
    const granted = (await db().rateGrant.findMany({ where: { budget: { domainId: "domain-shared" } } })).map((g) => g.at.getTime());
    expect(granted).toHaveLength(16);
    expect(maxInAnyWindow(granted, 60_000)).toBeLessThanOrEqual(5);
    expect(maxInAnyWindow(granted, 3_600_000)).toBeLessThanOrEqual(12);
    // Used fully: the 13th call had to wait for the hour to free a slot, not longer.
    const sorted = [...granted].sort((a, b) => a - b);
    expect(sorted[12]! - sorted[0]!).toBeGreaterThanOrEqual(3_600_000);
    expect(sorted[12]! - sorted[0]!).toBeLessThan(3_600_000 + 60_000);
  });

  it("honours Retry-After for every worker, and gives up past maxWaitMs", async () => {
    const clock = fastClock();
    // Read before blocking: the fast clock moves on while the block is written.
    const start = clock.now();
    await blockBudget("domain-blocked", "soap", "getReportResultCsv", 120_000, clock);
    await acquire("domain-blocked", "soap", "getReportResultCsv", { clock, marginMs: 0 });
    expect(clock.now() - start).toBeGreaterThanOrEqual(120_000);
    await blockBudget("domain-blocked", "soap", "getReportResultCsv", 3_600_000, clock);
    await expect(acquire("domain-blocked", "soap", "getReportResultCsv", { clock, maxWaitMs: 60_000 })).rejects.toBeInstanceOf(BudgetWaitTooLong);
    // Other classes of the same domain are not blocked.
    await acquire("domain-blocked", "soap", "runReport", { clock });
  });

  it("computes how many calls the published limits allow", () => {
    expect(allowedCalls({ perMinute: 16, perHour: 120, perDay: 800 }, 86_400_000)).toBe(800);
    expect(allowedCalls({ perMinute: 16, perHour: 120, perDay: 800 }, 3_600_000)).toBe(120);
    expect(allowedCalls({ perMinute: 16, perHour: 120 }, 120_000)).toBe(32);
  });
});
