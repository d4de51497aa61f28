-- AlterTable
ALTER TABLE "Feature" ADD COLUMN "revenueSharePercent" INTEGER;
