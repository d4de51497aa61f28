import type { Db } from "../db/client";
import { relativeChange } from "../domain/change";
import { costPerMillionMicroUsd } from "../domain/unit-cost";
import { tagCoverage } from "../domain/cost-rollup";
import type { DateRange } from "../domain/date-range";
import { costWindow, type CostWindow } from "./cost-window";
import { num } from "./sql";

export interface ApplicationSummary {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  serviceCount: number;
  costMicroUsd: number;
  previousCostMicroUsd: number;
  change: number | null;
  requestCount: number;
  costPerMillionMicroUsd: number | null;
  /** Share of the application's cost that carries a service tag (the rest is its shared pool). */
  tagCoverage: number | null;
}

export interface ApplicationsOverview {
  window: CostWindow;
  applications: ApplicationSummary[];
  totalMicroUsd: number;
  previousTotalMicroUsd: number;
  unallocatedMicroUsd: number;
  previousUnallocatedMicroUsd: number;
  /** Share of all cost that lands in an application. */
  tagCoverage: number | null;
}

interface CostRow {
  applicationId: number | null;
  tagged: bigint | number | boolean;
  costMicroUsd: bigint | number;
}

export async function costByApplication(db: Db, accountId: number, range: DateRange): Promise<CostRow[]> {
  return db.$queryRaw<CostRow[]>`
    SELECT "applicationId", ("serviceId" IS NOT NULL) AS "tagged", SUM("costMicroUsd") AS "costMicroUsd"
    FROM "CostDay"
    WHERE "accountId" = ${accountId} AND "day" >= ${range.from} AND "day" <= ${range.to}
    GROUP BY "applicationId", ("serviceId" IS NOT NULL)`;
}

export async function requestsByApplication(db: Db, accountId: number, range: DateRange): Promise<Map<number, number>> {
  const rows = await db.$queryRaw<{ applicationId: number; requestCount: bigint | number }[]>`
    SELECT s."applicationId", SUM(d."requestCount") AS "requestCount"
    FROM "ServiceDay" d
    JOIN "Service" s ON s."id" = d."serviceId"
    JOIN "Application" a ON a."id" = s."applicationId"
    WHERE a."accountId" = ${accountId} AND d."day" >= ${range.from} AND d."day" <= ${range.to}
    GROUP BY s."applicationId"`;
  return new Map(rows.map((r) => [num(r.applicationId), num(r.requestCount)]));
}

export async function getApplicationsOverview(db: Db, accountId: number, range: DateRange): Promise<ApplicationsOverview> {
  const window = await costWindow(db, accountId, range);
  const apps = await db.application.findMany({
    where: { accountId },
    orderBy: { name: "asc" },
    include: { _count: { select: { services: true } } },
  });
  const [current, previous, requests] = window.costRange && window.previousCostRange
    ? await Promise.all([
        costByApplication(db, accountId, window.costRange),
        costByApplication(db, accountId, window.previousCostRange),
        requestsByApplication(db, accountId, window.costRange),
      ])
    : [[], [], new Map<number, number>()];

  const sum = (rows: CostRow[], filter: (r: CostRow) => boolean) => rows.filter(filter).reduce((acc, r) => acc + num(r.costMicroUsd), 0);
  const applications = apps.map((app): ApplicationSummary => {
    const costMicroUsd = sum(current, (r) => r.applicationId === app.id);
    const taggedMicroUsd = sum(current, (r) => r.applicationId === app.id && num(r.tagged) === 1);
    const previousCostMicroUsd = sum(previous, (r) => r.applicationId === app.id);
    const requestCount = requests.get(app.id) ?? 0;
    return {
      id: app.id,
      slug: app.slug,
      name: app.name,
      description: app.description,
      serviceCount: app._count.services,
      costMicroUsd,
      previousCostMicroUsd,
      change: relativeChange(costMicroUsd, previousCostMicroUsd),
      requestCount,
      costPerMillionMicroUsd: costPerMillionMicroUsd(costMicroUsd, requestCount),
      tagCoverage: tagCoverage(taggedMicroUsd, costMicroUsd),
    };
  });
  applications.sort((a, b) => b.costMicroUsd - a.costMicroUsd || a.name.localeCompare(b.name));
  const totalMicroUsd = sum(current, () => true);
  const unallocatedMicroUsd = sum(current, (r) => r.applicationId === null);
  return {
    window,
    applications,
    totalMicroUsd,
    previousTotalMicroUsd: sum(previous, () => true),
    unallocatedMicroUsd,
    previousUnallocatedMicroUsd: sum(previous, (r) => r.applicationId === null),
    tagCoverage: tagCoverage(totalMicroUsd - unallocatedMicroUsd, totalMicroUsd),
  };
}
