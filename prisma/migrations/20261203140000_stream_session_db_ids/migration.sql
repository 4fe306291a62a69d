-- AlterTable
ALTER TABLE "StreamSession" ALTER COLUMN "id" SET DEFAULT (gen_random_uuid())::text;

