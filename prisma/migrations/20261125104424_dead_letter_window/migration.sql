-- AlterTable
ALTER TABLE "DeadLetter" ADD COLUMN     "windowFrom" TIMESTAMP(3),
ADD COLUMN     "windowTo" TIMESTAMP(3);
