// The autumn fall-back day and the 50,000-row cap, against the simulator.
import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { SIM_NOW, fastSync, simulatorPerFile, storedCounts, tenantWithDomain } from "../../../test/support/ingest";
import { loadCallLogSource } from "./call-log-source";
import { ingestWindows } from "./ingest-windows";
import { syncCallLog } from "./sync-call-log";

const ctx = simulatorPerFile({ seed: 5 });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const second = (ms: number) => Math.floor(ms / 1000) * 1000;

async function expectExactStarts(tenantId: string, truth: { callId: string; startedAt: Date }[]) {
  const stored = new Map((await db().call.findMany({ where: { tenantId }, select: { five9CallId: true, startedAt: true } })).map((c) => [c.five9CallId, c.startedAt.getTime()]));
  expect(stored.size).toBe(truth.length);
  for (const call of truth) expect(stored.get(call.callId), call.callId).toBe(second(call.startedAt.getTime()));
}

describe("DST fall-back day (America/Los_Angeles, 1 Nov 2026)", () => {
  const from = Date.parse("2026-11-01T06:00:00Z");
  const to = Date.parse("2026-11-01T12:00:00Z");

  it("stores every call of the repeated hour at its true instant (windows split at the change)", async () => {
    const t = await tenantWithDomain(ctx.sim, { timeZone: "America/Los_Angeles" });
    ctx.sim.world.addCalls(t.domain.id, 400, new Date(from), new Date(to));
    const truth = ctx.sim.world.finishedCallsBetween(t.domain.id, new Date(from - HOUR), new Date(to + HOUR));
    expect(truth.some((c) => c.startedAt.getTime() >= Date.parse("2026-11-01T08:00:00Z") && c.startedAt.getTime() < Date.parse("2026-11-01T10:00:00Z"))).toBe(true);
    const result = await syncCallLog(t.tenantId, fastSync(ctx.sim, { initialLookbackMs: SIM_NOW - from + HOUR, maxWindowMs: 30 * DAY }));
    expect(result.outcome, result.error).toBe("ok");
    expect(result.totals?.windows).toBe(2);
    await expectExactStarts(t.tenantId, truth);
  });

  it("resolves the repeated hour by row order inside one window that spans the change", async () => {
    const t = await tenantWithDomain(ctx.sim, { timeZone: "America/Los_Angeles" });
    ctx.sim.world.addCalls(t.domain.id, 400, new Date(from), new Date(to));
    const truth = ctx.sim.world.finishedCallsBetween(t.domain.id, new Date(from), new Date(to));
    const source = await loadCallLogSource(t.tenantId, fastSync(ctx.sim));
    expect(source.timeZone).toBe("America/Los_Angeles");
    await ingestWindows(source, [{ from, to }], fastSync(ctx.sim));
    await expectExactStarts(t.tenantId, truth);
  });
});

describe("the 50,000-row cap", () => {
  it("splits a full window in halves and stores every call once", { timeout: 180_000 }, async () => {
    const t = await tenantWithDomain(ctx.sim);
    ctx.sim.world.addCalls(t.domain.id, 56_000, new Date(SIM_NOW - 23 * HOUR), new Date(SIM_NOW - 2 * HOUR));
    const truth = ctx.sim.world.finishedCallsBetween(t.domain.id, new Date(SIM_NOW - DAY), new Date(SIM_NOW));
    const result = await syncCallLog(t.tenantId, fastSync(ctx.sim, { maxWindowMs: DAY }));
    expect(result.outcome, result.error).toBe("ok");
    expect(result.totals?.splits).toBe(1);
    expect(result.totals?.windows).toBe(2);
    expect(await storedCounts(t.tenantId)).toEqual({ rows: truth.length, distinct: truth.length });
  });
});
