// Reads, once per evaluation, every series the anomaly detector judges for an
// account: per application its daily cost, cost per 1M requests and cost per
// headline business unit; per service its daily cost (own + its share of the pool)
// and cost per 1M requests; and the drivers that explain a move (own cost, the
// shared pool, requests, business units). Complete days only: today is not over.
import type { Db } from "../db/client";
import { DEFAULT_ANOMALY_THRESHOLDS, ANOMALY_THRESHOLD_BOUNDS, type AnomalyThresholds, type SeriesPoint } from "../domain/anomalies";
import type { ScopeInput } from "../domain/anomaly-grouping";
import { addDays, toDay, type Day, type DayRange } from "../domain/day";
import { headlineMetric, type Aggregation } from "../domain/unit-cost";
import { metricDaily } from "./business-metrics";
import { dailyCostWithEstimate, num } from "./sql";

/** How far back detection reads: six weeks of baseline before the oldest day worth judging again. */
export const ANOMALY_HISTORY_DAYS = 90;

export interface ServiceInputs {
  id: number;
  name: string;
  scope: ScopeInput;
  drivers: { own: SeriesPoint[]; shared: SeriesPoint[]; requests: SeriesPoint[] };
}

export interface ApplicationInputs {
  id: number;
  slug: string;
  name: string;
  thresholds: AnomalyThresholds;
  metric: { id: number; name: string; unit: string; aggregation: Aggregation } | null;
  scope: ScopeInput;
  drivers: { requests: SeriesPoint[]; units: SeriesPoint[] };
  /** The application's daily cost by AWS service, where the source gives it (a day without a line is $0). */
  awsServices: Map<string, SeriesPoint[]>;
  services: ServiceInputs[];
  webhooks: { id: number; format: string }[];
}

export function thresholdsOf(value: unknown): AnomalyThresholds {
  const out = { ...DEFAULT_ANOMALY_THRESHOLDS };
  if (value && typeof value === "object") {
    for (const key of Object.keys(ANOMALY_THRESHOLD_BOUNDS) as (keyof AnomalyThresholds)[]) {
      const v = (value as Record<string, unknown>)[key];
      const { min, max } = ANOMALY_THRESHOLD_BOUNDS[key];
      if (typeof v === "number" && Number.isFinite(v) && v >= min && v <= max) out[key] = v;
    }
  }
  return out;
}

const point = (day: Day, value: number, weight: number, estimated = false): SeriesPoint => ({ day, value, weight, estimated });

