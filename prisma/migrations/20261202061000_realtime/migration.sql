-- CreateTable
CREATE TABLE "StreamSession" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "leg" TEXT NOT NULL,
    "segment" INTEGER NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "receiverId" TEXT,
    "blobKey" TEXT NOT NULL,
    "configAt" TIMESTAMP(3) NOT NULL,
    "startSentAt" TIMESTAMP(3),
    "firstAudioAt" TIMESTAMP(3),
    "lastAudioAt" TIMESTAMP(3),
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "gaps" JSONB NOT NULL DEFAULT '[]',
    "holds" JSONB NOT NULL DEFAULT '[]',
    "timeToFirstAudioMs" INTEGER,
    "endStatus" TEXT,
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StreamSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LiveAudio" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "leg" TEXT NOT NULL,
    "blobKey" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "gapMs" INTEGER NOT NULL DEFAULT 0,
    "repairedMs" INTEGER NOT NULL DEFAULT 0,
    "storedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiveAudio_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallEvent" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "five9CallId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "variables" JSONB NOT NULL,

    CONSTRAINT "CallEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StreamSession_tenantId_configAt_idx" ON "StreamSession"("tenantId", "configAt");

-- CreateIndex
CREATE INDEX "StreamSession_tenantId_endedAt_idx" ON "StreamSession"("tenantId", "endedAt");

-- CreateIndex
CREATE UNIQUE INDEX "StreamSession_callId_leg_segment_key" ON "StreamSession"("callId", "leg", "segment");

-- CreateIndex
CREATE INDEX "LiveAudio_tenantId_storedAt_idx" ON "LiveAudio"("tenantId", "storedAt");

-- CreateIndex
CREATE UNIQUE INDEX "LiveAudio_callId_leg_key" ON "LiveAudio"("callId", "leg");

-- CreateIndex
CREATE INDEX "CallEvent_tenantId_five9CallId_sequence_idx" ON "CallEvent"("tenantId", "five9CallId", "sequence");

-- CreateIndex
CREATE INDEX "CallEvent_tenantId_receivedAt_idx" ON "CallEvent"("tenantId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CallEvent_tenantId_eventId_key" ON "CallEvent"("tenantId", "eventId");

-- AddForeignKey
ALTER TABLE "StreamSession" ADD CONSTRAINT "StreamSession_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveAudio" ADD CONSTRAINT "LiveAudio_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallEvent" ADD CONSTRAINT "CallEvent_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

