// Deleting a tenant's data after uninstall, as a job: counts what there is,
// deletes table by table in batches, records progress on the DataDeletion row
// (the page shows it) and ends with a report of what was deleted. The audit
// log is kept: it is the record of the uninstall itself.
import type { Prisma } from "@prisma/client";
import { recordAudit } from "../audit";
import { blobStore } from "../blob/blob-store-from-env";
import { tenantBlobPrefix } from "../blob/blob-store";
import { db } from "../db";
import { defineJob } from "../jobs/define-job";
import { deleteTenantDataContract } from "../jobs/contracts";

const BATCH = 1_000;

/** What a tenant's data is, in the order it is deleted (children first). */
const TENANT_TABLES = ["LegacyFile", "LegacyFolder", "CallSourceRecord", "CallTranscript", "CallRecording", "Call", "DeadLetter", "IngestRun", "BackfillPart", "Backfill", "SyncCursor", "HealthResult", "HealthRun", "OAuthState", "VoiceStreamSubscription", "LegacyExportSource", "SupervisorCredential", "Five9Connection", "Install"] as const;

async function countRows(table: string, tenantId: string): Promise<number> {
  const rows = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}" WHERE "tenantId" = $1`, tenantId);
  return Number(rows[0]?.n ?? 0);
}

export async function deleteTenantData(deletionId: string, signal?: AbortSignal): Promise<Record<string, number>> {
  const deletion = await db().dataDeletion.update({ where: { id: deletionId }, data: { status: "running" } });
  const counts: Record<string, number> = {};
  for (const table of TENANT_TABLES) counts[table] = await countRows(table, deletion.tenantId);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  await db().dataDeletion.update({ where: { id: deletionId }, data: { total } });
  const deleted: Record<string, number> = {};
  let done = 0;
  for (const table of TENANT_TABLES) {
    deleted[table] = 0;
    for (;;) {
      if (signal?.aborted) throw new Error("worker stopping; the deletion resumes on restart");
      const n = await db().$executeRawUnsafe(`DELETE FROM "${table}" WHERE id IN (SELECT id FROM "${table}" WHERE "tenantId" = $1 LIMIT ${BATCH})`, deletion.tenantId);
      deleted[table] += n;
      done += n;
      await db().dataDeletion.update({ where: { id: deletionId }, data: { done } });
      if (n < BATCH) break;
    }
  }
  // Recordings live in blob storage, under the tenant's own prefix.
  deleted.recordingFiles = await blobStore().deleteByPrefix(tenantBlobPrefix(deletion.tenantId));
  const report = { deleted, total: done } as Prisma.InputJsonValue;
  await db().dataDeletion.update({ where: { id: deletionId }, data: { status: "done", finishedAt: new Date(), report } });
  await recordAudit({ action: "tenant.data_deleted", tenantId: deletion.tenantId, details: report });
  return deleted;
}

export const deleteTenantDataJob = defineJob(deleteTenantDataContract, {
  handler: async ({ deletionId }, { signal }) => deleteTenantData(deletionId, signal),
});
