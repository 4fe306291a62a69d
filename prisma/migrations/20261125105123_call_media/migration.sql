-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "mediaCheckedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Call_tenantId_mediaCheckedAt_startedAt_idx" ON "Call"("tenantId", "mediaCheckedAt", "startedAt");
