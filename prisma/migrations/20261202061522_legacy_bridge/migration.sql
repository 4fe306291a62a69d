-- DropIndex
DROP INDEX "CallRecording_callId_key";

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "provenance" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "CallRecording" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'api';

-- CreateTable
CREATE TABLE "LegacyFile" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "mtime" TIMESTAMP(3),
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stableAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "blobKey" TEXT,
    "bytes" BIGINT,
    "durationMs" INTEGER,
    "duplicateOfId" TEXT,
    "campaign" TEXT,
    "localStart" TIMESTAMP(3),
    "customerNumber" TEXT,
    "agentUsername" TEXT,
    "sessionId" TEXT,
    "ivr" BOOLEAN NOT NULL DEFAULT false,
    "matchState" TEXT NOT NULL DEFAULT 'none',
    "matchedBy" TEXT,
    "callId" TEXT,
    "candidates" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "matchedAt" TIMESTAMP(3),
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LegacyFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegacyFolder" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "day" TEXT,
    "listedAt" TIMESTAMP(3) NOT NULL,
    "files" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LegacyFolder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallSourceRecord" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "checksum" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallSourceRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LegacyFile_tenantId_sha256_idx" ON "LegacyFile"("tenantId", "sha256");

-- CreateIndex
CREATE INDEX "LegacyFile_tenantId_status_idx" ON "LegacyFile"("tenantId", "status");

-- CreateIndex
CREATE INDEX "LegacyFile_tenantId_matchState_idx" ON "LegacyFile"("tenantId", "matchState");

-- CreateIndex
CREATE INDEX "LegacyFile_callId_idx" ON "LegacyFile"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "LegacyFile_tenantId_path_key" ON "LegacyFile"("tenantId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "LegacyFolder_tenantId_path_key" ON "LegacyFolder"("tenantId", "path");

-- CreateIndex
CREATE INDEX "CallSourceRecord_callId_idx" ON "CallSourceRecord"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "CallSourceRecord_tenantId_source_sourceKey_key" ON "CallSourceRecord"("tenantId", "source", "sourceKey");

-- CreateIndex
CREATE UNIQUE INDEX "CallRecording_callId_source_key" ON "CallRecording"("callId", "source");

-- AddForeignKey
ALTER TABLE "LegacyFile" ADD CONSTRAINT "LegacyFile_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegacyFile" ADD CONSTRAINT "LegacyFile_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallSourceRecord" ADD CONSTRAINT "CallSourceRecord_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallSourceRecord" ADD CONSTRAINT "CallSourceRecord_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

