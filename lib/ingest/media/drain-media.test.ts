// The media job's loop: batches back to back while they come back full,
// stopping when the work runs out, when its time is up (then asking for a
// follow-up run), on shutdown, and on a stopped or failing stream.
import { describe, expect, it } from "vitest";
import { drainMedia, type IngestMediaOptions, type MediaTotals } from "./ingest-media";

type Outcome = "ok" | "idle" | "stopped" | "not_ready";

/** A stand-in batch runner answering from a script; each batch advances the fake clock by `stepMs`. */
function scripted(batches: { outcome: Outcome; calls: number; failed?: number }[], clock: { t: number }, stepMs = 10) {
  const seen: IngestMediaOptions[] = [];
  const ingest = async (_tenantId: string, options: IngestMediaOptions) => {
    seen.push(options);
    clock.t += stepMs;
    const next = batches.shift() ?? { outcome: "idle" as const, calls: 0 };
    const failed = "failed" in next ? (next.failed ?? 0) : 0;
    const totals: MediaTotals = { calls: next.calls, recordings: next.calls - 1 - failed, transcripts: next.calls - 1 - failed, none: 1, failed };
    return { outcome: next.outcome, totals };
  };
  return { ingest, seen };
}

describe("drainMedia", () => {
  it("runs full batches back to back and ends when a batch is not full", async () => {
    const clock = { t: 0 };
    const { ingest, seen } = scripted([{ outcome: "ok", calls: 5 }, { outcome: "ok", calls: 5 }, { outcome: "ok", calls: 2 }], clock);
    let renewals = 0;
    const result = await drainMedia("t1", { batch: 5, runMs: 1_000, now: () => clock.t, ingest, afterBatch: async () => void renewals++ });
    expect(result).toEqual({ outcome: "ok", more: false, totals: { batches: 3, calls: 12, recordings: 9, transcripts: 9, none: 3, failed: 0 } });
    expect(seen.map((o) => o.maxCalls)).toEqual([5, 5, 5]);
    expect(renewals).toBe(3);
  });

  it("stops when most of a full batch failed, leaving the rest to the scheduler", async () => {
    const clock = { t: 0 };
    const { ingest } = scripted([{ outcome: "ok", calls: 6, failed: 1 }, { outcome: "ok", calls: 6, failed: 3 }, { outcome: "ok", calls: 6 }], clock);
    const result = await drainMedia("t1", { batch: 6, runMs: 60_000, now: () => clock.t, ingest });
    expect(result).toMatchObject({ outcome: "ok", more: false, totals: { batches: 2, failed: 4 } });
  });

  it("stops when its time is up and says more calls are waiting", async () => {
    const clock = { t: 0 };
    const { ingest } = scripted(Array.from({ length: 100 }, () => ({ outcome: "ok" as const, calls: 5 })), clock, 100);
    const result = await drainMedia("t1", { batch: 5, runMs: 350, now: () => clock.t, ingest });
    expect(result.more).toBe(true);
    expect(result.totals.batches).toBe(4);
  });

  it("stops at shutdown after the batch under way", async () => {
    const clock = { t: 0 };
    const controller = new AbortController();
    const { ingest } = scripted([{ outcome: "ok", calls: 5 }, { outcome: "ok", calls: 5 }], clock);
    const aborting = async (tenantId: string, options: IngestMediaOptions) => {
      const result = await ingest(tenantId, options);
      controller.abort();
      return result;
    };
    const result = await drainMedia("t1", { batch: 5, runMs: 60_000, now: () => clock.t, ingest: aborting, signal: controller.signal });
    expect(result).toMatchObject({ more: true, totals: { batches: 1 } });
  });

  it("does not go on after a stopped stream or when there is nothing to do", async () => {
    const clock = { t: 0 };
    const stopped = scripted([{ outcome: "ok", calls: 5 }, { outcome: "stopped", calls: 0 }, { outcome: "ok", calls: 5 }], clock);
    expect(await drainMedia("t1", { batch: 5, now: () => clock.t, ingest: stopped.ingest })).toMatchObject({ outcome: "stopped", more: false, totals: { batches: 2 } });
    const idle = scripted([{ outcome: "idle", calls: 0 }], clock);
    expect(await drainMedia("t1", { batch: 5, now: () => clock.t, ingest: idle.ingest })).toMatchObject({ outcome: "idle", more: false, totals: { batches: 1 } });
  });
});
