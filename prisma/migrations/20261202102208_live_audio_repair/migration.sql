-- AlterTable
ALTER TABLE "LiveAudio" ADD COLUMN     "repairCheckedAt" TIMESTAMP(3);

