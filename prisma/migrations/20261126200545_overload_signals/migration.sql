-- AlterTable
ALTER TABLE "Application" ADD COLUMN "overloadThresholds" JSONB;

-- CreateTable
CREATE TABLE "MetricSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "serviceId" INTEGER NOT NULL,
    "cell" TEXT NOT NULL,
    "periodSeconds" INTEGER NOT NULL,
    "ts" DATETIME NOT NULL,
    "requests" INTEGER NOT NULL,
    "count2xx" INTEGER NOT NULL,
    "count4xx" INTEGER NOT NULL,
    "count5xx" INTEGER NOT NULL,
    "throttles" INTEGER NOT NULL,
    "retries" INTEGER,
    "latencyP50Ms" REAL,
    "latencyP99Ms" REAL,
    "queueAgeSeconds" REAL,
    "queueDepth" REAL,
    "queueSent" INTEGER,
    "queueDeleted" INTEGER,
    CONSTRAINT "MetricSample_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "cell" TEXT NOT NULL,
    "signal" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "recoveringSince" DATETIME,
    "resolvedAt" DATETIME,
    "reason" TEXT NOT NULL,
    "peakReason" TEXT NOT NULL,
    "peakValue" REAL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Incident_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Incident_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Webhook_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "webhookId" INTEGER NOT NULL,
    "incidentId" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookDelivery_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "MetricSample_periodSeconds_ts_idx" ON "MetricSample"("periodSeconds", "ts");

-- CreateIndex
CREATE UNIQUE INDEX "MetricSample_serviceId_cell_periodSeconds_ts_key" ON "MetricSample"("serviceId", "cell", "periodSeconds", "ts");

-- CreateIndex
CREATE INDEX "Incident_applicationId_state_idx" ON "Incident"("applicationId", "state");

-- CreateIndex
CREATE INDEX "Incident_serviceId_cell_signal_state_idx" ON "Incident"("serviceId", "cell", "signal", "state");

-- CreateIndex
CREATE INDEX "Webhook_applicationId_idx" ON "Webhook"("applicationId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_incidentId_event_key" ON "WebhookDelivery"("webhookId", "incidentId", "event");
