// Fetches one call's transcript from the Supervisor data center and returns it
// validated and normalized (transcript-schema.ts). Persistence-agnostic: the
// caller stores the segments. Transient failures are retried by the client;
// every failure is an IngestError naming the call, logged once here.
import type { Logger } from "pino";
import { logger } from "../../log";
import { five9IngestError, IngestError } from "../recordings/ingest-error";
import type { SupervisorClient } from "../recordings/supervisor-client";
import { parseTranscript, type CallTranscriptData } from "./transcript-schema";

export interface FetchTranscriptInput {
  client: SupervisorClient;
  /** Five9's call id. */
  callId: string;
  /** From the recording listing; defaults to the supervisor's transcripts path. */
  transcriptPath?: string;
  signal?: AbortSignal;
  log?: Logger;
}

export async function fetchTranscript(input: FetchTranscriptInput): Promise<CallTranscriptData> {
  const log = (input.log ?? logger("ingest.transcripts")).child({ five9CallId: input.callId });
  try {
    const path = input.transcriptPath ?? `/supsvcs/rs/svc/supervisors/${encodeURIComponent((await input.client.current()).userId)}/transcripts/${encodeURIComponent(input.callId)}`;
    const what = `Transcript of call ${input.callId}`;
    const body = await input.client.withRetry({ what, signal: input.signal }, async () => {
      const signal = AbortSignal.any([AbortSignal.timeout(30_000), ...(input.signal ? [input.signal] : [])]);
      const response = await input.client.send(path, { what, signal });
      return response.text();
    });
    const transcript = parseTranscript(input.callId, body);
    log.info({ segments: transcript.segments.length, legs: transcript.legs }, "Transcript fetched");
    return transcript;
  } catch (error) {
    const typed = asIngestError(error, input.callId, input.signal);
    log[typed.retryable ? "warn" : "error"]({ kind: typed.kind, retryable: typed.retryable }, typed.message);
    throw typed;
  }
}

function asIngestError(error: unknown, callId: string, signal?: AbortSignal): IngestError {
  return five9IngestError(error, callId, "transcript", signal) ?? new IngestError("rejected", callId, error instanceof Error ? error.message : String(error), { cause: error });
}
