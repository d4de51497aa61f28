-- CreateTable
CREATE TABLE "ApplicationCostDay" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "costMicroUsd" BIGINT NOT NULL,
    "requestCount" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ApplicationCostDay_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApplicationCostDay_day_idx" ON "ApplicationCostDay"("day");

-- CreateIndex
CREATE UNIQUE INDEX "ApplicationCostDay_applicationId_day_key" ON "ApplicationCostDay"("applicationId", "day");

-- AddForeignKey
ALTER TABLE "ApplicationCostDay" ADD CONSTRAINT "ApplicationCostDay_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fill it from what is stored: each application's service-days summed
INSERT INTO "ApplicationCostDay" ("applicationId", "day", "costMicroUsd", "requestCount", "estimated")
SELECT "applicationId", "day", SUM("ownCostMicroUsd" + "sharedCostMicroUsd"), SUM("requestCount"), bool_or("estimated")
FROM "ServiceCostDay" GROUP BY "applicationId", "day";
