// Business metrics of an application and the unit costs they give.
import type { Db } from "../db/client";
import type { DateRange } from "../domain/date-range";
import { eachDay, type Day } from "../domain/day";
import { usdToMicro } from "../domain/money";
import { aggregateMetric, costPerUnitMicroUsd, shareOfRevenue, unitCostOverRange, type Aggregation } from "../domain/unit-cost";
import { dailyCostWithEstimate } from "./sql";

export interface MetricView {
  id: number;
  name: string;
  unit: string;
  aggregation: Aggregation;
  origin: "cloudwatch" | "push";
  cloudwatch: { namespace: string; metricName: string; dimensions: { name: string; value: string }[]; stat: string } | null;
  revenuePerUnitUsd: number | null;
  pointCount: number;
  lastPointAt: Date | null;
}

export async function listMetrics(db: Db, applicationId: number): Promise<MetricView[]> {
  const metrics = await db.businessMetric.findMany({ where: { applicationId }, orderBy: { name: "asc" } });
  const stats = await db.businessMetricPoint.groupBy({ by: ["metricId"], where: { metricId: { in: metrics.map((m) => m.id) } }, _count: { _all: true }, _max: { ts: true } });
  const statsById = new Map(stats.map((s) => [s.metricId, s]));
  return metrics.map((m) => ({
    id: m.id,
    name: m.name,
    unit: m.unit,
    aggregation: m.aggregation === "mean" ? "mean" : "sum",
    origin: m.origin === "cloudwatch" ? "cloudwatch" : "push",
    cloudwatch: (m.cloudwatch ?? null) as MetricView["cloudwatch"],
    revenuePerUnitUsd: m.revenuePerUnitUsd,
    pointCount: statsById.get(m.id)?._count._all ?? 0,
    lastPointAt: statsById.get(m.id)?._max.ts ?? null,
  }));
}

/** One value per day: the sum of a day's points, or their mean for a level metric (active users). */
export async function metricDaily(db: Db, metric: { id: number; aggregation: Aggregation }, range: DateRange): Promise<Map<Day, number>> {
  const rows = await db.businessMetricPoint.groupBy({
    by: ["day"],
    where: { metricId: metric.id, day: { gte: range.from, lte: range.to } },
    _sum: { value: true },
    _avg: { value: true },
  });
  return new Map(rows.map((r) => [r.day, (metric.aggregation === "mean" ? r._avg.value : r._sum.value) ?? 0]));
}

async function applicationDailyCost(db: Db, applicationId: number, range: DateRange) {
  const rows = await dailyCostWithEstimate(db, applicationId, range);
  return new Map(rows.map((r) => [r.day, { cost: r.costMicroUsd, estimated: r.estimated }]));
}

export interface UnitCostDay {
  day: Day;
  costMicroUsd: number | null;
  value: number | null;
  unitCostMicroUsd: number | null;
  estimated: boolean;
}

export interface UnitCosts {
  metric: MetricView;
  days: UnitCostDay[];
  /** Over the days that have both cost and the metric. */
  total: { costMicroUsd: number; value: number | null; unitCostMicroUsd: number | null; days: number; shareOfRevenue: number | null };
}

/** The revenue series: the metric with a revenue per unit, a USD one first. */
function revenueMetric(metrics: MetricView[]): MetricView | null {
  const earning = metrics.filter((m) => m.revenuePerUnitUsd !== null && m.revenuePerUnitUsd > 0);
  return earning.find((m) => m.unit === "USD") ?? earning[0] ?? null;
}

export async function getUnitCosts(db: Db, applicationId: number, metric: MetricView, range: DateRange, allMetrics: MetricView[]): Promise<UnitCosts> {
  const revenue = revenueMetric(allMetrics);
  const [values, costs, revenueValues] = await Promise.all([
    metricDaily(db, metric, range),
    applicationDailyCost(db, applicationId, range),
    revenue ? metricDaily(db, revenue, range) : Promise.resolve(new Map<Day, number>()),
  ]);
  const days = eachDay(range.from, range.to).map((day): UnitCostDay => {
    const cost = costs.get(day);
    const value = values.get(day) ?? null;
    return {
      day,
      costMicroUsd: cost ? cost.cost : null,
      value,
      unitCostMicroUsd: cost && value !== null ? costPerUnitMicroUsd(cost.cost, value) : null,
      estimated: cost?.estimated ?? false,
    };
  });
  const both = days.filter((d) => d.costMicroUsd !== null && d.value !== null);
  const cost = both.reduce((a, d) => a + (d.costMicroUsd ?? 0), 0);
  const revenueMicroUsd = revenue ? both.reduce((a, d) => a + (revenueValues.get(d.day) ?? 0), 0) * usdToMicro(revenue.revenuePerUnitUsd ?? 0) : 0;
  return {
    metric,
    days,
    total: {
      costMicroUsd: cost,
      value: aggregateMetric(both.map((d) => d.value ?? 0), metric.aggregation),
      unitCostMicroUsd: unitCostOverRange(cost, both.map((d) => d.value ?? 0)),
      days: both.length,
      shareOfRevenue: revenue ? shareOfRevenue(cost, revenueMicroUsd) : null,
    },
  };
}
