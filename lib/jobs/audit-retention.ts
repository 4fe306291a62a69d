// Deletes audit entries older than the retention period (AUDIT_RETENTION_DAYS
// unless the payload says otherwise), in batches so a large backlog never
// holds a long lock.
import { db } from "../db";
import { env } from "../env";
import { defineJob } from "./define-job";
import { deleteInBatches } from "./delete-in-batches";
import { auditRetentionContract } from "./contracts";

export async function deleteExpiredAuditEntries(olderThanDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - olderThanDays * 86_400_000);
  return deleteInBatches((limit) => db().$executeRaw`
    DELETE FROM "AuditLog" WHERE id IN (SELECT id FROM "AuditLog" WHERE "createdAt" < ${cutoff} LIMIT ${limit})`);
}

export const auditRetentionJob = defineJob(auditRetentionContract, {
  schedule: { cron: "17 3 * * *", payload: {} },
  handler: async (payload, { log }) => {
    const days = payload.olderThanDays ?? env().AUDIT_RETENTION_DAYS;
    const deleted = await deleteExpiredAuditEntries(days);
    log.info({ deleted, days }, "audit retention done");
    return { deleted };
  },
});
