// The shape of a conversation: who speaks when. Audio and transcript are both
// derived from these turns, so the words in the transcript line up with the
// sound in the recording and on the live stream.
import { rngFor } from "./random";
import type { CallLeg, SimCall } from "./types";

export interface Turn {
  leg: CallLeg;
  startMs: number;
  endMs: number;
}

const cache = new Map<string, Turn[]>();
const CACHE_LIMIT = 512;

export function conversationTurns(call: SimCall): Turn[] {
  // The session id differs per seed; the same call id can exist in two worlds.
  const key = `${call.sessionId}:${call.durationSec}:${call.abandoned}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rng = rngFor(call.sessionId, "turns");
  const totalMs = call.durationSec * 1000;
  const turns: Turn[] = [];
  // An abandoned call is a customer waiting: no agent speech.
  let leg: CallLeg = call.callType === "INBOUND" ? "AGENT" : "CUSTOMER";
  let t = 400;
  while (t < totalMs - 500) {
    const speaker: CallLeg = call.abandoned ? "CUSTOMER" : leg;
    const length = rng.int(1200, 6000);
    const endMs = Math.min(t + length, totalMs - 200);
    turns.push({ leg: speaker, startMs: t, endMs });
    t = endMs + rng.int(250, 900);
    leg = leg === "AGENT" ? "CUSTOMER" : "AGENT";
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, turns);
  return turns;
}
