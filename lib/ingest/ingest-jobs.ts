// Ingestion jobs: the call log sync of one tenant, the scheduler that queues
// it for every installed tenant that chose the call log (and keeps active
// backfills moving after a restart), and the backfill runners.
import { db } from "../db";
import { defineJob } from "../jobs/define-job";
import { backfillPartContract, backfillRunContract, callLogSyncContract, ingestScheduleContract, mediaIngestContract } from "../jobs/contracts";
import { runBackfill, runBackfillPart } from "./backfill/run-backfill";
import { syncCallLog } from "./call-log/sync-call-log";
import { drainMedia, MEDIA_STREAM } from "./media/ingest-media";
import { withStreamLease } from "./sync-cursor";
import { enqueueOnce } from "../jobs/web-queue";
import { queueCallLogSync, queueMediaFor, queueMediaRun } from "./queue-ingest";
import { queueLegacyRematch } from "../bridge/queue-bridge";

/** A sync job waits at most this long for rate budget, then ends "deferred" (the next run goes on). */
const SYNC_BUDGET_WAIT_MS = 4 * 60_000;

export const callLogSyncJob = defineJob(callLogSyncContract, {
  handler: async ({ tenantId }, { signal, log }) => {
    const result = await syncCallLog(tenantId, { signal, budget: { maxWaitMs: SYNC_BUDGET_WAIT_MS } });
    log.info({ tenantId, outcome: result.outcome, totals: result.totals }, "call log sync finished");
    await queueMediaFor(tenantId);
    // New calls may be the ones unmatched legacy files were waiting for.
    await queueLegacyRematch(tenantId);
    return result;
  },
});

/** Longer than one batch can take; renewed after each batch, and a crashed run's lease expires by itself. */
const MEDIA_LEASE_MS = 10 * 60_000;

export const mediaIngestJob = defineJob(mediaIngestContract, {
  handler: async ({ tenantId }, { signal, log }) => {
    // One run per tenant at a time, whichever worker it lands on.
    const result = await withStreamLease(tenantId, MEDIA_STREAM, MEDIA_LEASE_MS, (renew) => drainMedia(tenantId, { signal, afterBatch: renew }));
    if (!result) {
      log.info({ tenantId }, "another run is fetching this tenant's media; nothing to do");
      return { outcome: "busy" };
    }
    // Out of time with calls still waiting: queue the next run rather than wait for the scheduler.
    if (result.more) await queueMediaFor(tenantId);
    log.info({ tenantId, outcome: result.outcome, totals: result.totals, more: result.more }, "media ingestion finished");
    return result;
  },
});

export const ingestScheduleJob = defineJob(ingestScheduleContract, {
  schedule: { cron: "*/5 * * * *", payload: {} },
  handler: async (_payload, { log }) => {
    const installs = await db().install.findMany({ where: { dataKinds: { has: "call_log" }, tenant: { status: "installed" } }, select: { tenantId: true } });
    let syncs = 0;
    for (const { tenantId } of installs) if (await queueCallLogSync(tenantId)) syncs++;
    const media = await db().install.findMany({ where: { dataKinds: { hasSome: ["recordings", "transcripts"] }, tenant: { status: "installed" } }, select: { tenantId: true } });
    for (const { tenantId } of media) await queueMediaRun(tenantId, 240);
    const backfills = await db().backfill.findMany({ where: { status: { in: ["queued", "running"] } }, select: { id: true } });
    let resumed = 0;
    for (const { id } of backfills) if (await enqueueOnce(backfillRunContract, { backfillId: id }, `backfill:${id}`, 300)) resumed++;
    log.info({ tenants: installs.length, syncs, backfills: resumed }, "ingestion scheduled");
    return { syncs, backfills: resumed };
  },
});

export const backfillRunJob = defineJob(backfillRunContract, {
  // A run stops after a few minutes (pg-boss expires jobs after 15); the scheduler queues the next one.
  handler: async ({ backfillId }, { signal }) => {
    const outcome = await runBackfill(backfillId, { signal, maxRunMs: 4 * 60_000, budget: { maxWaitMs: 3 * 60_000 } });
    const backfill = await db().backfill.findUnique({ where: { id: backfillId }, select: { tenantId: true } });
    if (backfill) await queueMediaFor(backfill.tenantId);
    return { outcome };
  },
});

export const backfillPartJob = defineJob(backfillPartContract, {
  handler: async ({ partId }, { signal }) => runBackfillPart(partId, { signal, budget: { maxWaitMs: 5 * 60_000 } }),
});
