// Every job the worker runs: a contract (contracts.ts) bound to its handler.
// Only the worker imports this file; senders import contracts.
import { reencryptSecretsJob } from "../crypto/reencrypt-secrets";
import { refreshTokensJob } from "../five9/refresh-tokens-job";
import { scheduledHealthJob, tenantHealthJob } from "../health/health-jobs";
import { deleteTenantDataJob } from "../install/delete-tenant-data";
import { backfillPartJob, backfillRunJob, callLogSyncJob, ingestScheduleJob, mediaIngestJob } from "../ingest/ingest-jobs";
import { sweepBlobTempJob } from "../blob/sweep-job";
import { forgetCampaignCallsJob } from "../ingest/forget-campaign-calls";
import { legacyImportJob, legacyRematchJob, legacyScheduleJob } from "../bridge/legacy-jobs";
import { liveAudioRepairJob, liveAudioRepairSweepJob } from "../live-audio/repair-jobs";
import { auditRetentionJob } from "./audit-retention";
import { pruneHistoryJob } from "./history-retention";
import type { JobDefinition } from "./define-job";

const jobs = [
  auditRetentionJob, pruneHistoryJob, reencryptSecretsJob, refreshTokensJob, scheduledHealthJob, tenantHealthJob, deleteTenantDataJob,
  callLogSyncJob, mediaIngestJob, ingestScheduleJob, backfillRunJob, backfillPartJob, sweepBlobTempJob, forgetCampaignCallsJob,
  legacyImportJob, legacyRematchJob, legacyScheduleJob, liveAudioRepairJob, liveAudioRepairSweepJob,
] as unknown as JobDefinition[];

export const jobCatalog: Record<string, JobDefinition> = Object.fromEntries(jobs.map((job) => [job.name, job]));
