-- CreateTable
CREATE TABLE "CloudAccount" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "serviceTagKey" TEXT NOT NULL DEFAULT 'service',
    "cellTagKey" TEXT NOT NULL DEFAULT 'cell',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CloudAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AwsAccount" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "awsAccountId" TEXT,
    "roleArn" TEXT,
    "externalId" TEXT,
    "regions" TEXT,
    "readsCost" BOOLEAN NOT NULL DEFAULT true,
    "readsResources" BOOLEAN NOT NULL DEFAULT true,
    "lastTestAt" TIMESTAMP(3),
    "lastTest" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AwsAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncDay" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "costReadAt" TIMESTAMP(3),
    "costEstimated" BOOLEAN NOT NULL DEFAULT false,
    "costQueryHash" TEXT,
    "costGap" TEXT,
    "trafficReadAt" TIMESTAMP(3),
    "trafficGap" TEXT,
    "totalMicroUsd" BIGINT,
    "linesMicroUsd" BIGINT,

    CONSTRAINT "SyncDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncStageCost" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "applicationId" INTEGER,
    "service" TEXT,
    "costMicroUsd" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL,
    "isTotal" BOOLEAN NOT NULL DEFAULT false,
    "awsService" TEXT,

    CONSTRAINT "SyncStageCost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncStageTraffic" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "requestCount" BIGINT NOT NULL,
    "count4xx" BIGINT NOT NULL,
    "count5xx" BIGINT NOT NULL,
    "throttleCount" BIGINT NOT NULL,
    "latencyP99Ms" DOUBLE PRECISION,

    CONSTRAINT "SyncStageTraffic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncStageOperation" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "requestCount" BIGINT NOT NULL,
    "faultCount" BIGINT NOT NULL,
    "errorCount" BIGINT NOT NULL,
    "latencyAvgMs" DOUBLE PRECISION,

    CONSTRAINT "SyncStageOperation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Application" (
    "id" SERIAL NOT NULL,
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
    "overloadThresholds" JSONB,
    "headlineMetricId" INTEGER,
    "monthlyBudgetMicroUsd" BIGINT,
    "anomalyThresholds" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TagRule" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "TagRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cell" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Cell_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resource" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "arn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "tags" JSONB NOT NULL,
    "applicationId" INTEGER,
    "serviceId" INTEGER,
    "cellId" INTEGER,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "goneSince" TIMESTAMP(3),
    "lastSeenRunId" INTEGER,

    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CostDay" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "applicationId" INTEGER,
    "serviceId" INTEGER,
    "costMicroUsd" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CostDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceDay" (
    "id" SERIAL NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "requestCount" BIGINT NOT NULL,
    "count4xx" BIGINT NOT NULL DEFAULT 0,
    "count5xx" BIGINT NOT NULL DEFAULT 0,
    "throttleCount" BIGINT NOT NULL DEFAULT 0,
    "latencyP99Ms" DOUBLE PRECISION,

    CONSTRAINT "ServiceDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceOperationDay" (
    "id" SERIAL NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "requestCount" BIGINT NOT NULL,
    "faultCount" BIGINT NOT NULL DEFAULT 0,
    "errorCount" BIGINT NOT NULL DEFAULT 0,
    "latencyAvgMs" DOUBLE PRECISION,

    CONSTRAINT "ServiceOperationDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceCostDay" (
    "id" SERIAL NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "ownCostMicroUsd" BIGINT NOT NULL,
    "sharedCostMicroUsd" BIGINT NOT NULL,
    "requestCount" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ServiceCostDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BusinessMetric" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "aggregation" TEXT NOT NULL DEFAULT 'sum',
    "origin" TEXT NOT NULL,
    "cloudwatch" JSONB,
    "revenuePerUnitUsd" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BusinessMetric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BusinessMetricUpload" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "userId" TEXT,
    "userEmail" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "rowsImported" INTEGER NOT NULL,
    "rowsRejected" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" TIMESTAMP(3),

    CONSTRAINT "BusinessMetricUpload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BusinessMetricUploadChange" (
    "id" SERIAL NOT NULL,
    "uploadId" INTEGER NOT NULL,
    "metricId" INTEGER NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "previousValue" DOUBLE PRECISION,
    "newValue" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "BusinessMetricUploadChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BusinessMetricPoint" (
    "id" SERIAL NOT NULL,
    "metricId" INTEGER NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "day" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "BusinessMetricPoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "runner" TEXT,
    "status" TEXT NOT NULL,
    "fromDay" TEXT NOT NULL,
    "toDay" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "stats" JSONB,
    "error" TEXT,
    "apiCallCount" INTEGER NOT NULL DEFAULT 0,
    "apiCostMicroUsd" BIGINT NOT NULL DEFAULT 0,
    "apiUsage" JSONB,
    "gaps" JSONB,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRequest" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "runner" TEXT,
    "result" JSONB,
    "error" TEXT,

    CONSTRAINT "JobRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "userId" TEXT NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthAccount" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMP(3),
    "refreshTokenExpiresAt" TIMESTAMP(3),
    "scope" TEXT,
    "password" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuthAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationOwner" (
    "applicationId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationOwner_pkey" PRIMARY KEY ("applicationId","userId")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "objectType" TEXT,
    "objectId" TEXT,
    "objectLabel" TEXT,
    "applicationId" INTEGER,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "ip" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Feature" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tier" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'on',
    "throttlePercent" INTEGER,
    "defaultState" TEXT NOT NULL DEFAULT 'on',
    "revenueSharePercent" INTEGER,
    "cellStates" JSONB,
    "stateChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Feature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeatureService" (
    "featureId" INTEGER NOT NULL,
    "serviceId" INTEGER NOT NULL,

    CONSTRAINT "FeatureService_pkey" PRIMARY KEY ("featureId","serviceId")
);

-- CreateTable
CREATE TABLE "CostLimit" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "featureId" INTEGER,
    "kind" TEXT NOT NULL,
    "metricId" INTEGER,
    "warningMicroUsd" BIGINT NOT NULL,
    "breachMicroUsd" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CostLimit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decisionReason" TEXT,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SwitchChange" (
    "id" SERIAL NOT NULL,
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
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedById" TEXT,
    "approvedBy" TEXT,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "SwitchChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeRequest" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "featureId" INTEGER,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT NOT NULL,
    "requestedById" TEXT,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "ChangeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricSample" (
    "id" SERIAL NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "cell" TEXT NOT NULL,
    "periodSeconds" INTEGER NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "requests" INTEGER NOT NULL,
    "count2xx" INTEGER NOT NULL,
    "count4xx" INTEGER NOT NULL,
    "count5xx" INTEGER NOT NULL,
    "throttles" INTEGER NOT NULL,
    "retries" INTEGER,
    "latencyP50Ms" DOUBLE PRECISION,
    "latencyP99Ms" DOUBLE PRECISION,
    "queueAgeSeconds" DOUBLE PRECISION,
    "queueDepth" DOUBLE PRECISION,
    "queueSent" INTEGER,
    "queueDeleted" INTEGER,

    CONSTRAINT "MetricSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "cell" TEXT NOT NULL,
    "signal" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "recoveringSince" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "reason" TEXT NOT NULL,
    "peakReason" TEXT NOT NULL,
    "peakValue" DOUBLE PRECISION,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" SERIAL NOT NULL,
    "webhookId" INTEGER NOT NULL,
    "incidentId" INTEGER,
    "anomalyId" INTEGER,
    "budgetMonth" TEXT,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AwsServiceDay" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "awsService" TEXT NOT NULL,
    "costMicroUsd" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "AwsServiceDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedView" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "search" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "ownerEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Anomaly" (
    "id" SERIAL NOT NULL,
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
    "value" DOUBLE PRECISION NOT NULL,
    "expected" DOUBLE PRECISION NOT NULL,
    "low" DOUBLE PRECISION NOT NULL,
    "high" DOUBLE PRECISION NOT NULL,
    "excessUsd" DOUBLE PRECISION NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,
    "details" JSONB NOT NULL,
    "feedback" TEXT,
    "feedbackReason" TEXT,
    "feedbackBy" TEXT,
    "feedbackAt" TIMESTAMP(3),
    "expectedTo" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Anomaly_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportSchedule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "applicationIds" JSONB,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportRecipient" (
    "id" SERIAL NOT NULL,
    "scheduleId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "secret" TEXT,

    CONSTRAINT "ReportRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportRun" (
    "id" SERIAL NOT NULL,
    "scheduleId" INTEGER NOT NULL,
    "periodKey" TEXT NOT NULL,
    "fromDay" TEXT NOT NULL,
    "toDay" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "scheduledFor" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'generating',
    "holder" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "content" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "generatedAt" TIMESTAMP(3),

    CONSTRAINT "ReportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportDelivery" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "recipientId" INTEGER,
    "recipientKey" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "ReportDelivery_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "ServiceOperationDay_day_idx" ON "ServiceOperationDay"("day");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceOperationDay_serviceId_day_operation_key" ON "ServiceOperationDay"("serviceId", "day", "operation");

-- CreateIndex
CREATE INDEX "ServiceCostDay_applicationId_day_idx" ON "ServiceCostDay"("applicationId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCostDay_serviceId_day_key" ON "ServiceCostDay"("serviceId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "BusinessMetric_applicationId_name_key" ON "BusinessMetric"("applicationId", "name");

-- CreateIndex
CREATE INDEX "BusinessMetricUpload_applicationId_createdAt_idx" ON "BusinessMetricUpload"("applicationId", "createdAt");

-- CreateIndex
CREATE INDEX "BusinessMetricUploadChange_uploadId_idx" ON "BusinessMetricUploadChange"("uploadId");

-- CreateIndex
CREATE INDEX "BusinessMetricPoint_metricId_day_idx" ON "BusinessMetricPoint"("metricId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "BusinessMetricPoint_metricId_ts_key" ON "BusinessMetricPoint"("metricId", "ts");

-- CreateIndex
CREATE INDEX "SyncRun_accountId_startedAt_idx" ON "SyncRun"("accountId", "startedAt");

-- CreateIndex
CREATE INDEX "JobRequest_status_requestedAt_idx" ON "JobRequest"("status", "requestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_token_key" ON "Session"("token");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "AuthAccount_userId_idx" ON "AuthAccount"("userId");

-- CreateIndex
CREATE INDEX "Verification_identifier_idx" ON "Verification"("identifier");

-- CreateIndex
CREATE INDEX "ApplicationOwner_userId_idx" ON "ApplicationOwner"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_applicationId_idx" ON "ApiToken"("applicationId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_applicationId_at_idx" ON "AuditEvent"("applicationId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

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

-- CreateIndex
CREATE INDEX "ChangeRequest_applicationId_status_idx" ON "ChangeRequest"("applicationId", "status");

-- CreateIndex
CREATE INDEX "ChangeRequest_featureId_status_idx" ON "ChangeRequest"("featureId", "status");

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

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_anomalyId_event_key" ON "WebhookDelivery"("webhookId", "anomalyId", "event");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_budgetMonth_event_key" ON "WebhookDelivery"("webhookId", "budgetMonth", "event");

-- CreateIndex
CREATE INDEX "AwsServiceDay_day_idx" ON "AwsServiceDay"("day");

-- CreateIndex
CREATE UNIQUE INDEX "AwsServiceDay_applicationId_day_awsService_key" ON "AwsServiceDay"("applicationId", "day", "awsService");

-- CreateIndex
CREATE INDEX "SavedView_name_idx" ON "SavedView"("name");

-- CreateIndex
CREATE INDEX "Anomaly_applicationId_state_idx" ON "Anomaly"("applicationId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Anomaly_applicationId_scope_openedDay_key" ON "Anomaly"("applicationId", "scope", "openedDay");

-- CreateIndex
CREATE INDEX "ReportRecipient_scheduleId_idx" ON "ReportRecipient"("scheduleId");

-- CreateIndex
CREATE INDEX "ReportRun_status_idx" ON "ReportRun"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ReportRun_scheduleId_periodKey_key" ON "ReportRun"("scheduleId", "periodKey");

-- CreateIndex
CREATE INDEX "ReportDelivery_status_nextAttemptAt_idx" ON "ReportDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReportDelivery_runId_recipientKey_key" ON "ReportDelivery"("runId", "recipientKey");

-- AddForeignKey
ALTER TABLE "AwsAccount" ADD CONSTRAINT "AwsAccount_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncDay" ADD CONSTRAINT "SyncDay_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TagRule" ADD CONSTRAINT "TagRule_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TagRule" ADD CONSTRAINT "TagRule_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cell" ADD CONSTRAINT "Cell_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "Cell"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostDay" ADD CONSTRAINT "CostDay_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostDay" ADD CONSTRAINT "CostDay_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostDay" ADD CONSTRAINT "CostDay_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceDay" ADD CONSTRAINT "ServiceDay_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceOperationDay" ADD CONSTRAINT "ServiceOperationDay_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceCostDay" ADD CONSTRAINT "ServiceCostDay_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceCostDay" ADD CONSTRAINT "ServiceCostDay_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BusinessMetric" ADD CONSTRAINT "BusinessMetric_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BusinessMetricUpload" ADD CONSTRAINT "BusinessMetricUpload_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BusinessMetricUploadChange" ADD CONSTRAINT "BusinessMetricUploadChange_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "BusinessMetricUpload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BusinessMetricUploadChange" ADD CONSTRAINT "BusinessMetricUploadChange_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "BusinessMetric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BusinessMetricPoint" ADD CONSTRAINT "BusinessMetricPoint_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "BusinessMetric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthAccount" ADD CONSTRAINT "AuthAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationOwner" ADD CONSTRAINT "ApplicationOwner_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationOwner" ADD CONSTRAINT "ApplicationOwner_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feature" ADD CONSTRAINT "Feature_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeatureService" ADD CONSTRAINT "FeatureService_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeatureService" ADD CONSTRAINT "FeatureService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostLimit" ADD CONSTRAINT "CostLimit_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostLimit" ADD CONSTRAINT "CostLimit_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostLimit" ADD CONSTRAINT "CostLimit_metricId_fkey" FOREIGN KEY ("metricId") REFERENCES "BusinessMetric"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_limitId_fkey" FOREIGN KEY ("limitId") REFERENCES "CostLimit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SwitchChange" ADD CONSTRAINT "SwitchChange_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_featureId_fkey" FOREIGN KEY ("featureId") REFERENCES "Feature"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricSample" ADD CONSTRAINT "MetricSample_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_anomalyId_fkey" FOREIGN KEY ("anomalyId") REFERENCES "Anomaly"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwsServiceDay" ADD CONSTRAINT "AwsServiceDay_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Anomaly" ADD CONSTRAINT "Anomaly_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Anomaly" ADD CONSTRAINT "Anomaly_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportRecipient" ADD CONSTRAINT "ReportRecipient_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "ReportSchedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportRun" ADD CONSTRAINT "ReportRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "ReportSchedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportDelivery" ADD CONSTRAINT "ReportDelivery_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
