-- AlterTable
ALTER TABLE "ApplicationCostDay" ADD COLUMN     "sharedMicroUsd" BIGINT NOT NULL DEFAULT 0;

-- Fill it again from what is stored, as lib/jobs/allocation-write.ts now writes it: every
-- (application, day) with cost or traffic, its whole cost (the shared pool included, whether or
-- not it could be split among services), the pool apart, and its services' requests.
DELETE FROM "ApplicationCostDay";
INSERT INTO "ApplicationCostDay" ("applicationId", "day", "costMicroUsd", "sharedMicroUsd", "requestCount", "estimated")
SELECT k."applicationId", k."day", COALESCE(c."cost", 0), COALESCE(c."shared", 0), COALESCE(t."requests", 0), COALESCE(c."estimated", false)
FROM (
  SELECT "applicationId", "day" FROM "CostDay" WHERE "applicationId" IS NOT NULL
  UNION
  SELECT s."applicationId", d."day" FROM "ServiceDay" d JOIN "Service" s ON s."id" = d."serviceId"
) k
LEFT JOIN (
  SELECT "applicationId", "day", SUM("costMicroUsd") AS "cost", SUM(CASE WHEN "serviceId" IS NULL THEN "costMicroUsd" ELSE 0 END) AS "shared", bool_or("estimated") AS "estimated"
  FROM "CostDay" WHERE "applicationId" IS NOT NULL GROUP BY "applicationId", "day"
) c ON c."applicationId" = k."applicationId" AND c."day" = k."day"
LEFT JOIN (
  SELECT s."applicationId", d."day", SUM(d."requestCount") AS "requests"
  FROM "ServiceDay" d JOIN "Service" s ON s."id" = d."serviceId" GROUP BY s."applicationId", d."day"
) t ON t."applicationId" = k."applicationId" AND t."day" = k."day";
