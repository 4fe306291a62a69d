// Ingestion jobs: the call log sync of one tenant, the scheduler that queues
// it for every installed tenant that chose the call log (and keeps active
// backfills moving after a restart), and the backfill runners. Each run holds
// its tenant's stream lease and stops when the tenant closes for work
// (uninstall, data deletion: tenant-gate.ts) — quietly, nothing recreated.
import { db } from "../db";
import { defineJob } from "../jobs/define-job";
import { backfillPartContract, backfillRunContract, callLogSyncContract, ingestScheduleContract, mediaIngestContract } from "../jobs/contracts";
import { runBackfill, runBackfillPart } from "./backfill/run-backfill";
import { syncCallLog } from "./call-log/sync-call-log";
import { drainMedia, MEDIA_STREAM } from "./media/ingest-media";
import { recordMediaRun } from "./media/media-run";
import { BACKFILL_STREAM, CALL_LOG_STREAM } from "./sync-cursor";
import { runWhileTenantOpen, TENANT_JOB_LEASE_MS } from "./tenant-gate";
import { enqueueOnce } from "../jobs/web-queue";
import { queueCallLogSync, queueMediaFor, queueMediaRun } from "./queue-ingest";
import { queueLegacyRematch } from "../bridge/queue-bridge";

/** A sync job waits at most this long for rate budget, then ends "deferred" (the next run goes on). */
const SYNC_BUDGET_WAIT_MS = 4 * 60_000;
const LEASE_MS = TENANT_JOB_LEASE_MS;

export const callLogSyncJob = defineJob(callLogSyncContract, {
  handler: async ({ tenantId }, { signal, log }) => {
    const run = await runWhileTenantOpen(tenantId, CALL_LOG_STREAM, LEASE_MS, ({ signal: gated, renew }) =>
      syncCallLog(tenantId, {
        signal: gated,
        budget: { maxWaitMs: SYNC_BUDGET_WAIT_MS },
        // Renewed between windows, not in the window's transaction (which holds the cursor row's lock).
        shouldContinue: async () => {
          await renew();
          return !gated.aborted;
        },
      }), { signal });
    if (run.outcome !== "ran") {
      log.info({ tenantId, outcome: run.outcome }, run.outcome === "closed" ? "workspace closed for work; no sync" : "another run is syncing this tenant's call log");
      return { outcome: run.outcome };
    }
    log.info({ tenantId, outcome: run.value.outcome, totals: run.value.totals }, "call log sync finished");
    await queueMediaFor(tenantId);
    // New calls may be the ones unmatched legacy files were waiting for.
    await queueLegacyRematch(tenantId);
    return run.value;
  },
});

export const mediaIngestJob = defineJob(mediaIngestContract, {
  handler: async ({ tenantId }, { signal, log }) => {
    // One run per tenant at a time, whichever worker it lands on.
    const run = await runWhileTenantOpen(tenantId, MEDIA_STREAM, LEASE_MS, ({ signal: gated, renew }) => recordMediaRun(tenantId, () => drainMedia(tenantId, { signal: gated, afterBatch: renew }), gated), { signal });
    if (run.outcome !== "ran") {
      log.info({ tenantId, outcome: run.outcome }, run.outcome === "closed" ? "workspace closed for work; no media run" : "another run is fetching this tenant's media; nothing to do");
      return { outcome: run.outcome };
    }
    const result = run.value;
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
    const backfills = await db().backfill.findMany({ where: { status: { in: ["queued", "running"] }, tenant: { status: { not: "uninstalled" } } }, select: { id: true } });
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
    // Deleted with its workspace's data: nothing to do.
    if (!backfill) return { outcome: "gone" };
    const run = await runWhileTenantOpen(backfill.tenantId, BACKFILL_STREAM, LEASE_MS, ({ signal: gated, renew }) =>
      runBackfill(backfillId, { signal: gated, maxRunMs: 4 * 60_000, budget: { maxWaitMs: 3 * 60_000 }, afterStore: renew }), { signal });
    if (run.outcome !== "ran") {
      log.info({ backfillId, outcome: run.outcome }, run.outcome === "closed" ? "workspace closed for work; backfill not run" : "another backfill of this tenant is running; this one waits for the scheduler");
      return { outcome: run.outcome };
    }
    await queueMediaFor(backfill.tenantId);
    return { outcome: run.value };
  },
});

export const backfillPartJob = defineJob(backfillPartContract, {
  handler: async ({ partId }, { signal }) => {
    const part = await db().backfillPart.findUnique({ where: { id: partId }, select: { tenantId: true } });
    if (!part) return { outcome: "gone" };
    const run = await runWhileTenantOpen(part.tenantId, BACKFILL_STREAM, LEASE_MS, ({ signal: gated, renew }) => runBackfillPart(partId, { signal: gated, budget: { maxWaitMs: 5 * 60_000 }, afterStore: renew }), { signal });
    return run.outcome === "ran" ? run.value : { outcome: run.outcome };
  },
});
