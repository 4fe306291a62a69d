// Reading one stable legacy file into the blob store: the bytes flow through
// a sha256 and a byte count into one atomic put (memory stays flat), then are
// checked — the listed size was received, a WAV is whole (its header's length
// is there), a transcript has the API transcript's shape (validated with the
// same zod schema, its segments kept on the row for matching) — and compared by content hash with what
// the tenant already has, so a re-upload under another name keeps no second
// blob. Each outcome leaves the file with a status and a reason a person can act on.
import { createHash } from "node:crypto";
import { Prisma } from "@prisma/client";
import { Transform } from "node:stream";
import { tenantBlobPrefix, type BlobStore } from "../blob/blob-store";
import { db } from "../db";
import { InvalidWav, parseWavHeader } from "../ingest/recordings/wav-header";
import { readTranscriptBody, type TranscriptSegment } from "../ingest/transcripts/transcript-schema";
import { isNotFoundError, type ExportClient } from "./export-client";

const HEAD_BYTES = 64 * 1024;
/** A transcript is read whole to validate it; one larger than this is refused (a long call's is a few hundred KB). */
export const MAX_TRANSCRIPT_BYTES = 8 * 1024 * 1024;

export interface LegacyFileRow {
  id: string;
  path: string;
  kind: string;
  size: bigint;
}

/** What happened to one read: imported, duplicate, refused (bad content), or a failure class that decides what the poll does next. */
export type ReadOutcome =
  | { status: "imported" | "duplicate" | "refused" }
  | { status: "failed"; failure: "denied" | "gone" | "connection" | "short"; reason: string };

export function legacyBlobKey(tenantId: string, fileId: string, kind: string): string {
  return `${tenantBlobPrefix(tenantId)}legacy/${fileId}.${kind === "recording" ? "wav" : "json"}`;
}

function classify(error: unknown): { failure: "denied" | "gone" | "connection"; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (/permission denied|access denied/i.test(message) || code === 3) return { failure: "denied", reason: `permission denied on the server: give the export user read access (${message}); retried at the next poll` };
  if (isNotFoundError(error)) return { failure: "gone", reason: `deleted or renamed on the server while it was read (${message})` };
  return { failure: "connection", reason: `the connection was lost while reading (${message}); retried at the next poll` };
}

type Content = { refusal: string } | { refusal: null; segments: TranscriptSegment[] | null };

function checkContent(kind: string, path: string, bytes: number, head: Buffer): Content {
  if (bytes === 0) return { refusal: "empty file (0 bytes); it is read again if re-uploaded" };
  if (kind === "transcript") {
    if (!path.toLowerCase().endsWith(".json")) return { refusal: "plain-text transcripts (.txt) are not read: only the JSON transcript beside a recording is (docs/five9.md §2c)" };
    if (bytes > MAX_TRANSCRIPT_BYTES) return { refusal: `transcript of ${bytes} bytes is larger than the ${MAX_TRANSCRIPT_BYTES} bytes Loris reads` };
    const read = readTranscriptBody(head.toString("utf8"));
    return read.ok ? { refusal: null, segments: read.transcript.segments } : { refusal: `${read.reason}; it is read again if re-uploaded` };
  }
  return { refusal: checkRecording(kind, bytes, head), segments: null };
}

function checkRecording(kind: string, bytes: number, head: Buffer): string | null {
  if (kind === "recording") {
    try {
      const info = parseWavHeader(head);
      if (info.riffBytes > bytes) return `truncated WAV: the header announces ${info.riffBytes} bytes, the file has ${bytes}; it is read again if re-uploaded`;
    } catch (error) {
      if (error instanceof InvalidWav) return `${error.message}; it is read again if re-uploaded`;
      throw error;
    }
  }
  return null;
}

/**
 * Reads `file` (listed as stable) with `client` and records the outcome on its LegacyFile row.
 * `settle` runs the content-hash check and the final update: callers reading several files at
 * once pass one that runs them one at a time, so two copies of one recording are never both imported.
 */
