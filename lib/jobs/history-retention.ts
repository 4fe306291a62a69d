// Nightly: health runs (with their results) and ingestion runs older than
// HISTORY_RETENTION_DAYS are deleted. Each tenant keeps its latest finished
// health run and its latest run of each ingestion kind, however old, so the
// overview and freshness cards never lose their last known state.
import { db } from "../db";
import { env } from "../env";
import { defineJob } from "./define-job";
import { pruneHistoryContract } from "./contracts";
import { deleteInBatches } from "./delete-in-batches";

export async function pruneHistory(olderThanDays: number, now = new Date()): Promise<{ healthRuns: number; ingestRuns: number }> {
  const cutoff = new Date(now.getTime() - olderThanDays * 86_400_000);
  // HealthResult rows go with their run (ON DELETE CASCADE).
  const healthRuns = await deleteInBatches((limit) => db().$executeRaw`
    DELETE FROM "HealthRun" WHERE id IN (
      SELECT h.id FROM "HealthRun" h
      WHERE h."startedAt" < ${cutoff} AND h."finishedAt" IS NOT NULL
        AND h.id <> (SELECT l.id FROM "HealthRun" l WHERE l."tenantId" = h."tenantId" AND l."finishedAt" IS NOT NULL ORDER BY l."startedAt" DESC LIMIT 1)
      LIMIT ${limit})`);
  const ingestRuns = await deleteInBatches((limit) => db().$executeRaw`
    DELETE FROM "IngestRun" WHERE id IN (
      SELECT r.id FROM "IngestRun" r
      WHERE r."startedAt" < ${cutoff} AND r.outcome <> 'running'
        AND r.id <> (SELECT l.id FROM "IngestRun" l WHERE l."tenantId" = r."tenantId" AND l.kind = r.kind AND l.outcome <> 'running' ORDER BY l."startedAt" DESC LIMIT 1)
      LIMIT ${limit})`);
  return { healthRuns, ingestRuns };
}

export const pruneHistoryJob = defineJob(pruneHistoryContract, {
  schedule: { cron: "29 3 * * *", payload: {} },
  handler: async (payload, { log }) => {
    const days = payload.olderThanDays ?? env().HISTORY_RETENTION_DAYS;
    const deleted = await pruneHistory(days);
    log.info({ ...deleted, days }, "history retention done");
    return deleted;
  },
});
