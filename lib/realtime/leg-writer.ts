// A leg segment's writes to its append blob. Contiguous chunks are gathered
// into one write (20 ms frames would otherwise cost a syscall each), written
// when WRITE_BATCH_BYTES are pending or WRITE_BATCH_MS after the first,
// whichever is first; writes run one after another. The durability budget
// (received → fsynced ≤ 1 s): ≤ WRITE_BATCH_MS waiting here, then the append
// handle syncs within half its syncIntervalMs (500 ms in the receiver) plus
// the fsync itself. 200 ms: a real-time leg costs 5 writes a second (100 ms
// was 10; each write is a promise chain and a thread-pool round trip).
// `queuedBytes` (received, not yet written) is what backpressure watches.
import type { AppendHandle } from "../blob/blob-store";

const WRITE_BATCH_MS = 200;
const WRITE_BATCH_BYTES = 64 * 1024;

export class LegWriter {
  queuedBytes = 0;
  failed = false;
  private writing: Promise<void> = Promise.resolve();
  private batch: { at: number; chunks: Buffer[]; bytes: number } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly handle: AppendHandle,
    private readonly hooks: { afterWrite(): void; onError(error: unknown): void },
  ) {}

  /** Queues `data` at byte `at` of the segment's blob. */
  queue(data: Buffer, at: number): void {
    if (this.batch && this.batch.at + this.batch.bytes !== at) this.flush();
    this.batch ??= { at, chunks: [], bytes: 0 };
    this.batch.chunks.push(data);
    this.batch.bytes += data.length;
    this.queuedBytes += data.length;
    if (this.batch.bytes >= WRITE_BATCH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), WRITE_BATCH_MS);
  }

  /** Starts writing what is pending now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.batch;
    this.batch = undefined;
    if (!batch) return;
    const data = batch.chunks.length === 1 ? batch.chunks[0]! : Buffer.concat(batch.chunks, batch.bytes);
    this.writing = this.writing.then(async () => {
      if (this.failed) return;
      try {
        await this.handle.write(data, batch.at);
      } catch (error) {
        this.failed = true;
        this.hooks.onError(error);
      } finally {
        this.queuedBytes -= data.length;
        this.hooks.afterWrite();
      }
    });
  }

  /** Writes everything queued and waits for it. */
  async drain(): Promise<void> {
    this.flush();
    await this.writing;
  }

  /** Drains, then makes it durable (fsync). */
  async sync(): Promise<void> {
    await this.drain();
    await this.handle.flush();
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle.close();
  }
}
