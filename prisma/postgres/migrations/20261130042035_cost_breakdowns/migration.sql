/*
  Warnings:

  - You are about to drop the column `awsService` on the `SyncStageCost` table. All the data in the column will be lost.
  - You are about to drop the `AwsServiceDay` table. If the table is not empty, all the data it contains will be lost.

*/
-- DropForeignKey
ALTER TABLE "AwsServiceDay" DROP CONSTRAINT "AwsServiceDay_applicationId_fkey";

-- AlterTable
ALTER TABLE "CloudAccount" ADD COLUMN     "exploredTagKeys" TEXT NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "SyncStageCost" DROP COLUMN "awsService",
ADD COLUMN     "breakdown" TEXT,
ADD COLUMN     "breakdownValue" TEXT;

-- CreateTable
CREATE TABLE "CostBreakdownDay" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "costMicroUsd" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CostBreakdownDay_pkey" PRIMARY KEY ("id")
);

-- Copy the breakdown by AWS service into the general table (dimension 'awsService')
INSERT INTO "CostBreakdownDay" ("applicationId", "day", "dimension", "value", "costMicroUsd", "estimated") SELECT "applicationId", "day", 'awsService', "awsService", "costMicroUsd", "estimated" FROM "AwsServiceDay";

-- DropTable
DROP TABLE "AwsServiceDay";

-- CreateIndex
CREATE INDEX "CostBreakdownDay_dimension_day_idx" ON "CostBreakdownDay"("dimension", "day");

-- CreateIndex
CREATE UNIQUE INDEX "CostBreakdownDay_applicationId_day_dimension_value_key" ON "CostBreakdownDay"("applicationId", "day", "dimension", "value");

-- AddForeignKey
ALTER TABLE "CostBreakdownDay" ADD CONSTRAINT "CostBreakdownDay_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
