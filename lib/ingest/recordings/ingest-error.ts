// Why fetching one call's recording or transcript failed, in a form a job can
// act on: `retryable` = try again later (backoff ran out on a storm, a cut that
// would not resume, the recording not ready yet); otherwise it is a dead letter
// someone must look at (bad credentials, migrated domain, invalid file). Every
// error names the call it concerns.
import { Five9Error, isPermanentFive9Error } from "../../five9/errors";
import { SupervisorCallError } from "./supervisor-client";

export type MediaSubject = "recording" | "transcript";

export type IngestErrorKind =
  | "invalid_wav"
  | "invalid_transcript"
  | "size_mismatch"
  | "checksum_mismatch"
  | "not_found"
  | "not_ready"
  | "unauthorized"
  | "forbidden"
  | "rejected"
  | "migrated"
  | "transient_exhausted"
  | "aborted"
  | "store_failed";

const RETRYABLE: ReadonlySet<IngestErrorKind> = new Set(["not_ready", "transient_exhausted", "aborted", "store_failed", "size_mismatch", "checksum_mismatch"]);

export class IngestError extends Error {
  readonly retryable: boolean;
  /** Five9 refused in a way retrying cannot fix (isPermanentFive9Error): the tenant's media stream stops. */
  readonly permanent: boolean;
  /** What was being fetched. */
  readonly subject: MediaSubject;

  constructor(
    readonly kind: IngestErrorKind,
    readonly callId: string,
    message: string,
    options: { cause?: unknown; subject?: MediaSubject } = {},
  ) {
    super(`Call ${callId}: ${message}`, { cause: options.cause });
    this.name = "IngestError";
    this.subject = options.subject ?? (kind === "invalid_transcript" ? "transcript" : "recording");
    this.retryable = RETRYABLE.has(kind);
    this.permanent = isPermanentFive9Error(options.cause);
  }
}

/**
 * The IngestError for a failure talking to Five9 (or a stop), shared by the
 * recording and transcript fetchers; undefined when the error is something
 * else, which the caller classifies.
 */
export function five9IngestError(error: unknown, callId: string, what: "recording" | "transcript", signal?: AbortSignal): IngestError | undefined {
  if (error instanceof IngestError) return error;
  if (signal?.aborted) return new IngestError("aborted", callId, `${what} fetch stopped (the worker is shutting down); nothing was stored`, { cause: error, subject: what });
  if (error instanceof SupervisorCallError && error.code === "RECORDING_NOT_READY") return new IngestError("not_ready", callId, `Five9 has no ${what} yet: the call has not ended`, { cause: error, subject: what });
  if (error instanceof SupervisorCallError && error.details.status === 404) return new IngestError("not_found", callId, `Five9 has no ${what} for this call`, { cause: error, subject: what });
  if (!(error instanceof Five9Error)) return undefined;
  if (error.transient) return new IngestError("transient_exhausted", callId, `gave up after repeated failures: ${error.message}`, { cause: error, subject: what });
  if (error.kind === "unauthorized") return new IngestError("unauthorized", callId, `Five9 refused the supervisor credentials even after logging in again: ${error.message}`, { cause: error, subject: what });
  if (error.kind === "migrated" || error.kind === "forbidden") return new IngestError(error.kind, callId, error.message, { cause: error, subject: what });
  return new IngestError("rejected", callId, error.message, { cause: error, subject: what });
}

/** The Five9 answer behind an error, following its causes. */
function five9CauseOf(error: unknown): Five9Error | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) if (e instanceof Five9Error) return e;
  return undefined;
}

/**
 * A media dead letter's reason, in words that say what happened: what Five9
 * answered ("Five9 answered 500 on the recording download"), or what was
 * wrong with what it sent, or that Loris could not store it.
 */
export function mediaFailureReason(error: unknown): string {
  const subject = error instanceof IngestError ? error.subject : "recording";
  const five9 = five9CauseOf(error);
  if (five9?.details.status) return `Five9 answered ${five9.details.status} on the ${subject} download`;
  if (five9?.kind === "unreachable") return `Five9 could not be reached for the ${subject} download`;
  if (five9?.kind === "bad_response") return `Five9's answer to the ${subject} download could not be read`;
  if (error instanceof IngestError) {
    switch (error.kind) {
      case "invalid_wav": return "The recording Five9 sent is not a valid WAV file";
      case "invalid_transcript": return "The transcript Five9 sent could not be read";
      case "size_mismatch": return "The recording Five9 sent is not the size its listing announced";
      case "checksum_mismatch": return "The recording Five9 sent does not match its checksum";
      case "not_found": return `Five9 has no ${subject} for this call`;
      case "not_ready": return `Five9 has no ${subject} for this call yet`;
      case "store_failed": return `Loris could not store the ${subject} (file storage failed)`;
      case "transient_exhausted": return `The ${subject} download kept failing (cut off or changing) and Loris gave up for now`;
      default: break;
    }
  }
  return `The ${subject} could not be stored: ${error instanceof Error ? error.message : String(error)}`;
}
