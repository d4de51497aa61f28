-- CreateTable
CREATE TABLE "ServiceCostDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "serviceId" INTEGER NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "ownCostMicroUsd" BIGINT NOT NULL,
    "sharedCostMicroUsd" BIGINT NOT NULL,
    "requestCount" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ServiceCostDay_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ServiceCostDay_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BusinessMetricUpload" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "userId" TEXT,
    "userEmail" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "rowsImported" INTEGER NOT NULL,
    "rowsRejected" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" DATETIME,
    CONSTRAINT "BusinessMetricUpload_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BusinessMetricUploadChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "uploadId" INTEGER NOT NULL,
    "metricId" INTEGER NOT NULL,
    "ts" DATETIME NOT NULL,
    "previousValue" REAL,
    "newValue" REAL NOT NULL,
    CONSTRAINT "BusinessMetricUploadChange_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "BusinessMetricUpload" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BusinessMetricUploadChange_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "BusinessMetric" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BusinessMetric" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "aggregation" TEXT NOT NULL DEFAULT 'sum',
    "origin" TEXT NOT NULL,
    "cloudwatch" JSONB,
    "revenuePerUnitUsd" REAL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BusinessMetric_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_BusinessMetric" ("aggregation", "applicationId", "cloudwatch", "createdAt", "id", "name", "origin", "unit") SELECT "aggregation", "applicationId", "cloudwatch", "createdAt", "id", "name", "origin", "unit" FROM "BusinessMetric";
DROP TABLE "BusinessMetric";
ALTER TABLE "new_BusinessMetric" RENAME TO "BusinessMetric";
CREATE UNIQUE INDEX "BusinessMetric_applicationId_name_key" ON "BusinessMetric"("applicationId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ServiceCostDay_applicationId_day_idx" ON "ServiceCostDay"("applicationId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCostDay_serviceId_day_key" ON "ServiceCostDay"("serviceId", "day");

-- CreateIndex
CREATE INDEX "BusinessMetricUpload_applicationId_createdAt_idx" ON "BusinessMetricUpload"("applicationId", "createdAt");

-- CreateIndex
CREATE INDEX "BusinessMetricUploadChange_uploadId_idx" ON "BusinessMetricUploadChange"("uploadId");
