-- DropIndex
DROP INDEX "CallTranscript_callId_key";

-- AlterTable
ALTER TABLE "CallTranscript" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'api';

-- AlterTable
ALTER TABLE "LegacyFile" ADD COLUMN     "segments" JSONB;

-- CreateIndex
CREATE UNIQUE INDEX "CallTranscript_callId_source_key" ON "CallTranscript"("callId", "source");

