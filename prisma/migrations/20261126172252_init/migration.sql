-- CreateTable
CREATE TABLE "CloudAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "serviceTagKey" TEXT NOT NULL DEFAULT 'service',
    "cellTagKey" TEXT NOT NULL DEFAULT 'cell',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Application" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "allocationStrategy" TEXT NOT NULL DEFAULT 'requests',
    "allocationWeights" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Application_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TagRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    CONSTRAINT "TagRule_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TagRule_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Service" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Service_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Cell" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "Cell_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Resource" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "arn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "tags" JSONB NOT NULL,
    "applicationId" INTEGER,
    "serviceId" INTEGER,
    "cellId" INTEGER,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "goneSince" DATETIME,
    CONSTRAINT "Resource_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Resource_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Resource_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Resource_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "Cell" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CostDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "applicationId" INTEGER,
    "serviceId" INTEGER,
    "costMicroUsd" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "CostDay_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CostDay_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CostDay_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ServiceDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "serviceId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "requestCount" BIGINT NOT NULL,
    "count4xx" BIGINT NOT NULL DEFAULT 0,
    "count5xx" BIGINT NOT NULL DEFAULT 0,
    "throttleCount" BIGINT NOT NULL DEFAULT 0,
    "latencyP99Ms" REAL,
    CONSTRAINT "ServiceDay_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BusinessMetric" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "aggregation" TEXT NOT NULL DEFAULT 'sum',
    "origin" TEXT NOT NULL,
    "cloudwatch" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BusinessMetric_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BusinessMetricPoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "metricId" INTEGER NOT NULL,
    "ts" DATETIME NOT NULL,
    "day" TEXT NOT NULL,
    "value" REAL NOT NULL,
    CONSTRAINT "BusinessMetricPoint_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "BusinessMetric" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "fromDay" TEXT NOT NULL,
    "toDay" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "durationMs" INTEGER,
    "stats" JSONB,
    "error" TEXT,
    "apiCallCount" INTEGER NOT NULL DEFAULT 0,
    "apiCostMicroUsd" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "SyncRun_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Application_accountId_slug_key" ON "Application"("accountId", "slug");

-- CreateIndex
CREATE INDEX "TagRule_applicationId_idx" ON "TagRule"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "TagRule_accountId_position_key" ON "TagRule"("accountId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Service_applicationId_name_key" ON "Service"("applicationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Cell_accountId_name_key" ON "Cell"("accountId", "name");

-- CreateIndex
CREATE INDEX "Resource_applicationId_idx" ON "Resource"("applicationId");

-- CreateIndex
CREATE INDEX "Resource_serviceId_idx" ON "Resource"("serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "Resource_accountId_arn_key" ON "Resource"("accountId", "arn");

-- CreateIndex
CREATE INDEX "CostDay_applicationId_day_idx" ON "CostDay"("applicationId", "day");

-- CreateIndex
CREATE INDEX "CostDay_serviceId_day_idx" ON "CostDay"("serviceId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "CostDay_accountId_day_scope_key" ON "CostDay"("accountId", "day", "scope");

-- CreateIndex
CREATE INDEX "ServiceDay_day_idx" ON "ServiceDay"("day");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceDay_serviceId_day_key" ON "ServiceDay"("serviceId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "BusinessMetric_applicationId_name_key" ON "BusinessMetric"("applicationId", "name");

-- CreateIndex
CREATE INDEX "BusinessMetricPoint_metricId_day_idx" ON "BusinessMetricPoint"("metricId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "BusinessMetricPoint_metricId_ts_key" ON "BusinessMetricPoint"("metricId", "ts");

-- CreateIndex
CREATE INDEX "SyncRun_accountId_startedAt_idx" ON "SyncRun"("accountId", "startedAt");
