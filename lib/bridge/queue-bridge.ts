// Queuing the legacy bridge's jobs, one singleton key per tenant and kind, so
// the scheduler, a finished poll and a finished call log sync never queue one twice in a slot.
import { db } from "../db";
import { enqueueOnce } from "../jobs/web-queue";
import { legacyImportContract, legacyRematchContract } from "../jobs/contracts";

export function queueLegacyImport(tenantId: string, slotSeconds = 240, full = false): Promise<boolean> {
  return enqueueOnce(legacyImportContract, { tenantId, full }, `legacy-import:${tenantId}${full ? ":full" : ""}`, slotSeconds);
}

/** After a call log sync: match the tenant's open legacy files again, if it has any (at most every 30 s). */
export async function queueLegacyRematch(tenantId: string): Promise<void> {
  const open = await db().legacyFile.findFirst({ where: { tenantId, status: "imported", matchState: { in: ["unmatched", "ambiguous", "none"] } }, select: { id: true } });
  if (open) await enqueueOnce(legacyRematchContract, { tenantId }, `legacy-rematch:${tenantId}`, 30);
}
