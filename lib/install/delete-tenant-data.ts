// Deleting a tenant's data after uninstall, as a job. First the tenant's
// running jobs stop: a queued or running DataDeletion (with the uninstalled
// status) closes the tenant for work, so no run starts, and the runs already
// holding a stream lease see it within a second and end; the deletion waits
// for their leases (bounded by a lease's length: past that the job fails and
// pg-boss retries it).
// Then every table of tenant data — derived from the schema
// (tenant-tables.ts) — is counted, deleted children first in batches with
// progress on the DataDeletion row, and the blobs under the tenant's prefix
// removed. The report says what went in the user's words. The audit log is
// kept: it is the record of the uninstall itself.
import { Prisma } from "@prisma/client";
import { recordAudit } from "../audit";
import { blobStore } from "../blob/blob-store-from-env";
import { tenantBlobPrefix } from "../blob/blob-store";
import { db } from "../db";
import { heldLeases } from "../ingest/sync-cursor";
import { TENANT_JOB_LEASE_MS } from "../ingest/tenant-gate";
import { defineJob } from "../jobs/define-job";
import { deleteTenantDataContract } from "../jobs/contracts";
import { describeCounts } from "./deletion-summary";
import { tenantDataTables, type TenantTable } from "./tenant-tables";

const BATCH = 1_000;
/**
 * How long a deletion waits for the tenant's running jobs to let go: live
 * ones stop within seconds; a crashed one's lease runs out within its length.
 */
const JOBS_WAIT_MS = TENANT_JOB_LEASE_MS + 60_000;

export interface DeletionReport {
  /** Rows per model, plus recordingFiles. */
  deleted: Record<string, number>;
  total: number;
  /** "289 calls, 72 recordings, 70 transcripts, 3 health runs…" */
  summary: string;
}

export class JobsStillRunning extends Error {
  constructor(readonly leases: number) {
    super(`${leases} job${leases === 1 ? " is" : "s are"} still running for this workspace; the deletion starts again shortly`);
    this.name = "JobsStillRunning";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no job holds a lease on the tenant (they stop once they see the deletion); bounded. */
export async function waitForTenantJobs(tenantId: string, options: { waitMs?: number; pollMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  const deadline = Date.now() + (options.waitMs ?? JOBS_WAIT_MS);
  for (;;) {
    const held = await heldLeases(tenantId);
    if (held === 0) return;
    if (Date.now() >= deadline) throw new JobsStillRunning(held);
    options.signal?.throwIfAborted();
    await sleep(options.pollMs ?? 250);
  }
}

const whereOf = (t: TenantTable) =>
  t.via.kind === "tenantId" ? `"tenantId" = $1` : `"${t.via.foreignKey}" IN (SELECT id FROM "${t.via.parentTable}" WHERE "tenantId" = $1)`;

async function countRows(t: TenantTable, tenantId: string): Promise<number> {
  const rows = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${t.table}" WHERE ${whereOf(t)}`, tenantId);
  return Number(rows[0]?.n ?? 0);
}

export async function deleteTenantData(deletionId: string, options: { signal?: AbortSignal; waitMs?: number } = {}): Promise<Record<string, number>> {
  const { signal } = options;
  const deletion = await db().dataDeletion.update({ where: { id: deletionId }, data: { status: "running" } });
  await waitForTenantJobs(deletion.tenantId, { waitMs: options.waitMs, signal });
  const tables = tenantDataTables();
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t.model] = await countRows(t, deletion.tenantId);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  await db().dataDeletion.update({ where: { id: deletionId }, data: { total } });
  const deleted: Record<string, number> = {};
  let done = 0;
  for (const t of tables) {
    let removed = 0;
    for (;;) {
      if (signal?.aborted) throw new Error("worker stopping; the deletion resumes on restart");
      const n = await db().$executeRawUnsafe(`DELETE FROM "${t.table}" WHERE id IN (SELECT id FROM "${t.table}" WHERE ${whereOf(t)} LIMIT ${BATCH})`, deletion.tenantId);
      removed += n;
      done += n;
      await db().dataDeletion.update({ where: { id: deletionId }, data: { done } });
      if (n < BATCH) break;
    }
    deleted[t.model] = removed;
  }
  // Recordings live in blob storage, under the tenant's own prefix.
  deleted.recordingFiles = await blobStore().deleteByPrefix(tenantBlobPrefix(deletion.tenantId));
  const report: DeletionReport = { deleted, total: done, summary: describeCounts(deleted) };
  await db().dataDeletion.update({ where: { id: deletionId }, data: { status: "done", finishedAt: new Date(), report: report as unknown as Prisma.InputJsonValue } });
  await recordAudit({ action: "tenant.data_deleted", tenantId: deletion.tenantId, details: report as unknown as Prisma.InputJsonValue });
  return deleted;
}

export const deleteTenantDataJob = defineJob(deleteTenantDataContract, {
  handler: async ({ deletionId }, { signal }) => deleteTenantData(deletionId, { signal }),
});
