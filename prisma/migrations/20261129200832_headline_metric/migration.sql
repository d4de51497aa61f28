-- AlterTable
ALTER TABLE "Application" ADD COLUMN "headlineMetricId" INTEGER;
