-- CreateTable
CREATE TABLE "JobRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "runner" TEXT,
    "result" JSONB,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "JobRequest_status_requestedAt_idx" ON "JobRequest"("status", "requestedAt");
