// A leg segment's writes to its append blob. Contiguous chunks are gathered
// into one write (a writev of the chunks, no copy; 20 ms frames would
// otherwise cost a syscall each), written when WRITE_BATCH_BYTES are pending
// or WRITE_BATCH_MS after the first, whichever is first; writes run one after
// another, and each write is followed by its fsync (not awaited by the next
// write). The durability budget (received → fsynced ≤ 1 s): ≤ WRITE_BATCH_MS
// + one WRITE_TICK_MS here, then the write and the fsync themselves. 400 ms:
// a real-time leg costs 2.5 writes and 2.5 fsyncs a second (it was 5 writes
// every 200 ms and a handle's own fsync every 250 ms plus one forced by the
// progress save: ~5 fsyncs); each is a promise chain and a thread-pool round
// trip. The append handle's own sync (half its syncIntervalMs after a write)
// stays as the backstop. One timer (WRITE_TICK_MS) serves every writer:
// batches are started in time order, so the tick only looks at the ones due.
// `queuedBytes` (received, not yet written) is what backpressure watches.
// `durable()` is what the once-a-second progress save waits for: everything
// queued so far written and fsynced at the writer's own pace — no extra write,
// no extra fsync (forcing both for every leg at once was 1,000 writes and
// 1,000 fsyncs in one burst a second at 1,000 legs).
import type { AppendHandle } from "../blob/blob-store";
import { sharedTick } from "../shared-tick";

const WRITE_BATCH_MS = 400;
const WRITE_BATCH_BYTES = 64 * 1024;
const WRITE_TICK_MS = 20;
/** durable() gives up waiting after this (storage stalled): the caller goes on with what it has. */
const DURABLE_WAIT_MAX_MS = 2000;

/** Writers with a pending batch, oldest batch first (a Set keeps insertion order). */
const pending = new Set<LegWriter>();
/** Writers with durable() waiters. */
const awaited = new Set<LegWriter>();
const startTick = sharedTick(WRITE_TICK_MS, () => {
  const now = performance.now();
  const due = now - WRITE_BATCH_MS;
  for (const writer of pending) {
    if (writer.batchSince > due) break;
    writer.flush();
  }
  for (const writer of awaited) writer.settleDurable(now);
  return pending.size > 0 || awaited.size > 0;
});

export class LegWriter {
  queuedBytes = 0;
  failed = false;
  private writing: Promise<void> = Promise.resolve();
  /** performance.now() when the pending batch began. */
  batchSince = 0;
  private batch: { at: number; chunks: Buffer[]; bytes: number } | undefined;
  /** End (blob position) of everything queued so far. */
  private queuedEnd = 0;
  private waiters: { target: number; since: number; resolve: () => void }[] = [];

  constructor(
    private readonly handle: AppendHandle,
    private readonly hooks: { afterWrite(): void; onError(error: unknown): void },
  ) {}

  /** Queues `data` at byte `at` of the segment's blob. */
  queue(data: Buffer, at: number): void {
    if (this.batch && this.batch.at + this.batch.bytes !== at) this.flush();
    if (!this.batch) {
      this.batch = { at, chunks: [], bytes: 0 };
      this.batchSince = performance.now();
      pending.add(this);
      startTick();
    }
    this.batch.chunks.push(data);
    this.batch.bytes += data.length;
    this.queuedBytes += data.length;
    this.queuedEnd = Math.max(this.queuedEnd, at + data.length);
    if (this.batch.bytes >= WRITE_BATCH_BYTES) this.flush();
  }

  /** Starts writing what is pending now. */
  flush(): void {
    pending.delete(this);
    const batch = this.batch;
    this.batch = undefined;
    if (!batch) return;
    // Several chunks go as one writev (no copy).
    const data = batch.chunks.length === 1 ? batch.chunks[0]! : batch.chunks;
    this.writing = this.writing.then(async () => {
      if (this.failed) return;
      try {
        await this.handle.write(data, batch.at);
        void this.handle.flush().catch(() => undefined);
      } catch (error) {
        this.failed = true;
        this.hooks.onError(error);
      } finally {
        this.queuedBytes -= batch.bytes;
        this.hooks.afterWrite();
      }
    });
  }

  /** Writes everything queued and waits for it. */
  async drain(): Promise<void> {
    this.flush();
    await this.writing;
  }

  /** Resolves once everything queued so far is durable at the writer's own pace (or it failed, or DURABLE_WAIT_MAX_MS passed). */
  durable(): Promise<void> {
    const target = this.queuedEnd;
    if (this.failed || this.handle.durableBytes >= target) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ target, since: performance.now(), resolve });
      awaited.add(this);
      startTick();
    });
  }

  /** The shared tick: resolves the durable() waiters that are covered. */
  settleDurable(now: number): void {
    const durable = this.handle.durableBytes;
    this.waiters = this.waiters.filter((w) => {
      if (!this.failed && durable < w.target && now - w.since < DURABLE_WAIT_MAX_MS) return true;
      w.resolve();
      return false;
    });
    if (!this.waiters.length) awaited.delete(this);
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle.close();
  }
}
