// When things happen inside a call, as offsets from its start. The SimCall
// only says how many holds and transfers there were; both the gRPC legs and
// the CTI events read this one timeline so they agree to the millisecond.
import type { SimCall } from "../world/types";

/** One LINEAR16 frame: 20 ms = 160 samples = 320 bytes at 8 kHz. */
export const FRAME_MS = 20;

export interface HoldSpan {
  /** Offset where the hold starts (HOLD sent, audio stops). */
  startMs: number;
  /** Offset where the call resumes (RESUME sent, audio continues). */
  endMs: number;
}

export interface CallTimeline {
  holds: HoldSpan[];
  transferAtMs: number | null;
  endMs: number;
}

const alignDown = (ms: number) => Math.floor(ms / FRAME_MS) * FRAME_MS;

/**
 * Holds are spread evenly: hold i is centred at (i+1)/(n+1) of the call and
 * lasts a third of its share of the call, at most 20 s. A transfer (if any)
 * happens at 80% of the call. All offsets fall on frame boundaries.
 */
export function callTimeline(call: SimCall): CallTimeline {
  const endMs = call.durationSec * 1000;
  const n = Math.max(0, call.holds);
  const share = endMs / (n + 1);
  const holdMs = alignDown(Math.min(20_000, share / 3));
  const holds: HoldSpan[] = [];
  if (holdMs >= FRAME_MS) {
    for (let i = 0; i < n; i++) {
      const startMs = alignDown(share * (i + 1) - holdMs / 2);
      holds.push({ startMs, endMs: startMs + holdMs });
    }
  }
  return { holds, transferAtMs: call.transfers > 0 ? alignDown(endMs * 0.8) : null, endMs };
}
