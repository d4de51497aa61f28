-- CreateTable
CREATE TABLE "Feature" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tier" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'on',
    "throttlePercent" INTEGER,
    "defaultState" TEXT NOT NULL DEFAULT 'on',
    "stateChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Feature_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FeatureService" (
    "featureId" INTEGER NOT NULL,
    "serviceId" INTEGER NOT NULL,

    PRIMARY KEY ("featureId", "serviceId"),
    CONSTRAINT "FeatureService_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FeatureService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CostLimit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "featureId" INTEGER,
    "kind" TEXT NOT NULL,
    "metricId" INTEGER,
    "warningMicroUsd" BIGINT NOT NULL,
    "breachMicroUsd" BIGINT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CostLimit_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CostLimit_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CostLimit_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "BusinessMetric" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "featureId" INTEGER NOT NULL,
    "limitId" INTEGER,
    "kind" TEXT NOT NULL DEFAULT 'cost',
    "action" TEXT NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "throttlePercent" INTEGER,
    "cell" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "details" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "decidedBy" TEXT,
    CONSTRAINT "Proposal_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Proposal_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Proposal_limitId_fkey" FOREIGN KEY ("limitId") REFERENCES "CostLimit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SwitchChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "featureId" INTEGER NOT NULL,
    "fromState" TEXT NOT NULL,
    "fromPercent" INTEGER,
    "toState" TEXT NOT NULL,
    "toPercent" INTEGER,
    "cell" TEXT,
    "source" TEXT NOT NULL,
    "proposalId" INTEGER,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "requestedById" TEXT,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedById" TEXT,
    "approvedBy" TEXT,
    "decidedAt" DATETIME,
    CONSTRAINT "SwitchChange_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Application" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "allocationStrategy" TEXT NOT NULL DEFAULT 'requests',
    "allocationWeights" JSONB,
    "requireApproval" BOOLEAN NOT NULL DEFAULT false,
    "autoApplyFromTier" INTEGER,
    "cooldownMinutes" INTEGER NOT NULL DEFAULT 60,
    "restoreMarginPercent" INTEGER NOT NULL DEFAULT 10,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Application_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Application" ("accountId", "allocationStrategy", "allocationWeights", "createdAt", "description", "id", "name", "slug", "updatedAt") SELECT "accountId", "allocationStrategy", "allocationWeights", "createdAt", "description", "id", "name", "slug", "updatedAt" FROM "Application";
DROP TABLE "Application";
ALTER TABLE "new_Application" RENAME TO "Application";
CREATE UNIQUE INDEX "Application_accountId_slug_key" ON "Application"("accountId", "slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Feature_applicationId_key_key" ON "Feature"("applicationId", "key");

-- CreateIndex
CREATE INDEX "CostLimit_applicationId_idx" ON "CostLimit"("applicationId");

-- CreateIndex
CREATE INDEX "Proposal_applicationId_status_idx" ON "Proposal"("applicationId", "status");

-- CreateIndex
CREATE INDEX "SwitchChange_featureId_requestedAt_idx" ON "SwitchChange"("featureId", "requestedAt");

-- CreateIndex
CREATE INDEX "SwitchChange_status_idx" ON "SwitchChange"("status");
