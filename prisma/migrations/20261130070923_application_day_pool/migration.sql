-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApplicationCostDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "costMicroUsd" BIGINT NOT NULL,
    "sharedMicroUsd" BIGINT NOT NULL DEFAULT 0,
    "requestCount" BIGINT NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ApplicationCostDay_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ApplicationCostDay" ("applicationId", "costMicroUsd", "day", "estimated", "id", "requestCount") SELECT "applicationId", "costMicroUsd", "day", "estimated", "id", "requestCount" FROM "ApplicationCostDay";
DROP TABLE "ApplicationCostDay";
ALTER TABLE "new_ApplicationCostDay" RENAME TO "ApplicationCostDay";
CREATE INDEX "ApplicationCostDay_day_idx" ON "ApplicationCostDay"("day");
CREATE UNIQUE INDEX "ApplicationCostDay_applicationId_day_key" ON "ApplicationCostDay"("applicationId", "day");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Fill it again from what is stored, as lib/jobs/allocation-write.ts now writes it: every
-- (application, day) with cost or traffic, its whole cost (the shared pool included, whether or
-- not it could be split among services), the pool apart, and its services' requests.
DELETE FROM "ApplicationCostDay";
INSERT INTO "ApplicationCostDay" ("applicationId", "day", "costMicroUsd", "sharedMicroUsd", "requestCount", "estimated")
SELECT k."applicationId", k."day", COALESCE(c."cost", 0), COALESCE(c."shared", 0), COALESCE(t."requests", 0), COALESCE(c."estimated", 0)
FROM (
  SELECT "applicationId", "day" FROM "CostDay" WHERE "applicationId" IS NOT NULL
  UNION
  SELECT s."applicationId", d."day" FROM "ServiceDay" d JOIN "Service" s ON s."id" = d."serviceId"
) k
LEFT JOIN (
  SELECT "applicationId", "day", SUM("costMicroUsd") AS "cost", SUM(CASE WHEN "serviceId" IS NULL THEN "costMicroUsd" ELSE 0 END) AS "shared", MAX("estimated") AS "estimated"
  FROM "CostDay" WHERE "applicationId" IS NOT NULL GROUP BY "applicationId", "day"
) c ON c."applicationId" = k."applicationId" AND c."day" = k."day"
LEFT JOIN (
  SELECT s."applicationId", d."day", SUM(d."requestCount") AS "requests"
  FROM "ServiceDay" d JOIN "Service" s ON s."id" = d."serviceId" GROUP BY s."applicationId", d."day"
) t ON t."applicationId" = k."applicationId" AND t."day" = k."day";
