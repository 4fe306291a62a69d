// Many callers, one statement. Items handed in while no batch is being written
// wait one turn of the event loop (or `waitMs`) and go together; items that
// come while a batch is being written go in the next. One batch at a time per
// queue, so a burst of N callers costs a few statements, not N — and every
// item is written by a statement that started after it was handed in (a
// lookup is never older than its caller).
export interface BatchQueueOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /** How long the first item of a batch waits for others (default: one turn of the event loop). */
  waitMs?: number;
}

/**
 * `write(items)` returns one result per item, in order; if it throws, every
 * item of that batch is rejected with the error (other batches go on).
 */
export function batchQueue<T, R>(write: (items: T[]) => Promise<R[]>, options: BatchQueueOptions): (item: T) => Promise<R> {
  const queued: { item: T; resolve(result: R): void; reject(error: unknown): void }[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    await new Promise<void>((resolve) => (options.waitMs ? setTimeout(resolve, options.waitMs) : setImmediate(resolve)));
    while (queued.length) {
      const batch = queued.splice(0, options.maxBatch);
      try {
        const results = await write(batch.map((b) => b.item));
        if (results.length !== batch.length) throw new Error(`batch writer returned ${results.length} results for ${batch.length} items`);
        batch.forEach((b, i) => b.resolve(results[i]!));
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    running = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queued.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
