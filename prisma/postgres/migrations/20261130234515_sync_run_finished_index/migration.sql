-- CreateIndex
CREATE INDEX "SyncRun_finishedAt_idx" ON "SyncRun"("finishedAt");
