-- AlterEnum
ALTER TYPE "HealthStatus" ADD VALUE 'skipped';
