// Where recordings (and later other large files) live: one interface over a
// local folder (default) or an S3-compatible bucket. Writes are atomic: a blob
// appears under its key only once every byte is written, so a worker killed
// mid-upload never leaves half a file where readers look.
import type { Readable } from "node:stream";

export interface BlobInfo {
  key: string;
  bytes: number;
  contentType?: string;
}

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive; omitted = to the end. */
  end?: number;
}

export interface PutOptions {
  contentType?: string;
  /** Aborting discards what was written; the key keeps its previous blob (or none). */
  signal?: AbortSignal;
}

export interface AppendOptions {
  /** Longest time a written byte waits for fsync (default 1000 ms). */
  syncIntervalMs?: number;
  contentType?: string;
}

export interface AppendHandle {
  readonly key: string;
  /** Writes `data` (several buffers: one after another, no copy) at byte `position` of the blob. Calls must not overlap (await each). */
  write(data: Buffer | readonly Buffer[], position: number): Promise<void>;
  /** Makes every byte written so far durable now. */
  flush(): Promise<void>;
  /** Flushes and closes; the blob is complete under its key when this resolves. */
  close(): Promise<BlobInfo>;
  /** Bytes known durable (end of the furthest byte fsynced). */
  readonly durableBytes: number;
  /** Time (performance.now()) of the last fsync. */
  readonly lastSyncAt: number;
}

export interface BlobStore {
  /** Human name for logs and the health page ("filesystem …", "s3 …"). */
  readonly description: string;
  /** Streams `body` to `key`, replacing any blob there only when the body ended cleanly. */
  put(key: string, body: Readable, options?: PutOptions): Promise<BlobInfo>;
  /** The blob's bytes (or one range of them); BlobNotFoundError when there is none. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  head(key: string): Promise<BlobInfo | undefined>;
  /** Removes the blob; no error when there is none. */
  delete(key: string): Promise<void>;
  /** Removes every blob under a folder-like prefix ending in "/" (tenant deletion); returns how many. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** Opens a blob that grows as data arrives (live audio), continuing it if it exists. */
  openAppend(key: string, options?: AppendOptions): Promise<AppendHandle>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No blob stored under ${key}`);
    this.name = "BlobNotFoundError";
  }
}

// Tenant and call ids become path segments: keep them to characters that mean
// the same thing on every filesystem and in S3, and never "." or "..".
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

function segment(value: string, what: string): string {
  if (!SEGMENT.test(value) || value.length > 200 || value.includes("..")) throw new Error(`Invalid ${what} for a blob key: ${JSON.stringify(value)}`);
  return value;
}

/** Checks a whole key: "/"-separated safe segments, no leading or trailing slash. */
export function assertBlobKey(key: string): string {
  const parts = key.split("/");
  parts.forEach((p) => segment(p, "key segment"));
  return key;
}

/** Checks a prefix for deleteByPrefix: safe segments followed by "/", so "tenants/1" never matches "tenants/10". */
export function assertBlobPrefix(prefix: string): string {
  if (!prefix.endsWith("/")) throw new Error(`A blob prefix must end with "/": ${JSON.stringify(prefix)}`);
  assertBlobKey(prefix.slice(0, -1));
  return prefix;
}

export function tenantBlobPrefix(tenantId: string): string {
  return `tenants/${segment(tenantId, "tenant id")}/`;
}

export function recordingBlobKey(tenantId: string, callId: string): string {
  return `${tenantBlobPrefix(tenantId)}recordings/${segment(callId, "call id")}.wav`;
}

/** One segment of one leg's live audio as it arrives: raw LINEAR16 PCM, 8 kHz. */
export function liveSegmentBlobKey(tenantId: string, callId: string, leg: string, segment: number): string {
  return `${tenantBlobPrefix(tenantId)}live/${segment_(callId)}/${segment_(leg)}-${segment}.pcm`;
}

/** A call's finished live audio: `<leg>.wav` per leg and `conversation.wav`. */
export function liveAudioBlobKey(tenantId: string, callId: string, leg: string): string {
  return `${tenantBlobPrefix(tenantId)}live/${segment_(callId)}/${segment_(leg)}.wav`;
}

function segment_(value: string): string {
  return segment(value, "live audio key part");
}
