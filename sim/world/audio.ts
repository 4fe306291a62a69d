// Synthetic speech-like audio: during a leg's turns, a voiced tone (pitch per
// call and leg, with harmonics) shaped by a syllable envelope; silence with a
// little line noise elsewhere. Computed per sample, so any range is cheap and
// the same (call, leg, range) always gives the same samples.
import { conversationTurns } from "./conversation";
import { hash32 } from "./random";
import { SAMPLE_RATE_HZ, type CallLeg, type RenderLegPcm, type SimCall } from "./types";

function voice(call: SimCall, leg: CallLeg) {
  const h = hash32(call.sessionId, leg);
  const base = leg === "AGENT" ? 170 : 110;
  return { f0: base + (h % 90), syllableHz: 3 + ((h >>> 8) % 30) / 10, noiseSeed: h };
}

/** Cheap deterministic noise in [-1, 1) for sample n. */
function noise(seed: number, n: number): number {
  let x = (seed ^ Math.imul(n, 0x9e3779b1)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  return (x / 4294967296) * 2 - 1;
}

export const renderLegPcm: RenderLegPcm = (call, leg, fromSample, count) => {
  const out = new Int16Array(Math.max(0, count));
  const totalSamples = call.durationSec * SAMPLE_RATE_HZ;
  const turns = conversationTurns(call).filter((t) => t.leg === leg);
  const { f0, syllableHz, noiseSeed } = voice(call, leg);
  let turnIndex = 0;
  for (let k = 0; k < out.length; k++) {
    const n = fromSample + k;
    if (n < 0 || n >= totalSamples) continue;
    const ms = (n * 1000) / SAMPLE_RATE_HZ;
    while (turnIndex < turns.length && turns[turnIndex]!.endMs <= ms) turnIndex++;
    const turn = turns[turnIndex];
    let value = noise(noiseSeed, n) * 40; // line noise
    if (turn && turn.startMs <= ms) {
      const t = n / SAMPLE_RATE_HZ;
      const envelope = Math.max(0, Math.sin(Math.PI * syllableHz * (ms - turn.startMs) / 1000)) ** 0.6;
      const tone = Math.sin(2 * Math.PI * f0 * t) + 0.5 * Math.sin(4 * Math.PI * f0 * t) + 0.25 * Math.sin(6 * Math.PI * f0 * t);
      value += envelope * tone * 5200;
    }
    out[k] = Math.max(-32768, Math.min(32767, Math.round(value)));
  }
  return out;
};
