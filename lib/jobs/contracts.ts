// Every job's contract: its name, what it does and the zod schema of its
// payload. Senders (server actions, the scheduler, other jobs) import these
// and nothing else; the handlers are bound in catalog.ts, which only the
// worker loads. A wrong name or payload does not compile (see queue.ts).
import { z } from "zod";
import { jobContract } from "./define-job";

const tenantPayload = z.object({ tenantId: z.string().min(1) });

export const auditRetentionContract = jobContract({
  name: "audit-log.retention",
  description: "Delete audit entries older than the retention period",
  schema: z.object({ olderThanDays: z.number().int().min(1).max(36_500).optional() }),
});

export const reencryptSecretsContract = jobContract({
  name: "secrets.reencrypt",
  description: "Re-seal every stored secret under the newest encryption key",
  schema: z.object({}),
});

export const refreshTokensContract = jobContract({
  name: "five9.refresh-tokens",
  description: "Renew Five9 access tokens before they expire",
  schema: z.object({}),
  expireInSeconds: 300,
});

export const scheduledHealthContract = jobContract({
  name: "health.scheduled",
  description: "Queue a health run for every installed tenant",
  schema: z.object({}),
});

export const tenantHealthContract = jobContract({
  name: "health.tenant",
  description: "Run the health checks of one tenant",
  schema: tenantPayload,
  retryLimit: 1,
  expireInSeconds: 600,
});

export const deleteTenantDataContract = jobContract({
  name: "tenant.delete-data",
  description: "Delete a tenant's data after uninstall, with progress",
  schema: z.object({ deletionId: z.string().min(1) }),
  retryLimit: 5,
});

export const callLogSyncContract = jobContract({
  name: "ingest.call-log",
  description: "Read new call log rows of one tenant from Five9 and store them",
  schema: tenantPayload,
  retryLimit: 1,
});

export const mediaIngestContract = jobContract({
  name: "ingest.media",
  description: "Store the recordings and transcripts of one tenant's calls that still lack them",
  schema: tenantPayload,
  retryLimit: 1,
});

export const forgetCampaignCallsContract = jobContract({
  name: "ingest.forget-campaign-calls",
  description: "Delete the stored calls (rows, recordings, transcripts) of campaigns a tenant unticked",
  schema: z.object({ tenantId: z.string().min(1), campaigns: z.array(z.string().min(1).max(200)).min(1).max(1000), requestedBy: z.string().max(320).optional() }),
  retryLimit: 3,
});

export const ingestScheduleContract = jobContract({
  name: "ingest.schedule",
  description: "Queue the call log sync of every installed tenant, and resume active backfills",
  schema: z.object({}),
});

export const backfillRunContract = jobContract({
  name: "backfill.run",
  description: "Run a call log backfill part by part (skips finished parts)",
  schema: z.object({ backfillId: z.string().min(1) }),
  retryLimit: 3,
});

export const backfillPartContract = jobContract({
  name: "backfill.part",
  description: "Read one part of a call log backfill",
  schema: z.object({ partId: z.string().min(1) }),
  retryLimit: 3,
});

export const sweepBlobTempContract = jobContract({
  name: "blobs.sweep-temp",
  description: "Remove abandoned upload temp files from the file blob store",
  schema: z.object({}),
});

export const pruneHistoryContract = jobContract({
  name: "history.prune",
  description: "Delete health runs and ingestion runs older than their retention period",
  schema: z.object({ olderThanDays: z.number().int().min(1).max(36_500).optional() }),
});

export const legacyImportContract = jobContract({
  name: "bridge.legacy-import",
  description: "Poll one tenant's legacy FTP/SFTP export: remember new files, read stable ones, match them to calls",
  schema: z.object({ tenantId: z.string().min(1), full: z.boolean().optional() }),
  retryLimit: 1,
  expireInSeconds: 900,
});

export const legacyRematchContract = jobContract({
  name: "bridge.legacy-rematch",
  description: "Match one tenant's unmatched and ambiguous legacy files again (after the call log brought calls)",
  schema: tenantPayload,
  retryLimit: 2,
});

export const legacyScheduleContract = jobContract({
  name: "bridge.legacy-schedule",
  description: "Queue the legacy export poll of every installed tenant with an FTP/SFTP export",
  schema: z.object({}),
});

export const liveAudioRepairContract = jobContract({
  name: "live-audio.repair",
  description: "Fill one call's live-audio gaps from its recording and mark them repaired",
  schema: z.object({ callId: z.string().min(1).max(100) }),
  retryLimit: 3,
  expireInSeconds: 600,
});

export const liveAudioRepairSweepContract = jobContract({
  name: "live-audio.repair-sweep",
  description: "Queue gap repair for every call with live audio and a recording not yet checked",
  schema: z.object({}),
});
