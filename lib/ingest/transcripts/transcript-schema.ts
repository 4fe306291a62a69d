// A call's transcript as Five9 sends it (docs/five9.md §2b; the simulator's
// transcripts route: {callId, sessionId, language, utterances:[{leg, startMs,
// endMs, text}]}) and as we keep it: segments with a speaker and times in ms
// from the call's start, in time order. Anything else is refused, naming the
// call and the first problems, and nothing is stored.
import { z } from "zod";
import { IngestError } from "../recordings/ingest-error";
import { zodMessage } from "../../zod-error";

const utteranceSchema = z
  .object({
    leg: z.string().min(1),
    startMs: z.number().int().nonnegative(),
    endMs: z.number().int().nonnegative(),
    text: z.string(),
  })
  .refine((u) => u.endMs >= u.startMs, { message: "endMs is before startMs", path: ["endMs"] });

export const five9TranscriptSchema = z.object({
  callId: z.union([z.string().min(1), z.number()]).transform(String),
  sessionId: z.string().optional(),
  language: z.string().min(2).optional(),
  utterances: z.array(utteranceSchema),
});

export type Speaker = "agent" | "customer" | "supervisor" | "other";

export interface TranscriptSegment {
  speaker: Speaker;
  startMs: number;
  endMs: number;
  text: string;
}

export interface CallTranscriptData {
  callId: string;
  sessionId?: string;
  language?: string;
  /** Speakers present, in order of first appearance. */
  legs: Speaker[];
  segments: TranscriptSegment[];
}

const SPEAKERS: Record<string, Speaker> = { AGENT: "agent", CUSTOMER: "customer", SUPERVISOR: "supervisor" };

export type TranscriptBodyResult = { ok: true; transcript: CallTranscriptData } | { ok: false; reason: string };

/**
 * Validates a transcript body (text as received) and normalizes it, whoever
 * sent it: the Supervisor API, or a legacy export's `.json` file beside a
 * recording (the simulator's definition of that file is this same shape).
 */
export function readTranscriptBody(body: string): TranscriptBodyResult {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, reason: `the transcript is not JSON (starts with ${JSON.stringify(body.slice(0, 40))})` };
  }
  const parsed = five9TranscriptSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `the transcript does not have the expected shape (${zodMessage(parsed.error, { root: "body", limit: 3 })})` };
  const transcript = parsed.data;
  const segments = transcript.utterances
    .map((u) => ({ speaker: SPEAKERS[u.leg.toUpperCase()] ?? "other", startMs: u.startMs, endMs: u.endMs, text: u.text.trim() }))
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return { ok: true, transcript: { callId: transcript.callId, sessionId: transcript.sessionId, language: transcript.language, legs: [...new Set(segments.map((s) => s.speaker))], segments } };
}

/** Validates a transcript body from the API for `callId` and normalizes it; an IngestError naming the call otherwise. */
export function parseTranscript(callId: string, body: string): CallTranscriptData {
  const read = readTranscriptBody(body);
  if (!read.ok) throw new IngestError("invalid_transcript", callId, read.reason);
  if (read.transcript.callId !== callId) throw new IngestError("invalid_transcript", callId, `the transcript is for call ${read.transcript.callId}`);
  return read.transcript;
}
