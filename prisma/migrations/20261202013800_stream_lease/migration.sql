-- AlterTable
ALTER TABLE "SyncCursor" ADD COLUMN     "leaseUntil" TIMESTAMP(3);
