// Blobs as files under one root folder (the default: DATA_DIR/blobs). A put
// writes to ROOT/.tmp/<random>.part, fsyncs, then renames onto the key's path:
// rename is atomic on one filesystem, so readers see the old blob or the whole
// new one, never a prefix. Temp files of a killed worker stay in .tmp only and
// are swept by removeStaleTemp().
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { FileAppendHandle } from "./append-handle";
import { assertBlobKey, assertBlobPrefix, BlobNotFoundError, type AppendHandle, type AppendOptions, type BlobInfo, type BlobStore, type ByteRange, type PutOptions } from "./blob-store";

const TEMP_DIR = ".tmp";

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}

export class FsBlobStore implements BlobStore {
  readonly description: string;

  constructor(private readonly root: string) {
    this.root = path.resolve(root);
    this.description = `filesystem ${this.root}`;
  }

  private pathOf(key: string): string {
    return path.join(this.root, ...assertBlobKey(key).split("/"));
  }

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<BlobInfo> {
    const target = this.pathOf(key);
    const tempDir = path.join(this.root, TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    const temp = path.join(tempDir, `${randomUUID()}.part`);
    try {
      // flush: fsync before close — durable before visible, so a crash after the
      // rename never exposes a file whose bytes had not reached the disk.
      await pipeline(body, createWriteStream(temp, { flags: "wx", flush: true }), { signal: options.signal });
      const { size } = await stat(temp);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
      return { key, bytes: size, contentType: options.contentType };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const file = await open(this.pathOf(key), "r").catch((error: unknown) => {
      throw isMissing(error) ? new BlobNotFoundError(key) : error;
    });
    return file.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { key, bytes: info.size } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    const dir = path.join(this.root, ...assertBlobPrefix(prefix).slice(0, -1).split("/"));
    const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
      if (isMissing(error)) return [];
      throw error;
    });
    const count = files.filter((f) => f.isFile()).length;
    await rm(dir, { recursive: true, force: true });
    return count;
  }

  /** The file grows at the key's own path (a live blob is visible while it grows; it is raw PCM no reader mistakes for a finished file). */
  async openAppend(key: string, options: AppendOptions = {}): Promise<AppendHandle> {
    return FileAppendHandle.open(key, this.pathOf(key), options, async (bytes) => ({ key, bytes, contentType: options.contentType }));
  }

  /** Deletes temp files older than `maxAgeMs` (left by killed workers); returns how many. */
  async removeStaleTemp(maxAgeMs: number, now = Date.now()): Promise<number> {
    const dir = path.join(this.root, TEMP_DIR);
    const names = await readdir(dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && now - info.mtimeMs > maxAgeMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** For tests and the sweeper: how many uploads are in flight or abandoned. */
  async tempFileCount(): Promise<number> {
    return (await readdir(path.join(this.root, TEMP_DIR)).catch(() => [] as string[])).length;
  }
}
