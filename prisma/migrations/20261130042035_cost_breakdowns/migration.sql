/*
  Warnings:

  - You are about to drop the `AwsServiceDay` table. If the table is not empty, all the data it contains will be lost.
  - You are about to drop the column `awsService` on the `SyncStageCost` table. All the data in the column will be lost.

*/
-- CreateTable
CREATE TABLE "CostBreakdownDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "costMicroUsd" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "CostBreakdownDay_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Copy the breakdown by AWS service into the general table (dimension 'awsService')
INSERT INTO "CostBreakdownDay" ("applicationId", "day", "dimension", "value", "costMicroUsd", "estimated") SELECT "applicationId", "day", 'awsService', "awsService", "costMicroUsd", "estimated" FROM "AwsServiceDay";

-- DropIndex
DROP INDEX "AwsServiceDay_applicationId_day_awsService_key";

-- DropIndex
DROP INDEX "AwsServiceDay_day_idx";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "AwsServiceDay";
PRAGMA foreign_keys=on;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CloudAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "serviceTagKey" TEXT NOT NULL DEFAULT 'service',
    "cellTagKey" TEXT NOT NULL DEFAULT 'cell',
    "exploredTagKeys" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_CloudAccount" ("cellTagKey", "createdAt", "id", "name", "serviceTagKey", "source", "updatedAt") SELECT "cellTagKey", "createdAt", "id", "name", "serviceTagKey", "source", "updatedAt" FROM "CloudAccount";
DROP TABLE "CloudAccount";
ALTER TABLE "new_CloudAccount" RENAME TO "CloudAccount";
CREATE TABLE "new_SyncStageCost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "applicationId" INTEGER,
    "service" TEXT,
    "costMicroUsd" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL,
    "isTotal" BOOLEAN NOT NULL DEFAULT false,
    "breakdown" TEXT,
    "breakdownValue" TEXT
);
INSERT INTO "new_SyncStageCost" ("applicationId", "costMicroUsd", "day", "estimated", "id", "isTotal", "runId", "service") SELECT "applicationId", "costMicroUsd", "day", "estimated", "id", "isTotal", "runId", "service" FROM "SyncStageCost";
DROP TABLE "SyncStageCost";
ALTER TABLE "new_SyncStageCost" RENAME TO "SyncStageCost";
CREATE INDEX "SyncStageCost_runId_day_idx" ON "SyncStageCost"("runId", "day");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CostBreakdownDay_dimension_day_idx" ON "CostBreakdownDay"("dimension", "day");

-- CreateIndex
CREATE UNIQUE INDEX "CostBreakdownDay_applicationId_day_dimension_value_key" ON "CostBreakdownDay"("applicationId", "day", "dimension", "value");
