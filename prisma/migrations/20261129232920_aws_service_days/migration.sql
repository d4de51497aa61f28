-- AlterTable
ALTER TABLE "SyncStageCost" ADD COLUMN "awsService" TEXT;

-- CreateTable
CREATE TABLE "AwsServiceDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "awsService" TEXT NOT NULL,
    "costMicroUsd" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "AwsServiceDay_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AwsServiceDay_day_idx" ON "AwsServiceDay"("day");

-- CreateIndex
CREATE UNIQUE INDEX "AwsServiceDay_applicationId_day_awsService_key" ON "AwsServiceDay"("applicationId", "day", "awsService");
