-- CreateEnum
CREATE TYPE "GrantType" AS ENUM ('authorization_code', 'client_credentials');

-- CreateEnum
CREATE TYPE "InstallStep" AS ENUM ('region', 'authorize', 'credentials', 'campaigns', 'live_audio', 'verify', 'done');

-- CreateEnum
CREATE TYPE "ConnectionState" AS ENUM ('active', 'needs_reauthorization', 'revoked');

-- CreateEnum
CREATE TYPE "HealthStatus" AS ENUM ('pass', 'warn', 'fail');

-- CreateTable
CREATE TABLE "Install" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "step" "InstallStep" NOT NULL DEFAULT 'region',
    "region" TEXT,
    "five9DomainId" TEXT,
    "grantType" "GrantType",
    "campaigns" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "dataKinds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "startedBy" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Install_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Five9Connection" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "five9DomainId" TEXT NOT NULL,
    "grantType" "GrantType" NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretSealed" TEXT,
    "accessTokenSealed" TEXT,
    "refreshTokenSealed" TEXT,
    "tokenExpiresAt" TIMESTAMP(3),
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "state" "ConnectionState" NOT NULL DEFAULT 'active',
    "lastRefreshedAt" TIMESTAMP(3),
    "lastRefreshError" TEXT,
    "tokenVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Five9Connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupervisorCredential" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordSealed" TEXT NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SupervisorCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegacyExportSource" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "username" TEXT NOT NULL,
    "passwordSealed" TEXT NOT NULL,
    "folder" TEXT NOT NULL DEFAULT '/',
    "verifiedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LegacyExportSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoiceStreamSubscription" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "trustTokenHash" TEXT NOT NULL,
    "validatedAt" TIMESTAMP(3),
    "lastEventAt" TIMESTAMP(3),
    "lastStreamAt" TIMESTAMP(3),
    "disabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VoiceStreamSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthState" (
    "id" TEXT NOT NULL,
    "stateHash" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "browserBindingHash" TEXT NOT NULL,
    "codeVerifierSealed" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthRun" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "triggeredBy" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "HealthRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthResult" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" "HealthStatus" NOT NULL,
    "message" TEXT NOT NULL,
    "fixHint" TEXT,
    "durationMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HealthResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataDeletion" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB,
    "requestedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "DataDeletion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Install_tenantId_key" ON "Install"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Five9Connection_tenantId_key" ON "Five9Connection"("tenantId");

-- CreateIndex
CREATE INDEX "Five9Connection_state_tokenExpiresAt_idx" ON "Five9Connection"("state", "tokenExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "SupervisorCredential_tenantId_key" ON "SupervisorCredential"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "LegacyExportSource_tenantId_key" ON "LegacyExportSource"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "VoiceStreamSubscription_tenantId_key" ON "VoiceStreamSubscription"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "VoiceStreamSubscription_eventKey_key" ON "VoiceStreamSubscription"("eventKey");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthState_stateHash_key" ON "OAuthState"("stateHash");

-- CreateIndex
CREATE INDEX "OAuthState_expiresAt_idx" ON "OAuthState"("expiresAt");

-- CreateIndex
CREATE INDEX "HealthRun_tenantId_startedAt_idx" ON "HealthRun"("tenantId", "startedAt");

-- CreateIndex
CREATE INDEX "HealthResult_tenantId_checkId_createdAt_idx" ON "HealthResult"("tenantId", "checkId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "HealthResult_runId_checkId_key" ON "HealthResult"("runId", "checkId");

-- CreateIndex
CREATE INDEX "DataDeletion_tenantId_createdAt_idx" ON "DataDeletion"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "Install" ADD CONSTRAINT "Install_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Five9Connection" ADD CONSTRAINT "Five9Connection_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupervisorCredential" ADD CONSTRAINT "SupervisorCredential_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegacyExportSource" ADD CONSTRAINT "LegacyExportSource_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoiceStreamSubscription" ADD CONSTRAINT "VoiceStreamSubscription_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthState" ADD CONSTRAINT "OAuthState_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HealthRun" ADD CONSTRAINT "HealthRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HealthResult" ADD CONSTRAINT "HealthResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "HealthRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataDeletion" ADD CONSTRAINT "DataDeletion_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
