-- AlterTable
ALTER TABLE "Resource" ADD COLUMN "lastSeenRunId" INTEGER;

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN "apiUsage" JSONB;
ALTER TABLE "SyncRun" ADD COLUMN "gaps" JSONB;

-- CreateTable
CREATE TABLE "AwsAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "awsAccountId" TEXT,
    "roleArn" TEXT,
    "externalId" TEXT,
    "regions" TEXT,
    "readsCost" BOOLEAN NOT NULL DEFAULT true,
    "readsResources" BOOLEAN NOT NULL DEFAULT true,
    "lastTestAt" DATETIME,
    "lastTest" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AwsAccount_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyncDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "costReadAt" DATETIME,
    "costEstimated" BOOLEAN NOT NULL DEFAULT false,
    "costQueryHash" TEXT,
    "costGap" TEXT,
    "trafficReadAt" DATETIME,
    "trafficGap" TEXT,
    "totalMicroUsd" BIGINT,
    "linesMicroUsd" BIGINT,
    CONSTRAINT "SyncDay_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyncStageCost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "applicationId" INTEGER,
    "service" TEXT,
    "costMicroUsd" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL,
    "isTotal" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "SyncStageTraffic" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "requestCount" BIGINT NOT NULL,
    "count4xx" BIGINT NOT NULL,
    "count5xx" BIGINT NOT NULL,
    "throttleCount" BIGINT NOT NULL,
    "latencyP99Ms" REAL
);

-- CreateTable
CREATE TABLE "SyncStageOperation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "requestCount" BIGINT NOT NULL,
    "faultCount" BIGINT NOT NULL,
    "errorCount" BIGINT NOT NULL,
    "latencyAvgMs" REAL
);

-- CreateTable
CREATE TABLE "ServiceOperationDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "serviceId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "requestCount" BIGINT NOT NULL,
    "faultCount" BIGINT NOT NULL DEFAULT 0,
    "errorCount" BIGINT NOT NULL DEFAULT 0,
    "latencyAvgMs" REAL,
    CONSTRAINT "ServiceOperationDay_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AwsAccount_accountId_name_key" ON "AwsAccount"("accountId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "SyncDay_accountId_day_key" ON "SyncDay"("accountId", "day");

-- CreateIndex
CREATE INDEX "SyncStageCost_runId_day_idx" ON "SyncStageCost"("runId", "day");

-- CreateIndex
CREATE INDEX "SyncStageTraffic_runId_day_idx" ON "SyncStageTraffic"("runId", "day");

-- CreateIndex
CREATE INDEX "SyncStageOperation_runId_day_idx" ON "SyncStageOperation"("runId", "day");

-- CreateIndex
CREATE INDEX "ServiceOperationDay_day_idx" ON "ServiceOperationDay"("day");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceOperationDay_serviceId_day_operation_key" ON "ServiceOperationDay"("serviceId", "day", "operation");
