// Gathers, from the database, what the evaluator (lib/domain/proposals.ts) needs
// for one application: cost and traffic over the last complete days as daily
// averages, the month so far and its forecast, business units and revenue,
// features, limits, the switch history and the application's policy.
import type { Db } from "../db/client";
import { addDays, type Day } from "../domain/day";
import type { CostLimitDef, LimitKind } from "../domain/limits";
import type { EvaluationInput, FeatureInput, LastChange, Usage } from "../domain/proposals";
import { averageServed, type SwitchPosition, type SwitchState } from "../domain/switches";
import { listMetrics, metricDaily } from "./business-metrics";
import { num } from "./sql";

/**
 * Limits are measured on the daily average of the last complete days: a whole
 * week, so that weekends do not flip a limit every few days. The rest-of-month
 * forecast runs at the same rate.
 */
export const EVALUATION_DAYS = 7;

export interface LimitContext {
  /** The last complete day of the window. */
  day: Day;
  from: Day;
  input: EvaluationInput;
  features: (FeatureInput & { name: string; defaultState: string })[];
  limits: (CostLimitDef & { featureName: string | null; metricName: string | null })[];
}

export function positionOf(row: { state: string; throttlePercent: number | null }): SwitchPosition {
  const state = (["on", "throttled", "off"].includes(row.state) ? row.state : "on") as SwitchState;
  return { state, throttlePercent: state === "throttled" ? (row.throttlePercent ?? 0) : null };
}

