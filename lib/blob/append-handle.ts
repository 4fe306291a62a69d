// A blob written while it grows: live audio is appended as it arrives, not put
// once at the end. Writes are positional (a position past the end leaves a
// hole that reads as zeros — silence for PCM), go to a local file, and are
// fsynced once the oldest unsynced write is half `syncIntervalMs` old, so
// what was written is durable within `syncIntervalMs`. One timer (SYNC_TICK_MS)
// serves every open handle — a timer per handle is 1,000 wake-ups at 1,000
// legs — and a handle written steadily syncs about once per half interval,
// not once per write. The fs store writes the file at the key's own path; the S3
// store writes a local spool file, uploads multipart parts from it as it grows
// (`onWritten`) and completes the object on close (see README).
import { constants, mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { sharedTick } from "../shared-tick";
import type { AppendHandle, AppendOptions, BlobInfo } from "./blob-store";

const SYNC_TICK_MS = 50;
/** Handles with unsynced writes, oldest first (a Set keeps insertion order). */
const dirty = new Set<FileAppendHandle>();
const ensureSyncTick = sharedTick(SYNC_TICK_MS, () => {
  const now = performance.now();
  for (const handle of dirty) handle.syncIfDue(now);
  return dirty.size > 0;
});

/** An append handle on a local file; `onClose` turns it into a blob (nothing for fs, an upload for S3). */
export class FileAppendHandle implements AppendHandle {
  durableBytes = 0;
  lastSyncAt = performance.now();
  private writtenBytes = 0;
  /** performance.now() of the first write since the last sync began; 0 = nothing unsynced. */
  private dirtySince = 0;
  private syncing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    readonly key: string,
    private readonly file: FileHandle,
    private readonly syncIntervalMs: number,
    private readonly onClose: (bytes: number) => Promise<BlobInfo>,
    private readonly onWritten?: (position: number, writtenBytes: number) => void,
  ) {}

  /** Opens (creating or continuing) the file at `filePath`. */
  static async open(
    key: string,
    filePath: string,
    options: AppendOptions,
    onClose: (bytes: number) => Promise<BlobInfo>,
    onWritten?: (position: number, writtenBytes: number) => void,
  ): Promise<FileAppendHandle> {
    await mkdir(path.dirname(filePath), { recursive: true });
    // Read-write, created if missing, never truncated; not O_APPEND, which ignores positions on Linux.
    const file = await open(filePath, constants.O_RDWR | constants.O_CREAT);
    const handle = new FileAppendHandle(key, file, options.syncIntervalMs ?? 1000, onClose, onWritten);
    handle.writtenBytes = (await file.stat()).size;
    handle.durableBytes = handle.writtenBytes;
    return handle;
  }

  async write(data: Buffer | readonly Buffer[], position: number): Promise<void> {
    if (this.closed) throw new Error(`append handle for ${this.key} is closed`);
    const pieces = Buffer.isBuffer(data) ? undefined : data;
    const length = pieces ? pieces.reduce((n, b) => n + b.length, 0) : (data as Buffer).length;
    // Several buffers (a leg's 200 ms batch is ten 20 ms frames): one writev, no copy.
    let done = pieces ? (await this.file.writev(pieces as Buffer[], position)).bytesWritten : 0;
    if (done < length) {
      // A short write continues from one buffer.
      const rest = pieces ? Buffer.concat(pieces, length) : (data as Buffer);
      while (done < length) {
        const { bytesWritten } = await this.file.write(rest, done, length - done, position + done);
        done += bytesWritten;
      }
    }
    this.writtenBytes = Math.max(this.writtenBytes, position + length);
    this.onWritten?.(position, this.writtenBytes);
    const now = performance.now();
    if (!this.dirtySince) {
      this.dirtySince = now;
      dirty.add(this);
      ensureSyncTick();
    }
    // A write that lands after a whole interval without sync syncs now: the tick may be starved by a busy loop.
    if (now - this.dirtySince >= this.syncIntervalMs) await this.flush();
  }

  /** The shared tick: sync when the oldest unsynced write is half an interval old. */
  syncIfDue(now: number): void {
    if (this.dirtySince && !this.syncing && now - this.dirtySince >= this.syncIntervalMs / 2) void this.flush().catch(() => undefined);
  }

  async flush(): Promise<void> {
    // A sync under way may not cover the latest writes: wait for it, then sync again if needed.
    while (this.syncing) await this.syncing.catch(() => undefined);
    if (this.durableBytes >= this.writtenBytes) {
      this.lastSyncAt = performance.now();
      this.dirtySince = 0;
      dirty.delete(this);
      return;
    }
    const target = this.writtenBytes;
    this.dirtySince = 0;
    dirty.delete(this);
    this.syncing = this.file
      .datasync()
      .then(() => {
        this.durableBytes = Math.max(this.durableBytes, target);
        this.lastSyncAt = performance.now();
      })
      .catch((error: unknown) => {
        // Not durable: the tick tries again.
        this.dirtySince ||= performance.now();
        dirty.add(this);
        throw error;
      })
      .finally(() => {
        this.syncing = undefined;
      });
    return this.syncing;
  }

  async close(): Promise<BlobInfo> {
    if (this.closed) throw new Error(`append handle for ${this.key} is already closed`);
    await this.flush();
    this.closed = true;
    const bytes = (await this.file.stat()).size;
    await this.file.close();
    return this.onClose(bytes);
  }
}
