// Deletes audit entries older than the retention period (AUDIT_RETENTION_DAYS
// unless the payload says otherwise), in batches so a large backlog never
// holds a long lock.
import { z } from "zod";
import { db } from "../db";
import { env } from "../env";
import { defineJob } from "./define-job";

const BATCH = 5_000;

export async function deleteExpiredAuditEntries(olderThanDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - olderThanDays * 86_400_000);
  let deleted = 0;
  for (;;) {
    const count = await db().$executeRaw`
      DELETE FROM "AuditLog" WHERE id IN (SELECT id FROM "AuditLog" WHERE "createdAt" < ${cutoff} LIMIT ${BATCH})`;
    deleted += count;
    if (count < BATCH) return deleted;
  }
}

export const auditRetentionJob = defineJob({
  name: "audit-log.retention",
  description: "Delete audit entries older than the retention period",
  schema: z.object({ olderThanDays: z.number().int().min(1).max(36_500).optional() }),
  schedule: { cron: "17 3 * * *", payload: {} },
  handler: async (payload, { log }) => {
    const days = payload.olderThanDays ?? env().AUDIT_RETENTION_DAYS;
    const deleted = await deleteExpiredAuditEntries(days);
    log.info({ deleted, days }, "audit retention done");
    return { deleted };
  },
});
