-- CreateEnum
CREATE TYPE "BackfillStatus" AS ENUM ('queued', 'running', 'paused', 'cancelled', 'done', 'failed');

-- CreateEnum
CREATE TYPE "BackfillPartStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "five9TimeZone" TEXT;

-- CreateTable
CREATE TABLE "Call" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "tenantId" TEXT NOT NULL,
    "five9CallId" TEXT NOT NULL,
    "sessionId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "durationSeconds" INTEGER,
    "campaign" TEXT,
    "callType" TEXT,
    "agentUsername" TEXT,
    "agentName" TEXT,
    "skill" TEXT,
    "disposition" TEXT,
    "ani" TEXT,
    "dnis" TEXT,
    "raw" JSONB NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Call_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallRecording" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "blobKey" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "durationMs" INTEGER,
    "contentType" TEXT NOT NULL DEFAULT 'audio/wav',
    "storedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallRecording_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallTranscript" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "segments" JSONB NOT NULL,
    "storedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallTranscript_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncCursor" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "cursor" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastError" TEXT,
    "stoppedAt" TIMESTAMP(3),
    "stopKind" TEXT,
    "stopReason" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncCursor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateBudget" (
    "id" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "opClass" TEXT NOT NULL,
    "blockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateBudget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateGrant" (
    "id" BIGSERIAL NOT NULL,
    "budgetId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IngestRun" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "backfillId" TEXT,
    "windowFrom" TIMESTAMP(3) NOT NULL,
    "windowTo" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT NOT NULL DEFAULT 'running',
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,

    CONSTRAINT "IngestRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "five9CallId" TEXT,
    "reason" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "lastError" TEXT,
    "firstFailedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastFailedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Backfill" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3) NOT NULL,
    "status" "BackfillStatus" NOT NULL DEFAULT 'queued',
    "totalParts" INTEGER NOT NULL DEFAULT 0,
    "doneParts" INTEGER NOT NULL DEFAULT 0,
    "callsFound" INTEGER NOT NULL DEFAULT 0,
    "deadLetters" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "requestedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Backfill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackfillPart" (
    "id" TEXT NOT NULL,
    "backfillId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3) NOT NULL,
    "status" "BackfillPartStatus" NOT NULL DEFAULT 'queued',
    "rows" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BackfillPart_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Call_tenantId_startedAt_idx" ON "Call"("tenantId", "startedAt");

-- CreateIndex
CREATE INDEX "Call_tenantId_campaign_startedAt_idx" ON "Call"("tenantId", "campaign", "startedAt");

-- CreateIndex
CREATE INDEX "Call_tenantId_agentUsername_startedAt_idx" ON "Call"("tenantId", "agentUsername", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Call_tenantId_five9CallId_key" ON "Call"("tenantId", "five9CallId");

-- CreateIndex
CREATE UNIQUE INDEX "CallRecording_callId_key" ON "CallRecording"("callId");

-- CreateIndex
CREATE INDEX "CallRecording_tenantId_storedAt_idx" ON "CallRecording"("tenantId", "storedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CallTranscript_callId_key" ON "CallTranscript"("callId");

-- CreateIndex
CREATE INDEX "CallTranscript_tenantId_storedAt_idx" ON "CallTranscript"("tenantId", "storedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SyncCursor_tenantId_stream_key" ON "SyncCursor"("tenantId", "stream");

-- CreateIndex
CREATE UNIQUE INDEX "RateBudget_domainId_family_opClass_key" ON "RateBudget"("domainId", "family", "opClass");

-- CreateIndex
CREATE INDEX "RateGrant_budgetId_at_idx" ON "RateGrant"("budgetId", "at");

-- CreateIndex
CREATE INDEX "IngestRun_tenantId_startedAt_idx" ON "IngestRun"("tenantId", "startedAt");

-- CreateIndex
CREATE INDEX "IngestRun_tenantId_kind_outcome_idx" ON "IngestRun"("tenantId", "kind", "outcome");

-- CreateIndex
CREATE INDEX "DeadLetter_tenantId_resolvedAt_idx" ON "DeadLetter"("tenantId", "resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeadLetter_tenantId_kind_itemKey_key" ON "DeadLetter"("tenantId", "kind", "itemKey");

-- CreateIndex
CREATE INDEX "Backfill_tenantId_createdAt_idx" ON "Backfill"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Backfill_status_idx" ON "Backfill"("status");

-- CreateIndex
CREATE INDEX "BackfillPart_tenantId_idx" ON "BackfillPart"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "BackfillPart_backfillId_index_key" ON "BackfillPart"("backfillId", "index");

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallRecording" ADD CONSTRAINT "CallRecording_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTranscript" ADD CONSTRAINT "CallTranscript_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncCursor" ADD CONSTRAINT "SyncCursor_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RateGrant" ADD CONSTRAINT "RateGrant_budgetId_fkey" FOREIGN KEY ("budgetId") REFERENCES "RateBudget"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IngestRun" ADD CONSTRAINT "IngestRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadLetter" ADD CONSTRAINT "DeadLetter_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Backfill" ADD CONSTRAINT "Backfill_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackfillPart" ADD CONSTRAINT "BackfillPart_backfillId_fkey" FOREIGN KEY ("backfillId") REFERENCES "Backfill"("id") ON DELETE CASCADE ON UPDATE CASCADE;
