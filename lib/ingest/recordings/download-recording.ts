// Downloads one call's recording from the Supervisor data center straight into
// the blob store: the HTTP body flows through a sha256 and the WAV header
// reader into one upload stream, with backpressure end to end (memory stays
// flat whatever the file size). The upload stream lives across HTTP requests:
// when a response is cut (socket closed, fewer bytes than announced, the
// simulator's truncated_wav), the next request asks for `Range: bytes=<written>-`
// with `If-Range: <etag>` and keeps writing and hashing where it stopped, so the
// stored blob and its hash cover the whole file exactly once. Transient errors
// (429 + Retry-After, 5xx, unreachable, cuts) are retried with backoff; progress
// resets the count, so a long file on a flaky line still completes. Anything
// that fails discards the upload: nothing is left under the final key.
import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import type { Logger } from "pino";
import { recordingBlobKey, type BlobStore } from "../../blob/blob-store";
import { Five9Error } from "../../five9/errors";
import { logger } from "../../log";
import { five9IngestError, IngestError } from "./ingest-error";
import { realSleep } from "../ingest-clock";
import { backoffMs, retryAfterMs } from "../retry";
import { SupervisorCallError, type SupervisorClient } from "./supervisor-client";
import { InvalidWav, WavHeaderReader } from "./wav-header";

export interface RecordingRef {
  callId: string;
  /** Path on the data center, from the recording listing. */
  recordingPath: string;
  /** Size the listing announced, checked against what was received. */
  sizeBytes?: number;
}

export interface DownloadRecordingInput {
  client: SupervisorClient;
  recording: RecordingRef;
  store: BlobStore;
  tenantId: string;
  /** Our call id when it differs from Five9's (defaults to recording.callId). */
  callId?: string;
  signal?: AbortSignal;
  /** A response that sends no byte for this long counts as cut (default 30 s). */
  idleTimeoutMs?: number;
  log?: Logger;
}

export interface DownloadedRecording {
  blobKey: string;
  sha256: string;
  bytes: number;
  durationMs: number;
  contentType: string;
  channels: number;
  sampleRateHz: number;
  /** How many times the download continued with a Range request. */
  resumes: number;
}

/** The file changed between two requests (ETag differs, or Range refused): start over. */
class FileChanged extends Error {}
/** The response ended or stalled before the announced length. */
class Cut extends Error {}

const MAX_RESTARTS = 2;

export async function downloadRecording(input: DownloadRecordingInput): Promise<DownloadedRecording> {
  const callId = input.callId ?? input.recording.callId;
  const log = (input.log ?? logger("ingest.recordings")).child({ tenantId: input.tenantId, callId, five9CallId: input.recording.callId });
  try {
    for (let restarts = 0; ; restarts++) {
      try {
        const result = await new Transfer(input, callId, log).run();
        log.info({ bytes: result.bytes, durationMs: result.durationMs, resumes: result.resumes, sha256: result.sha256 }, "Recording stored");
        return result;
      } catch (error) {
        if (!(error instanceof FileChanged) || restarts >= MAX_RESTARTS) throw error;
        log.warn({ reason: error.message }, "Recording changed on the server during download; starting over");
      }
    }
  } catch (error) {
    const typed = asIngestError(error, callId, input.signal);
    log[typed.retryable ? "warn" : "error"]({ kind: typed.kind, retryable: typed.retryable, err: typed.cause ?? typed }, typed.message);
    throw typed;
  }
}

