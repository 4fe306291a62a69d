-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "bridgeDrainUntil" TIMESTAMP(3),
ADD COLUMN     "bridgeWatermark" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "BridgeModeChange" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "fromMode" "BridgeMode" NOT NULL,
    "toMode" "BridgeMode" NOT NULL,
    "watermark" TIMESTAMP(3),
    "drainUntil" TIMESTAMP(3),
    "actorEmail" TEXT,
    "preview" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BridgeModeChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BridgeModeChange_tenantId_at_idx" ON "BridgeModeChange"("tenantId", "at");

-- AddForeignKey
ALTER TABLE "BridgeModeChange" ADD CONSTRAINT "BridgeModeChange_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

