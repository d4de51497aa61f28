import type { Db } from "../db/client";
import { costPerMillionMicroUsd, relativeChange } from "../domain/change";
import type { DateRange } from "../domain/date-range";
import type { CostWindow } from "./cost-window";
import { num } from "./sql";

export interface ApplicationView {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  allocationStrategy: string;
}

export async function getApplication(db: Db, accountId: number, slug: string): Promise<ApplicationView | null> {
  const app = await db.application.findUnique({ where: { accountId_slug: { accountId, slug } } });
  return app && { id: app.id, slug: app.slug, name: app.name, description: app.description, allocationStrategy: app.allocationStrategy };
}

export interface ServiceRow {
  name: string;
  costMicroUsd: number;
  previousCostMicroUsd: number;
  change: number | null;
  requestCount: number;
  costPerMillionMicroUsd: number | null;
  count5xx: number;
  /** 5XX / requests; null without traffic. */
  errorRate: number | null;
  resourceCount: number;
}

export interface ServiceTable {
  services: ServiceRow[];
  /** The application's cost that belongs to no single service. */
  sharedMicroUsd: number;
  previousSharedMicroUsd: number;
  totalMicroUsd: number;
  previousTotalMicroUsd: number;
  requestCount: number;
}

async function costByService(db: Db, applicationId: number, range: DateRange) {
  const rows = await db.costDay.groupBy({
    by: ["serviceId"],
    where: { applicationId, day: { gte: range.from, lte: range.to } },
    _sum: { costMicroUsd: true },
  });
  return new Map(rows.map((r) => [r.serviceId, num(r._sum.costMicroUsd)]));
}

export async function getServiceTable(db: Db, app: ApplicationView, window: CostWindow): Promise<ServiceTable> {
  const services = await db.service.findMany({
    where: { applicationId: app.id },
    orderBy: { name: "asc" },
    include: { _count: { select: { resources: { where: { goneSince: null } } } } },
  });
  if (!window.costRange || !window.previousCostRange) {
    return { services: [], sharedMicroUsd: 0, previousSharedMicroUsd: 0, totalMicroUsd: 0, previousTotalMicroUsd: 0, requestCount: 0 };
  }
  const [current, previous, traffic] = await Promise.all([
    costByService(db, app.id, window.costRange),
    costByService(db, app.id, window.previousCostRange),
    db.serviceDay.groupBy({
      by: ["serviceId"],
      where: { service: { applicationId: app.id }, day: { gte: window.costRange.from, lte: window.costRange.to } },
      _sum: { requestCount: true, count5xx: true },
    }),
  ]);
  const trafficById = new Map(traffic.map((t) => [t.serviceId, { requests: num(t._sum.requestCount), errors: num(t._sum.count5xx) }]));
  const rows = services.map((s): ServiceRow => {
    const costMicroUsd = current.get(s.id) ?? 0;
    const previousCostMicroUsd = previous.get(s.id) ?? 0;
    const { requests, errors } = trafficById.get(s.id) ?? { requests: 0, errors: 0 };
    return {
      name: s.name,
      costMicroUsd,
      previousCostMicroUsd,
      change: relativeChange(costMicroUsd, previousCostMicroUsd),
      requestCount: requests,
      costPerMillionMicroUsd: costPerMillionMicroUsd(costMicroUsd, requests),
      count5xx: errors,
      errorRate: requests > 0 ? errors / requests : null,
      resourceCount: s._count.resources,
    };
  });
  const total = (m: Map<number | null, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    services: rows,
    sharedMicroUsd: current.get(null) ?? 0,
    previousSharedMicroUsd: previous.get(null) ?? 0,
    totalMicroUsd: total(current),
    previousTotalMicroUsd: total(previous),
    requestCount: rows.reduce((a, r) => a + r.requestCount, 0),
  };
}
