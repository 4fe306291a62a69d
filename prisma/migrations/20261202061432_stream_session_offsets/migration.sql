-- AlterTable
ALTER TABLE "StreamSession" ADD COLUMN     "endBytes" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "offsetBytes" BIGINT NOT NULL DEFAULT 0;

