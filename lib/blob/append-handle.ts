// A blob written while it grows: live audio is appended as it arrives, not put
// once at the end. Writes are positional (a position past the end leaves a
// hole that reads as zeros — silence for PCM), go to a local file, and are
// fsynced at least every `syncIntervalMs`, so what was received is durable
// within that time. The fs store writes the file at the key's own path; the S3
// store writes a local spool file, uploads multipart parts from it as it grows
// (`onWritten`) and completes the object on close (see README).
import { mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { AppendHandle, AppendOptions, BlobInfo } from "./blob-store";

/** An append handle on a local file; `onClose` turns it into a blob (nothing for fs, an upload for S3). */
export class FileAppendHandle implements AppendHandle {
  durableBytes = 0;
  lastSyncAt = performance.now();
  private writtenBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    readonly key: string,
    private readonly file: FileHandle,
    private readonly syncIntervalMs: number,
    private readonly onClose: (bytes: number) => Promise<BlobInfo>,
    private readonly onWritten?: (position: number, writtenBytes: number) => void,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), Math.max(50, syncIntervalMs / 2));
    this.timer.unref();
  }

  /** Opens (creating or continuing) the file at `filePath`. */
  static async open(
    key: string,
    filePath: string,
    options: AppendOptions,
    onClose: (bytes: number) => Promise<BlobInfo>,
    onWritten?: (position: number, writtenBytes: number) => void,
  ): Promise<FileAppendHandle> {
    await mkdir(path.dirname(filePath), { recursive: true });
    const file = await open(filePath, "a+").then(async (f) => {
      // "a+" creates it; reopen "r+" so positional writes are honoured (O_APPEND ignores positions on Linux).
      await f.close();
      return open(filePath, "r+");
    });
    const handle = new FileAppendHandle(key, file, options.syncIntervalMs ?? 1000, onClose, onWritten);
    handle.writtenBytes = (await file.stat()).size;
    handle.durableBytes = handle.writtenBytes;
    return handle;
  }

  async write(data: Buffer, position: number): Promise<void> {
    if (this.closed) throw new Error(`append handle for ${this.key} is closed`);
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.file.write(data, done, data.length - done, position + done);
      done += bytesWritten;
    }
    this.writtenBytes = Math.max(this.writtenBytes, position + data.length);
    this.onWritten?.(position, this.writtenBytes);
    // A write that lands after a second without sync syncs now: the timer may be starved by a busy loop.
    if (performance.now() - this.lastSyncAt >= this.syncIntervalMs) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.syncing) return this.syncing;
    if (this.durableBytes === this.writtenBytes) {
      this.lastSyncAt = performance.now();
      return;
    }
    const target = this.writtenBytes;
    this.syncing = this.file
      .datasync()
      .then(() => {
        this.durableBytes = Math.max(this.durableBytes, target);
        this.lastSyncAt = performance.now();
      })
      .finally(() => {
        this.syncing = undefined;
      });
    return this.syncing;
  }

  async close(): Promise<BlobInfo> {
    if (this.closed) throw new Error(`append handle for ${this.key} is already closed`);
    clearInterval(this.timer);
    await this.syncing;
    await this.flush();
    this.closed = true;
    const bytes = (await this.file.stat()).size;
    await this.file.close();
    return this.onClose(bytes);
  }
}
