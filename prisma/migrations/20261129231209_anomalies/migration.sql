-- AlterTable
ALTER TABLE "Application" ADD COLUMN "anomalyThresholds" JSONB;

-- CreateTable
CREATE TABLE "Anomaly" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "serviceId" INTEGER,
    "scope" TEXT NOT NULL,
    "figure" TEXT NOT NULL,
    "metricId" INTEGER,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "startDay" TEXT NOT NULL,
    "openedDay" TEXT NOT NULL,
    "lastDay" TEXT NOT NULL,
    "closedDay" TEXT,
    "value" REAL NOT NULL,
    "expected" REAL NOT NULL,
    "low" REAL NOT NULL,
    "high" REAL NOT NULL,
    "excessUsd" REAL NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,
    "details" JSONB NOT NULL,
    "feedback" TEXT,
    "feedbackReason" TEXT,
    "feedbackBy" TEXT,
    "feedbackAt" DATETIME,
    "expectedTo" TEXT,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Anomaly_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Anomaly_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WebhookDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "webhookId" INTEGER NOT NULL,
    "incidentId" INTEGER,
    "anomalyId" INTEGER,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookDelivery_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookDelivery_anomalyId_fkey" FOREIGN KEY ("anomalyId") REFERENCES "Anomaly" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_WebhookDelivery" ("attempts", "createdAt", "deliveredAt", "event", "id", "incidentId", "lastError", "nextAttemptAt", "payload", "status", "webhookId") SELECT "attempts", "createdAt", "deliveredAt", "event", "id", "incidentId", "lastError", "nextAttemptAt", "payload", "status", "webhookId" FROM "WebhookDelivery";
DROP TABLE "WebhookDelivery";
ALTER TABLE "new_WebhookDelivery" RENAME TO "WebhookDelivery";
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_incidentId_event_key" ON "WebhookDelivery"("webhookId", "incidentId", "event");
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_anomalyId_event_key" ON "WebhookDelivery"("webhookId", "anomalyId", "event");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Anomaly_applicationId_state_idx" ON "Anomaly"("applicationId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Anomaly_applicationId_scope_openedDay_key" ON "Anomaly"("applicationId", "scope", "openedDay");
