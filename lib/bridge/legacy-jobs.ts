// The legacy bridge's worker jobs: one export poll per tenant at a time
// (stream lease on SyncCursor), re-matching after the call log brought calls,
// and the scheduler (every 5 minutes; a full walk of old day folders hourly).
import { db } from "../db";
import { defineJob } from "../jobs/define-job";
import { legacyImportContract, legacyRematchContract, legacyScheduleContract } from "../jobs/contracts";
import { withStreamLease } from "../ingest/sync-cursor";
import { LEGACY_STREAM, pollLegacyExport } from "./legacy-import";
import { matchLegacyFiles } from "./legacy-matching";
import { queueLegacyImport } from "./queue-bridge";
import { ftpImportStoppedFor } from "./modes/bridge-state";

const LEASE_MS = 10 * 60_000;

export const legacyImportJob = defineJob(legacyImportContract, {
  handler: async ({ tenantId, full }, { signal, log }) => {
    // The bridge mode decides whether the FTP import runs (api mode: only until the drain period ends).
    if (await ftpImportStoppedFor(tenantId)) return { outcome: "off" };
    const result = await withStreamLease(tenantId, LEGACY_STREAM, LEASE_MS, (renew) => pollLegacyExport(tenantId, { signal, full, afterFile: renew }));
    if (!result) {
      log.info({ tenantId }, "another run is polling this tenant's legacy export");
      return { outcome: "busy" };
    }
    if (result.more) await queueLegacyImport(tenantId, 5);
    return { outcome: result.outcome, totals: { ...result.totals, errors: result.totals.errors.length }, match: result.match, more: result.more };
  },
});

export const legacyRematchJob = defineJob(legacyRematchContract, {
  handler: async ({ tenantId }) => matchLegacyFiles(tenantId),
});

export const legacyScheduleJob = defineJob(legacyScheduleContract, {
  schedule: { cron: "*/5 * * * *", payload: {} },
  handler: async (_payload, { log }) => {
    const sources = await db().legacyExportSource.findMany({ where: { tenant: { status: "installed" } }, select: { tenantId: true } });
    const full = new Date().getUTCMinutes() < 5;
    let queued = 0;
    for (const { tenantId } of sources) if (!(await ftpImportStoppedFor(tenantId)) && (await queueLegacyImport(tenantId, 240, full))) queued++;
    log.info({ tenants: sources.length, queued, full }, "legacy export polls scheduled");
    return { queued };
  },
});
