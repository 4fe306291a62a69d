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

/** A sync job waits at most this long for rate budget, then ends "deferred" (the next run goes on). */
const SYNC_BUDGET_WAIT_MS = 4 * 60_000;
/** The lease lives on its own cursor row: the call log cursor row is updated by the sync itself. */
const CALL_LOG_LEASE_STREAM = "call_log.lease";

export const callLogSyncJob = defineJob(callLogSyncContract, {
  handler: async ({ tenantId }, { signal, log }) => {
    // One sync per tenant at a time (a worker runs several jobs of a kind at once).
    const result = await withStreamLease(tenantId, CALL_LOG_LEASE_STREAM, SYNC_BUDGET_WAIT_MS + 10 * 60_000, () => syncCallLog(tenantId, { signal, budget: { maxWaitMs: SYNC_BUDGET_WAIT_MS } }));
    if (!result) {
      log.info({ tenantId }, "another sync of this tenant is running; nothing to do");
      return { outcome: "busy" };
    }
    log.info({ tenantId, outcome: result.outcome, totals: result.totals }, "call log sync finished");
    await queueMediaFor(tenantId);
    return result;
  },
});

const BACKFILL_STREAM = "backfill";
/** Longer than a run (4 min of work plus a part in flight); pg-boss expires the job after 15 min. */
const BACKFILL_LEASE_MS = 15 * 60_000;

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
  handler: async ({ backfillId }, { signal, log }) => {
    const backfill = await db().backfill.findUnique({ where: { id: backfillId }, select: { tenantId: true } });
    if (!backfill) return { outcome: "gone" };
    // One backfill run per tenant at a time, whichever worker (or slot) it lands on.
    const outcome = await withStreamLease(backfill.tenantId, BACKFILL_STREAM, BACKFILL_LEASE_MS, () =>
      runBackfill(backfillId, { signal, maxRunMs: 4 * 60_000, budget: { maxWaitMs: 3 * 60_000 } }),
    );
    if (outcome === null) {
      log.info({ backfillId }, "another run is working on this tenant's backfills; the scheduler queues this one again");
      return { outcome: "busy" };
    }
    await queueMediaFor(backfill.tenantId);
    return { outcome };
  },
});

export const backfillPartJob = defineJob(backfillPartContract, {
  handler: async ({ partId }, { signal }) => runBackfillPart(partId, { signal, budget: { maxWaitMs: 5 * 60_000 } }),
});
