import { describe, expect, it } from "vitest";
import { Five9Error } from "../five9/errors";
import type { IngestClock } from "./ingest-clock";
import { backoffMs, DEFAULT_RETRY, retryAfterMs, withRetry } from "./retry";

const policy = { ...DEFAULT_RETRY, baseMs: 100, maxMs: 1_000 };

/** A clock that records the waits instead of sleeping them. */
function recordingClock(): IngestClock & { waits: number[] } {
  const waits: number[] = [];
  return { waits, now: () => 0, sleep: async (ms) => void waits.push(ms) };
}

describe("backoff", () => {
  it("grows exponentially with full jitter, capped at the maximum", () => {
    expect(backoffMs(0, policy, () => 0.999)).toBe(100);
    expect(backoffMs(0, policy, () => 0)).toBe(0);
    expect(backoffMs(2, policy, () => 0.5)).toBe(200);
    expect(backoffMs(10, policy, () => 0.999)).toBe(999);
  });

  it("never waits less than Retry-After, but a huge Retry-After is capped", () => {
    expect(backoffMs(0, policy, () => 0, 5_000)).toBe(5_000);
    expect(backoffMs(0, { ...policy, maxRetryAfterMs: 60_000 }, () => 0, 86_400_000)).toBe(60_000);
    expect(backoffMs(3, policy, () => 0.999, 10)).toBe(799);
  });

  it("reads Retry-After from the 429 or from a SOAP limit fault's text", () => {
    expect(retryAfterMs(new Five9Error("rate_limited", "429", { retryAfterSeconds: 7 }))).toBe(7_000);
    expect(retryAfterMs(new Five9Error("rate_limited", "Limit of 10 runReport per minute reached. Try again in 42 s"))).toBe(42_000);
    expect(retryAfterMs(new Five9Error("server_error", "boom"))).toBeUndefined();
  });
});

describe("withRetry", () => {
  it("retries transient failures and returns the first success", async () => {
    const clock = recordingClock();
    const seen: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 2) throw new Five9Error(attempt === 0 ? "server_error" : "rate_limited", "try again", { retryAfterSeconds: attempt === 1 ? 3 : undefined });
        return "ok";
      },
      { ...policy, clock, random: () => 0 },
    );
    expect(result).toBe("ok");
    expect(seen).toEqual([0, 1, 2]);
    expect(clock.waits).toEqual([0, 3_000]);
  });

  it("throws a permanent failure at once", async () => {
    const clock = recordingClock();
    let calls = 0;
    const refused = new Five9Error("unauthorized", "bad password");
    await expect(
      withRetry(async () => {
        calls++;
        throw refused;
      }, { clock }),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it("gives up after the allowed tries with the last error", async () => {
    const clock = recordingClock();
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new Five9Error("unreachable", `down ${calls}`);
      }, { ...policy, attempts: 4, clock }),
    ).rejects.toThrow("down 4");
    expect(calls).toBe(4);
    expect(clock.waits).toHaveLength(3);
  });

  it("stops retrying once the signal aborts", async () => {
    const controller = new AbortController();
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        controller.abort();
        throw new Five9Error("server_error", "503");
      }, { signal: controller.signal, clock: recordingClock() }),
    ).rejects.toThrow("503");
    expect(calls).toBe(1);
  });
});
