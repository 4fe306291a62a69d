// Deleting the calls already stored from campaigns the admin unticked (when
// they chose "delete" for them): in batches, recordings' files first (so a
// retry after a crash finds the rows and deletes the rest), then the calls
// with their recordings, transcripts and dead letters. Only campaigns still
// unticked when the job runs are deleted (ticking one again before it runs
// keeps its calls). Audited with what was removed.
import { recordAudit } from "../audit";
import { blobStore } from "../blob/blob-store-from-env";
import type { BlobStore } from "../blob/blob-store";
import { db } from "../db";
import { defineJob } from "../jobs/define-job";
import { forgetCampaignCallsContract } from "../jobs/contracts";
import { campaignFilterFor } from "./campaign-filter";

const BATCH = 500;


export interface ForgottenCounts { calls: number; recordings: number; transcripts: number }

export async function forgetCampaignCalls(tenantId: string, campaigns: readonly string[], options: { signal?: AbortSignal; store?: BlobStore; batch?: number; requestedBy?: string } = {}): Promise<ForgottenCounts> {
  const filter = await campaignFilterFor(tenantId);
  const drop = campaigns.filter((c) => !filter.allows(c));
  const counts: ForgottenCounts = { calls: 0, recordings: 0, transcripts: 0 };
  if (drop.length === 0) return counts;
  const store = options.store ?? blobStore();
  for (;;) {
    options.signal?.throwIfAborted();
    const calls = await db().call.findMany({ where: { tenantId, campaign: { in: drop } }, select: { id: true, five9CallId: true, recordings: { select: { blobKey: true } } }, take: options.batch ?? BATCH });
    if (calls.length === 0) break;
    for (const call of calls) for (const recording of call.recordings) await store.delete(recording.blobKey);
    const ids = calls.map((c) => c.id);
    await db().$transaction(async (tx) => {
      counts.recordings += await tx.callRecording.count({ where: { tenantId, callId: { in: ids } } });
      counts.transcripts += await tx.callTranscript.count({ where: { tenantId, callId: { in: ids } } });
      await tx.deadLetter.deleteMany({ where: { tenantId, five9CallId: { in: calls.map((c) => c.five9CallId) } } });
      counts.calls += (await tx.call.deleteMany({ where: { tenantId, id: { in: ids } } })).count;
    });
  }
  await recordAudit({ action: "campaign_calls.deleted", tenantId, actor: null, target: drop.join(", "), details: { campaigns: drop, ...counts, requestedBy: options.requestedBy ?? null } });
  return counts;
}

export const forgetCampaignCallsJob = defineJob(forgetCampaignCallsContract, {
  handler: async ({ tenantId, campaigns, requestedBy }, { signal }) => {
    // The workspace was deleted meanwhile: nothing left to do.
    if (!(await db().tenant.count({ where: { id: tenantId } }))) return { calls: 0, recordings: 0, transcripts: 0 };
    return forgetCampaignCalls(tenantId, campaigns, { signal, requestedBy });
  },
});
