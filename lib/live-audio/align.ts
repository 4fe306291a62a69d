// Where a leg's timeline sits in the call's recording. The recording starts
// when the call starts, so the first estimate is (leg's first audio − the
// call's start). Call.startedAt from the call log has whole seconds only, so
// the estimate is refined by cross-correlating a stretch of the leg's own
// audio with the recording within ±1.5 s of it: the lag where they agree best
// (normalised correlation above MIN_CORRELATION) is taken; otherwise the
// estimate stands. With a mono mix the other party is uncorrelated with the
// leg, so the peak is still the leg's own place.
import { SAMPLE_RATE_HZ } from "../realtime/leg-timeline";

const SAMPLES_PER_MS = SAMPLE_RATE_HZ / 1000;
const SEARCH_MS = 1500;
const WINDOW_MS = 1000;
export const MIN_CORRELATION = 0.5;

export interface Alignment {
  /** Recording sample of the leg timeline's 0 ms (may be negative: the leg began before the recording). */
  offsetSamples: number;
  /** How it was found. */
  by: "correlation" | "call_start";
  correlation: number;
}

/** A stretch of the leg where it has real audio (not a gap, not silence), as [fromSample, toSample). */
function referenceWindow(leg: Int16Array, holes: { fromMs: number; toMs: number }[]): [number, number] | undefined {
  const size = WINDOW_MS * SAMPLES_PER_MS;
  const inHole = (s: number, e: number) => holes.some((h) => s < h.toMs * SAMPLES_PER_MS && e > h.fromMs * SAMPLES_PER_MS);
  let best: [number, number] | undefined;
  let bestEnergy = 0;
  for (let s = 0; s + size <= leg.length; s += size / 2) {
    if (inHole(s, s + size)) continue;
    let energy = 0;
    for (let i = s; i < s + size; i += 4) energy += leg[i]! * leg[i]!;
    if (energy > bestEnergy) [best, bestEnergy] = [[s, s + size], energy];
  }
  return best;
}

function correlationAt(leg: Int16Array, [from, to]: [number, number], rec: Int16Array, offset: number, step: number): number {
  let dot = 0;
  let a2 = 0;
  let b2 = 0;
  for (let i = from; i < to; i += step) {
    const j = i + offset;
    if (j < 0 || j >= rec.length) return 0;
    const a = leg[i]!;
    const b = rec[j]!;
    dot += a * b;
    a2 += a * a;
    b2 += b * b;
  }
  return a2 > 0 && b2 > 0 ? dot / Math.sqrt(a2 * b2) : 0;
}

export function alignLeg(leg: Int16Array, holes: { fromMs: number; toMs: number }[], rec: Int16Array, estimateSamples: number): Alignment {
  const fallback: Alignment = { offsetSamples: estimateSamples, by: "call_start", correlation: 0 };
  const window = referenceWindow(leg, holes);
  if (!window) return fallback;
  const search = SEARCH_MS * SAMPLES_PER_MS;
  // Coarse (every 4th lag, every 4th sample), then every lag around the best coarse one.
  let best = { offset: estimateSamples, c: -1 };
  for (let d = -search; d <= search; d += 4) {
    const c = correlationAt(leg, window, rec, estimateSamples + d, 4);
    if (c > best.c) best = { offset: estimateSamples + d, c };
  }
  const coarse = best.offset;
  best = { offset: coarse, c: correlationAt(leg, window, rec, coarse, 1) };
  for (let d = -4; d <= 4; d++) {
    const c = correlationAt(leg, window, rec, coarse + d, 1);
    if (c > best.c) best = { offset: coarse + d, c };
  }
  return best.c >= MIN_CORRELATION ? { offsetSamples: best.offset, by: "correlation", correlation: Math.round(best.c * 1000) / 1000 } : fallback;
}