export async function anomalyInputs(db: Db, accountId: number, now = new Date()): Promise<ApplicationInputs[]> {
  const today = toDay(now);
  const range: DayRange = { from: addDays(today, -ANOMALY_HISTORY_DAYS), to: addDays(today, -1) };
  const apps = await db.application.findMany({
    where: { accountId },
    orderBy: { id: "asc" },
    include: {
      services: { select: { id: true, name: true }, orderBy: { name: "asc" } },
      businessMetrics: { select: { id: true, name: true, unit: true, aggregation: true }, orderBy: { id: "asc" } },
      webhooks: { where: { enabled: true }, select: { id: true, format: true } },
      anomalies: { where: { feedback: "expected", expectedTo: { not: null } }, select: { scope: true, startDay: true, expectedTo: true } },
    },
  });
  const out: ApplicationInputs[] = [];
  for (const app of apps) {
    const [serviceDays, costDays, awsDays] = await Promise.all([
      db.serviceCostDay.findMany({
        where: { applicationId: app.id, day: { gte: range.from, lte: range.to } },
        select: { serviceId: true, day: true, ownCostMicroUsd: true, sharedCostMicroUsd: true, requestCount: true, estimated: true },
        orderBy: { day: "asc" },
      }),
      dailyCostWithEstimate(db, app.id, range),
      db.costBreakdownDay.findMany({ where: { applicationId: app.id, dimension: "awsService", day: { gte: range.from, lte: range.to } }, select: { day: true, value: true, costMicroUsd: true } }),
    ]);
    const metric = headlineMetric(app.businessMetrics, app.headlineMetricId);
    const units = metric ? await metricDaily(db, { id: metric.id, aggregation: metric.aggregation as Aggregation }, range) : new Map<Day, number>();
    const excluded = (scope: string): DayRange[] => app.anomalies.filter((a) => a.scope === scope).map((a) => ({ from: a.startDay, to: a.expectedTo as Day }));

    const requestsByDay = new Map<Day, number>();
    const services = new Map<number, ServiceInputs>();
    for (const s of app.services) {
      const scope = `service:${s.id}`;
      services.set(s.id, { id: s.id, name: s.name, scope: { scope, serviceId: s.id, series: [{ figure: "cost", points: [] }, { figure: "cost_per_million", points: [] }], excluded: excluded(scope) }, drivers: { own: [], shared: [], requests: [] } });
    }
    for (const row of serviceDays) {
      const s = services.get(row.serviceId);
      if (!s) continue;
      const own = num(row.ownCostMicroUsd) / 1e6;
      const shared = num(row.sharedCostMicroUsd) / 1e6;
      const requests = num(row.requestCount);
      requestsByDay.set(row.day, (requestsByDay.get(row.day) ?? 0) + requests);
      const [cost, perMillion] = s.scope.series as [ScopeInput["series"][0], ScopeInput["series"][0]];
      cost.points.push(point(row.day, own + shared, 1, row.estimated));
      if (requests > 0) perMillion.points.push(point(row.day, ((own + shared) / requests) * 1e6, requests / 1e6, row.estimated));
      s.drivers.own.push(point(row.day, own, 1));
      s.drivers.shared.push(point(row.day, shared, 1));
      s.drivers.requests.push(point(row.day, requests, 0));
    }

    const appCost: SeriesPoint[] = [];
    const appPerMillion: SeriesPoint[] = [];
    const appPerUnit: SeriesPoint[] = [];
    for (const row of costDays) {
      const cost = row.costMicroUsd / 1e6;
      const estimated = row.estimated;
      appCost.push(point(row.day, cost, 1, estimated));
      const requests = requestsByDay.get(row.day) ?? 0;
      if (requests > 0) appPerMillion.push(point(row.day, (cost / requests) * 1e6, requests / 1e6, estimated));
      const u = units.get(row.day) ?? 0;
      if (metric && u > 0) appPerUnit.push(point(row.day, cost / u, u, estimated));
    }
    const awsCost = new Map<string, Map<Day, number>>();
    for (const row of awsDays) {
      const m = awsCost.get(row.value) ?? new Map<Day, number>();
      m.set(row.day, num(row.costMicroUsd) / 1e6);
      awsCost.set(row.value, m);
    }
    const awsServices = new Map([...awsCost].map(([name, m]) => [name, costDays.map((d) => point(d.day, m.get(d.day) ?? 0, 1))]));
    const appScope = `application:${app.id}`;
    out.push({
      id: app.id,
      slug: app.slug,
      name: app.name,
      thresholds: thresholdsOf(app.anomalyThresholds),
      metric: metric ? { id: metric.id, name: metric.name, unit: metric.unit, aggregation: metric.aggregation as Aggregation } : null,
      scope: {
        scope: appScope,
        serviceId: null,
        series: [{ figure: "cost", points: appCost }, { figure: "cost_per_million", points: appPerMillion }, ...(metric ? [{ figure: "cost_per_unit" as const, points: appPerUnit }] : [])],
        excluded: excluded(appScope),
      },
      drivers: {
        requests: [...requestsByDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, r]) => point(day, r, 0)),
        units: [...units].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, u]) => point(day, u, 0)),
      },
      awsServices,
      services: [...services.values()],
      webhooks: app.webhooks,
    });
  }
  return out;
}
