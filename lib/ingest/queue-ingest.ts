// Queuing a tenant's ingestion jobs, from the worker and from the web (install).
// Each kind has one singleton key per tenant, so whoever queues it — the
// scheduler, a finished install, a finished sync — it is never queued twice in
// one slot.
import { db } from "../db";
import { enqueueOnce } from "../jobs/web-queue";
import { callLogSyncContract, mediaIngestContract } from "../jobs/contracts";

/** Queues the tenant's call log sync unless one was queued in the last `slotSeconds`; true when sent. */
export function queueCallLogSync(tenantId: string, slotSeconds = 240): Promise<boolean> {
  return enqueueOnce(callLogSyncContract, { tenantId }, `call-log:${tenantId}`, slotSeconds);
}

/** Queues the tenant's media run unless one was queued in the last `slotSeconds`; true when sent. */
export function queueMediaRun(tenantId: string, slotSeconds: number): Promise<boolean> {
  return enqueueOnce(mediaIngestContract, { tenantId }, `media:${tenantId}`, slotSeconds);
}

/** New calls were stored: fetch their recordings and transcripts soon (if chosen; once per half minute at most). */
export async function queueMediaFor(tenantId: string): Promise<void> {
  const install = await db().install.findUnique({ where: { tenantId }, select: { dataKinds: true } });
  if (install?.dataKinds.some((k) => k === "recordings" || k === "transcripts")) await queueMediaRun(tenantId, 30);
}
