// Transcripts: one utterance per conversation turn, with words invented from
// the call's seed. Times match the audio (same turns).
import { conversationTurns } from "./conversation";
import { rngFor } from "./random";
import type { CallLeg, SimCall } from "./types";

export interface Utterance {
  leg: CallLeg;
  startMs: number;
  endMs: number;
  text: string;
}

export interface Transcript {
  callId: string;
  sessionId: string;
  language: string;
  utterances: Utterance[];
}

const AGENT_WORDS = ["thank", "you", "for", "calling", "how", "can", "I", "help", "let", "me", "check", "that", "account", "order", "today", "sure", "one", "moment", "please", "refund", "appointment", "confirm"];
const CUSTOMER_WORDS = ["hi", "yes", "I", "need", "help", "with", "my", "bill", "order", "it", "never", "arrived", "card", "number", "okay", "great", "thanks", "when", "will", "that", "happen"];

/**
 * Whether Five9 has a transcript of the call: every recorded call an agent
 * took (the Supervisor route serves one for every recorded call; the legacy
 * export writes one beside every such recording when its transcripts option is on).
 */
export function hasTranscript(call: SimCall): boolean {
  return call.recorded && !call.abandoned && call.agentUsername !== null;
}

export function transcriptFor(call: SimCall): Transcript {
  const utterances = conversationTurns(call).map((turn, index) => {
    const rng = rngFor(call.sessionId, "words", index);
    const words = turn.leg === "AGENT" ? AGENT_WORDS : CUSTOMER_WORDS;
    // About 2.5 words a second, like speech.
    const count = Math.max(2, Math.round(((turn.endMs - turn.startMs) / 1000) * 2.5));
    const text = Array.from({ length: count }, () => rng.pick(words)).join(" ");
    return { leg: turn.leg, startMs: turn.startMs, endMs: turn.endMs, text: text[0]!.toUpperCase() + text.slice(1) + "." };
  });
  return { callId: call.callId, sessionId: call.sessionId, language: "en-US", utterances };
}