function lastDayOfMonth(day: Day): number {
  const [y, m] = day.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export async function limitContext(db: Db, applicationId: number, now = new Date()): Promise<LimitContext | null> {
  const app = await db.application.findUniqueOrThrow({ where: { id: applicationId } });
  const last = await db.costDay.aggregate({ where: { accountId: app.accountId }, _max: { day: true } });
  const day = last._max.day;
  if (!day) return null;

  const monthStart = `${day.slice(0, 7)}-01`;
  const from = addDays(day, -(EVALUATION_DAYS - 1));
  const window = { gte: from, lte: day };
  const windowStart = Date.parse(`${from}T00:00:00Z`);
  const windowEnd = Date.parse(`${addDays(day, 1)}T00:00:00Z`);
  // Only application-wide changes count here (a cell's override is the overload view's business).
  const applied = { status: "applied", cell: null };
  const [features, limits, serviceRows, appWindow, month, metrics, changes] = await Promise.all([
    db.feature.findMany({ where: { applicationId }, include: { services: { include: { service: { select: { name: true } } } } }, orderBy: [{ tier: "asc" }, { key: "asc" }] }),
    db.costLimit.findMany({ where: { applicationId }, include: { feature: { select: { name: true } }, metric: { select: { name: true } } }, orderBy: { id: "asc" } }),
    db.serviceCostDay.groupBy({ by: ["serviceId"], where: { applicationId, day: window }, _sum: { ownCostMicroUsd: true, sharedCostMicroUsd: true, requestCount: true } }),
    db.costDay.aggregate({ where: { applicationId, day: window }, _sum: { costMicroUsd: true } }),
    db.costDay.aggregate({ where: { applicationId, day: { gte: monthStart, lte: day } }, _sum: { costMicroUsd: true } }),
    listMetrics(db, applicationId),
    // The changes since the window began, which averageServed walks back through (a change counts from its decision, or its request
    // when it needed none): not the whole history, which grows by every change ever applied.
    db.switchChange.findMany({
      where: { feature: { applicationId }, ...applied, OR: [{ decidedAt: { gt: new Date(windowStart) } }, { decidedAt: null, requestedAt: { gt: new Date(windowStart) } }] },
      orderBy: { requestedAt: "desc" },
    }),
  ]);

  const serviceNames = new Map((await db.service.findMany({ where: { applicationId }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  // Business units per day over the window (the mean of the days that have data).
  const units = new Map<number, number>();
  for (const metric of metrics) {
    const values = [...(await metricDaily(db, metric, { from, to: day })).values()];
    if (values.length) units.set(metric.id, values.reduce((a, v) => a + v, 0) / values.length);
  }
  const revenueMetric = metrics.find((m) => m.revenuePerUnitUsd && m.unit === "USD") ?? metrics.find((m) => m.revenuePerUnitUsd);
  const revenueUnits = revenueMetric ? units.get(revenueMetric.id) : undefined;

  // Each feature's last change, however old (the cool-down, and the usage at full traffic a restore is judged by): one row per
  // feature, on the (featureId, requestedAt) index.
  const lastChanges = new Map<number, LastChange>();
  const lastRows = await Promise.all(features.map((f) => db.switchChange.findFirst({ where: { featureId: f.id, ...applied }, orderBy: [{ requestedAt: "desc" }, { id: "desc" }] })));
  for (const change of lastRows) {
    if (!change) continue;
    const snapshot = (change.snapshot ?? {}) as { fullUsage?: Usage | null };
    lastChanges.set(change.featureId, { at: change.decidedAt ?? change.requestedAt, source: change.source === "automation" ? "automation" : change.source === "proposal" ? "proposal" : "manual", fullUsage: snapshot.fullUsage ?? null });
  }

  const featureInputs = features.map((f) => ({
    id: f.id,
    key: f.key,
    name: f.name,
    tier: f.tier,
    defaultState: f.defaultState,
    position: positionOf(f),
    services: f.services.map((s) => s.service.name),
    revenueShare: f.revenueSharePercent === null ? null : f.revenueSharePercent / 100,
    // The cost of the window was run up at the positions of the time, not of now.
    measuredServed: averageServed(
      positionOf(f),
      changes
        .filter((c) => c.featureId === f.id)
        .map((c) => ({ at: (c.decidedAt ?? c.requestedAt).getTime(), from: positionOf({ state: c.fromState, throttlePercent: c.fromPercent }) }))
        .sort((a, b) => b.at - a.at),
      windowStart,
      windowEnd,
    ),
  }));
  const limitDefs = limits.map((l) => ({
    id: l.id,
    featureId: l.featureId,
    kind: l.kind as LimitKind,
    metricId: l.metricId,
    warningMicroUsd: num(l.warningMicroUsd),
    breachMicroUsd: num(l.breachMicroUsd),
    featureName: l.feature?.name ?? null,
    metricName: l.metric?.name ?? null,
  }));
  const perDay = (v: bigint | number | null | undefined) => num(v) / EVALUATION_DAYS;
  const dailyCost = perDay(appWindow._sum.costMicroUsd);
  return {
    day,
    from,
    features: featureInputs,
    limits: limitDefs,
    input: {
      now,
      features: featureInputs,
      services: serviceRows.map((r) => ({ name: serviceNames.get(r.serviceId) ?? String(r.serviceId), costMicroUsd: perDay(r._sum.ownCostMicroUsd) + perDay(r._sum.sharedCostMicroUsd), requests: perDay(r._sum.requestCount) })),
      application: {
        costMicroUsd: dailyCost,
        requests: serviceRows.reduce((a, r) => a + perDay(r._sum.requestCount), 0),
        units,
        monthToDateMicroUsd: num(month._sum.costMicroUsd),
        restOfMonthMicroUsd: dailyCost * (lastDayOfMonth(day) - Number(day.slice(8, 10))),
        revenueMicroUsd: revenueMetric && revenueUnits !== undefined ? Math.round(revenueUnits * (revenueMetric.revenuePerUnitUsd ?? 0) * 1e6) : null,
      },
      limits: limitDefs,
      lastChanges,
      policy: { autoApplyFromTier: app.autoApplyFromTier, cooldownMs: app.cooldownMinutes * 60_000, restoreMargin: app.restoreMarginPercent / 100 },
    },
  };
}
