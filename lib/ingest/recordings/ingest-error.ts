// Why fetching one call's recording or transcript failed, in a form a job can
// act on: `retryable` = try again later (backoff ran out on a storm, a cut that
// would not resume, the recording not ready yet); otherwise it is a dead letter
// someone must look at (bad credentials, migrated domain, invalid file). Every
// error names the call it concerns.
import { Five9Error, isPermanentFive9Error } from "../../five9/errors";
import { SupervisorCallError } from "./supervisor-client";

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

  constructor(
    readonly kind: IngestErrorKind,
    readonly callId: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`Call ${callId}: ${message}`, { cause: options.cause });
    this.name = "IngestError";
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
  if (signal?.aborted) return new IngestError("aborted", callId, `${what} fetch stopped (the worker is shutting down); nothing was stored`, { cause: error });
  if (error instanceof SupervisorCallError && error.code === "RECORDING_NOT_READY") return new IngestError("not_ready", callId, `Five9 has no ${what} yet: the call has not ended`, { cause: error });
  if (error instanceof SupervisorCallError && error.details.status === 404) return new IngestError("not_found", callId, `Five9 has no ${what} for this call`, { cause: error });
  if (!(error instanceof Five9Error)) return undefined;
  if (error.transient) return new IngestError("transient_exhausted", callId, `gave up after repeated failures: ${error.message}`, { cause: error });
  if (error.kind === "unauthorized") return new IngestError("unauthorized", callId, `Five9 refused the supervisor credentials even after logging in again: ${error.message}`, { cause: error });
  if (error.kind === "migrated" || error.kind === "forbidden") return new IngestError(error.kind, callId, error.message, { cause: error });
  return new IngestError("rejected", callId, error.message, { cause: error });
}
