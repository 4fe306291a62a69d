// Retention deletes run in batches, so a large backlog never holds a long lock.
export const RETENTION_BATCH = 5_000;

/** Runs `deleteBatch(limit)` until a batch deletes fewer rows than the limit; answers the total deleted. */
export async function deleteInBatches(deleteBatch: (limit: number) => Promise<number>): Promise<number> {
  let deleted = 0;
  for (;;) {
    const count = await deleteBatch(RETENTION_BATCH);
    deleted += count;
    if (count < RETENTION_BATCH) return deleted;
  }
}
