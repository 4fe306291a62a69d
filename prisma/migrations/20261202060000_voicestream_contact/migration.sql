-- AlterTable
ALTER TABLE "VoiceStreamSubscription" ADD COLUMN     "lastAuthenticatedAt" TIMESTAMP(3),
ADD COLUMN     "lastRejectedAt" TIMESTAMP(3),
ADD COLUMN     "lastRejectReason" TEXT,
ADD COLUMN     "five9SubscriptionId" TEXT;