export async function readLegacyFile(
  tenantId: string,
  file: LegacyFileRow,
  client: ExportClient,
  store: BlobStore,
  signal?: AbortSignal,
  settle: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn(),
): Promise<ReadOutcome> {
  await db().legacyFile.update({ where: { id: file.id }, data: { attempts: { increment: 1 } } });
  const key = legacyBlobKey(tenantId, file.id, file.kind);
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  // A transcript is kept whole (up to the cap) to validate it; of a recording only the header is needed.
  const keep = file.kind === "transcript" ? MAX_TRANSCRIPT_BYTES + 1 : HEAD_BYTES;
  let headBytes = 0;
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      if (headBytes < keep) {
        head.push(chunk.subarray(0, keep - headBytes));
        headBytes += Math.min(chunk.length, keep - headBytes);
      }
      done(null, chunk);
    },
  });
  // A failed download fails the put (and is reported from here); the tap's own error event needs no second listener.
  tap.on("error", () => undefined);
  const stored = store.put(key, tap, { contentType: file.kind === "recording" ? "audio/wav" : "application/json", signal });
  try {
    await client.download(file.path, tap);
    if (!tap.writableEnded) tap.end();
    await stored;
  } catch (error) {
    tap.destroy(error instanceof Error ? error : new Error(String(error)));
    await stored.catch(() => undefined);
    const failed = classify(error);
    await db().legacyFile.update({ where: { id: file.id }, data: failed.failure === "gone" ? { status: "gone", reason: failed.reason } : { reason: failed.reason } });
    return { status: "failed", ...failed };
  }
  if (bytes !== Number(file.size)) {
    // Fewer (or more) bytes than listed: the transfer was cut, or the file changed under us. Nothing is kept.
    await store.delete(key);
    const reason = `received ${bytes} of the ${file.size} listed bytes (transfer cut or file changed); retried at the next poll`;
    await db().legacyFile.update({ where: { id: file.id }, data: { reason } });
    return { status: "failed", failure: "short", reason };
  }
  const content = checkContent(file.kind, file.path, bytes, Buffer.concat(head));
  if (content.refusal !== null) {
    await store.delete(key);
    await db().legacyFile.update({ where: { id: file.id }, data: { status: "refused", reason: content.refusal, blobKey: null, sha256: null, segments: Prisma.DbNull } });
    return { status: "refused" };
  }
  const sha256 = hash.digest("hex");
  const durationMs = file.kind === "recording" ? parseWavHeader(Buffer.concat(head)).durationMs : null;
  return settle(() => settleRead(tenantId, file, key, store, sha256, bytes, durationMs, content.segments));
}

/** Same bytes as a file already imported → duplicate (its blob deleted), else imported. */
async function settleRead(tenantId: string, file: LegacyFileRow, key: string, store: BlobStore, sha256: string, bytes: number, durationMs: number | null, segments: TranscriptSegment[] | null): Promise<ReadOutcome> {
  const original = await db().legacyFile.findFirst({ where: { tenantId, sha256, kind: file.kind, status: "imported", id: { not: file.id } }, orderBy: { importedAt: "asc" }, select: { id: true, path: true } });
  if (original) {
    await store.delete(key);
    await db().legacyFile.update({
      where: { id: file.id },
      data: { status: "duplicate", duplicateOfId: original.id, sha256, bytes: BigInt(bytes), blobKey: null, segments: Prisma.DbNull, reason: `same bytes as ${original.path} (re-upload); no second copy kept`, matchState: "none", callId: null, candidates: [] },
    });
    return { status: "duplicate" };
  }
  await db().legacyFile.update({
    where: { id: file.id },
    // Matched again from scratch: new bytes under a known name update the call's ftp recording.
    data: { status: "imported", reason: null, sha256, bytes: BigInt(bytes), durationMs, segments: segments ? segments.map((s) => ({ ...s })) : Prisma.DbNull, blobKey: key, importedAt: new Date(), duplicateOfId: null, matchState: "none", callId: null, candidates: [] },
  });
  return { status: "imported" };
}