function asIngestError(error: unknown, callId: string, signal?: AbortSignal): IngestError {
  const five9 = five9IngestError(error, callId, "recording", signal);
  if (five9) return five9;
  if (error instanceof InvalidWav) return new IngestError("invalid_wav", callId, `the recording is not a valid WAV: ${error.message}`, { cause: error });
  if (error instanceof FileChanged) return new IngestError("transient_exhausted", callId, `the recording kept changing during download (${error.message})`, { cause: error });
  return new IngestError("store_failed", callId, `could not store the recording: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** `sha-256=:base64:` (RFC 9530) or `SHA-256=base64` (RFC 3230), if Five9 offers one. */
function offeredSha256(headers: Headers): string | undefined {
  const value = headers.get("repr-digest") ?? headers.get("digest");
  const m = value && /sha-256=:?([A-Za-z0-9+/=]+):?/i.exec(value);
  return m ? Buffer.from(m[1]!, "base64").toString("hex") : undefined;
}

function contentRange(header: string | null): { start: number; size?: number } | undefined {
  const m = header && /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header.trim());
  return m ? { start: Number(m[1]), size: m[2] === "*" ? undefined : Number(m[2]) } : undefined;
}

/** One pass over the file into one upload; retries and resumes inside it. */
class Transfer {
  private readonly hash = createHash("sha256");
  private readonly sink = new PassThrough({ highWaterMark: 1024 * 1024 });
  private readonly uploadAbort = new AbortController();
  private storeError: unknown;
  private written = 0;
  private total?: number;
  private etag?: string;
  private offeredSha?: string;
  private contentType = "audio/wav";
  private wav?: WavHeaderReader;
  private resumes = 0;

  constructor(private readonly input: DownloadRecordingInput, private readonly callId: string, private readonly log: Logger) {}

  async run(): Promise<DownloadedRecording> {
    const key = recordingBlobKey(this.input.tenantId, this.callId);
    const signal = this.input.signal ? AbortSignal.any([this.uploadAbort.signal, this.input.signal]) : this.uploadAbort.signal;
    const stored = this.input.store.put(key, this.sink, { contentType: "audio/wav", signal });
    stored.catch((error: unknown) => (this.storeError ??= error));
    try {
      await this.receiveAll();
      const info = this.wav!.finish(this.written);
      const sha256 = this.hash.digest("hex");
      if (this.input.recording.sizeBytes !== undefined && this.written !== this.input.recording.sizeBytes) {
        throw new IngestError("size_mismatch", this.callId, `received ${this.written} bytes but the listing announced ${this.input.recording.sizeBytes}`);
      }
      if (this.offeredSha && this.offeredSha !== sha256) throw new IngestError("checksum_mismatch", this.callId, `sha256 ${sha256} differs from the digest Five9 sent (${this.offeredSha})`);
      this.sink.end();
      const blob = await stored;
      if (blob.bytes !== this.written) throw new IngestError("store_failed", this.callId, `the store holds ${blob.bytes} bytes, ${this.written} were received`);
      return { blobKey: key, sha256, bytes: this.written, durationMs: info.durationMs, contentType: this.contentType, channels: info.channels, sampleRateHz: info.sampleRateHz, resumes: this.resumes };
    } catch (error) {
      this.uploadAbort.abort(error);
      this.sink.destroy();
      await stored.catch(() => undefined);
      throw error;
    }
  }

  private async receiveAll(): Promise<void> {
    const retry = this.input.client.retry;
    let failures = 0;
    for (;;) {
      const before = this.written;
      try {
        if (await this.receiveOnce()) return;
        throw new Cut(`the response ended after ${this.written} of ${this.total} bytes`);
      } catch (error) {
        if (this.input.signal?.aborted || this.storeError) throw this.storeError ?? error;
        const transient = error instanceof Cut || (error instanceof Five9Error && error.transient);
        if (!transient) throw error;
        // Progress since the last failure means a cut line, not a storm: the count starts again.
        failures = this.written > before ? 1 : failures + 1;
        if (failures >= retry.attempts) throw error;
        const delay = backoffMs(failures - 1, retry, Math.random, error instanceof Five9Error ? retryAfterMs(error) : undefined);
        this.log.warn({ reason: error.message, written: this.written, total: this.total, failures, delayMs: delay }, "Recording download interrupted; retrying");
        await realSleep(delay, this.input.signal);
      }
    }
  }

  /** One HTTP request from `written` on; true when the file is complete. */
  private async receiveOnce(): Promise<boolean> {
    const attempt = new AbortController();
    const idleMs = this.input.idleTimeoutMs ?? 30_000;
    let idle = setTimeout(() => attempt.abort(new Cut(`no data for ${idleMs} ms`)), idleMs);
    const signal = this.input.signal ? AbortSignal.any([attempt.signal, this.input.signal]) : attempt.signal;
    const resuming = this.written > 0;
    try {
      const headers: Record<string, string> = { accept: "audio/wav, audio/*;q=0.9, */*;q=0.1" };
      if (resuming) {
        headers.range = `bytes=${this.written}-`;
        if (this.etag) headers["if-range"] = this.etag;
      }
      const response = await this.input.client.send(this.input.recording.recordingPath, { what: `Recording download for call ${this.input.recording.callId}`, headers, signal }).catch((error: unknown) => {
        // 416: our offset is past the end, so the file is not the one we started.
        throw error instanceof SupervisorCallError && error.details.status === 416 ? new FileChanged("the server refused our resume offset (416)") : error;
      });
      let skip = this.acceptResponse(response, resuming);
      if (resuming) this.resumes++;
      const reader = response.body!.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read().catch((error: unknown) => {
            throw attempt.signal.aborted ? attempt.signal.reason : new Cut(`connection lost (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)})`);
          });
          if (done) break;
          clearTimeout(idle);
          idle = setTimeout(() => attempt.abort(new Cut(`no data for ${idleMs} ms`)), idleMs);
          let chunk = value;
          if (skip > 0) {
            // The server ignored our Range but sent the same file: drop what we already have.
            const dropped = Math.min(skip, chunk.length);
            skip -= dropped;
            chunk = chunk.subarray(dropped);
            if (chunk.length === 0) continue;
          }
          if (this.total !== undefined && this.written + chunk.length > this.total) {
            throw new IngestError("size_mismatch", this.callId, `the server sent more than the ${this.total} bytes it announced`);
          }
          this.wav!.push(chunk);
          this.hash.update(chunk);
          this.written += chunk.length;
          if (!this.sink.write(chunk)) {
            // A slow store is not a stalled line: the idle clock stops while we wait for it.
            clearTimeout(idle);
            await this.drained();
            idle = setTimeout(() => attempt.abort(new Cut(`no data for ${idleMs} ms`)), idleMs);
          }
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
      return this.total === undefined || this.written === this.total;
    } finally {
      clearTimeout(idle);
    }
  }

  /** Checks a response against what we have so far; returns how many leading body bytes to drop. */
  private acceptResponse(response: Response, resuming: boolean): number {
    const etag = response.headers.get("etag") ?? undefined;
    const strongEtag = etag && !etag.startsWith("W/") ? etag : undefined;
    if (!resuming) {
      const length = Number(response.headers.get("content-length") ?? NaN);
      this.total = Number.isFinite(length) ? length : this.input.recording.sizeBytes;
      this.etag = strongEtag;
      this.offeredSha = offeredSha256(response.headers);
      this.contentType = (response.headers.get("content-type") ?? "audio/wav").split(";")[0]!.trim();
      this.wav = new WavHeaderReader(this.total ?? Number.MAX_SAFE_INTEGER);
      return 0;
    }
    if (response.status === 206) {
      const range = contentRange(response.headers.get("content-range"));
      if (!range || range.start !== this.written) throw new FileChanged(`asked for bytes from ${this.written}, got ${response.headers.get("content-range")}`);
      if (range.size !== undefined && this.total !== undefined && range.size !== this.total) throw new FileChanged(`size changed from ${this.total} to ${range.size}`);
      return 0;
    }
    // 200 to a Range request: the whole file again. Same strong ETag → same bytes, skip ours; else it changed.
    if (this.etag && strongEtag === this.etag) return this.written;
    throw new FileChanged(`the server answered ${response.status} with ETag ${etag ?? "none"} to a resume`);
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        this.sink.off("drain", done);
        this.sink.off("close", closed);
        resolve();
      };
      const closed = () => {
        this.sink.off("drain", done);
        reject(this.storeError ?? new Error("the blob store stopped reading"));
      };
      this.sink.once("drain", done);
      this.sink.once("close", closed);
    });
  }
}
