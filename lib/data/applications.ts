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

interface AppSums {
  costMicroUsd: number;
  sharedMicroUsd: number;
  requestCount: number;
}

/**
 * Each application's cost, shared pool and requests over a range, from its daily sums
 * (ApplicationCostDay: one row per application and day), and the account's unallocated
 * cost (CostDay rows outside every application).
 */
export async function applicationSums(db: Db, accountId: number, range: DateRange): Promise<{ byApplication: Map<number, AppSums>; unallocatedMicroUsd: number }> {
  const [rows, unallocated] = await Promise.all([
    db.$queryRaw<{ applicationId: number; costMicroUsd: bigint | number | null; sharedMicroUsd: bigint | number | null; requestCount: bigint | number | null }[]>`
      SELECT d."applicationId", SUM(d."costMicroUsd") AS "costMicroUsd", SUM(d."sharedMicroUsd") AS "sharedMicroUsd", SUM(d."requestCount") AS "requestCount"
      FROM "ApplicationCostDay" d
      JOIN "Application" a ON a."id" = d."applicationId"
      WHERE a."accountId" = ${accountId} AND d."day" >= ${range.from} AND d."day" <= ${range.to}
      GROUP BY d."applicationId"`,
    db.costDay.aggregate({ where: { accountId, applicationId: null, day: { gte: range.from, lte: range.to } }, _sum: { costMicroUsd: true } }),
  ]);
  return {
    byApplication: new Map(rows.map((r) => [num(r.applicationId), { costMicroUsd: num(r.costMicroUsd ?? 0), sharedMicroUsd: num(r.sharedMicroUsd ?? 0), requestCount: num(r.requestCount ?? 0) }])),
    unallocatedMicroUsd: num(unallocated._sum.costMicroUsd ?? 0),
  };
}

export async function getApplicationsOverview(db: Db, accountId: number, range: DateRange): Promise<ApplicationsOverview> {
  const window = await costWindow(db, accountId, range);
  const apps = await db.application.findMany({
    where: { accountId },
    orderBy: { name: "asc" },
    include: { _count: { select: { services: true } } },
  });
  const none = { byApplication: new Map<number, AppSums>(), unallocatedMicroUsd: 0 };
  const [current, previous] = window.costRange && window.previousCostRange
    ? await Promise.all([applicationSums(db, accountId, window.costRange), applicationSums(db, accountId, window.previousCostRange)])
    : [none, none];
  const total = (sums: typeof current) => [...sums.byApplication.values()].reduce((acc, s) => acc + s.costMicroUsd, sums.unallocatedMicroUsd);

  const applications = apps.map((app): ApplicationSummary => {
    const own = current.byApplication.get(app.id);
    const costMicroUsd = own?.costMicroUsd ?? 0;
    const previousCostMicroUsd = previous.byApplication.get(app.id)?.costMicroUsd ?? 0;
    const requestCount = own?.requestCount ?? 0;
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
      tagCoverage: tagCoverage(costMicroUsd - (own?.sharedMicroUsd ?? 0), costMicroUsd),
    };
  });
  applications.sort((a, b) => b.costMicroUsd - a.costMicroUsd || a.name.localeCompare(b.name));
  const totalMicroUsd = total(current);
  const unallocatedMicroUsd = current.unallocatedMicroUsd;
  return {
    window,
    applications,
    totalMicroUsd,
    previousTotalMicroUsd: total(previous),
    unallocatedMicroUsd,
    previousUnallocatedMicroUsd: previous.unallocatedMicroUsd,
    tagCoverage: tagCoverage(totalMicroUsd - unallocatedMicroUsd, totalMicroUsd),
  };
}
