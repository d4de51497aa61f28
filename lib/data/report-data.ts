// What a report needs, read with the dashboard's own functions (the applications
// list, the application page's services and unit costs, its projection), so that a
// report's figures are the dashboard's for the same days. Returns plain data
// (lib/domain/report.ts), stored with the run and turned into every format.
import type { Db } from "../db/client";
import { figureName } from "../domain/anomaly-text";
import { addDays, dayStart, toDay, type Day, type DayRange } from "../domain/day";
import { forecastMonth, FORECAST_SPREAD_DAYS } from "../domain/forecast";
import { formatChange, formatUsd } from "../domain/format";
import type { ReportApplicationData, ReportData, ReportEvent } from "../domain/report";
import type { ReportPeriod } from "../domain/report-schedule";
import { SIGNAL_NAMES } from "../domain/signals";
import type { SignalKind } from "../domain/signals";
import { tagCoverage } from "../domain/cost-rollup";
import { headlineMetric } from "../domain/unit-cost";
import { applicationSums, getApplicationsOverview } from "./applications";
import { getUnitCosts, listMetrics } from "./business-metrics";
import { getApplicationEconomics } from "./service-economics";
import { num } from "./sql";

export interface ReportScope {
  title: string;
  period: DayRange & { kind: ReportPeriod; label: string };
  /** null: every application of the account. */
  applicationIds: number[] | null;
  /** The day the report is made (the month it projects). */
  today: Day;
  now: Date;
}

const inDays = (range: DayRange) => ({ gte: dayStart(range.from), lt: dayStart(addDays(range.to, 1)) });

export async function gatherReportData(db: Db, accountId: number, scope: ReportScope): Promise<ReportData> {
  const overview = await getApplicationsOverview(db, accountId, scope.period);
  const { window } = overview;
  const wanted = scope.applicationIds === null ? null : new Set(scope.applicationIds);
  const summaries = overview.applications.filter((a) => wanted === null || wanted.has(a.id));
  const missingApplications = wanted === null ? 0 : [...wanted].filter((id) => !overview.applications.some((a) => a.id === id)).length;
  const ids = summaries.map((a) => a.id);
  const previous = window.previousCostRange ? (await applicationSums(db, accountId, window.previousCostRange)).byApplication : new Map<number, { requestCount: number }>();

  const headlineIds = new Map((await db.application.findMany({ where: { id: { in: ids } }, select: { id: true, headlineMetricId: true } })).map((a) => [a.id, a.headlineMetricId]));
  const applications: ReportApplicationData[] = [];
  for (const app of summaries) {
    const economics = await getApplicationEconomics(db, app.id, window, scope.today);
    const metrics = await listMetrics(db, app.id);
    const metric = headlineMetric(metrics, headlineIds.get(app.id) ?? null);
    let unit: ReportApplicationData["unit"] = null;
    if (metric && window.costRange && window.previousCostRange) {
      const [now, before] = await Promise.all([getUnitCosts(db, app.id, metric, window.costRange, metrics), getUnitCosts(db, app.id, metric, window.previousCostRange, metrics)]);
      unit = { name: metric.unit, value: now.total.value, costPerUnitMicroUsd: now.total.unitCostMicroUsd, previousCostPerUnitMicroUsd: before.total.unitCostMicroUsd };
    }
    applications.push({
      slug: app.slug,
      name: app.name,
      costMicroUsd: app.costMicroUsd,
      previousCostMicroUsd: app.previousCostMicroUsd,
      requestCount: app.requestCount,
      previousRequestCount: previous.get(app.id)?.requestCount ?? 0,
      unit,
      failedRequests: economics.services.reduce((s, x) => s + x.count5xx, 0),
      services: economics.services.map((s) => ({
        name: s.name,
        costMicroUsd: s.costMicroUsd,
        previousCostMicroUsd: s.previousCostMicroUsd,
        requestCount: s.requestCount,
        previousRequestCount: s.previousRequestCount,
        scale: s.scale?.label ?? null,
      })),
    });
  }

  const tagged = summaries.reduce((s, a) => s + (a.tagCoverage ?? 0) * a.costMicroUsd, 0);
  const covered = summaries.reduce((s, a) => s + a.costMicroUsd, 0);
  // Every application: the account's coverage, unallocated cost included (the applications list's figure).
  const coverage = wanted === null ? overview.tagCoverage : tagCoverage(tagged, covered);

  const [dailyRows, projectionRows, events, ownCost] = await Promise.all([
    db.costDay.groupBy({ by: ["day", "applicationId"], where: { applicationId: { in: ids }, day: { gte: scope.period.from, lte: scope.period.to } }, _sum: { costMicroUsd: true }, orderBy: { day: "asc" } }),
    db.costDay.groupBy({ by: ["day"], where: { applicationId: { in: ids }, day: { gte: addDays(`${scope.today.slice(0, 7)}-01`, -FORECAST_SPREAD_DAYS), lt: scope.today } }, _sum: { costMicroUsd: true } }),
    periodEvents(db, ids, scope.period),
    db.syncRun.aggregate({ where: { accountId, startedAt: inDays(scope.period) }, _sum: { apiCostMicroUsd: true } }),
  ]);
  const slugOf = new Map(summaries.map((a) => [a.id, a.slug]));
  const daily = new Map<string, Record<string, number>>();
  for (const r of dailyRows) {
    const costs = daily.get(r.day) ?? {};
    costs[slugOf.get(r.applicationId as number) ?? "?"] = num(r._sum.costMicroUsd);
    daily.set(r.day, costs);
  }
  const forecast = ids.length ? forecastMonth(projectionRows.map((r) => ({ day: r.day, costMicroUsd: num(r._sum.costMicroUsd) })), scope.today) : null;

  return {
    title: scope.title,
    period: scope.period,
    costDays: window.costRange,
    previousDays: window.previousCostRange,
    applications,
    missingApplications,
    tagCoverage: coverage,
    projection: forecast && { month: forecast.month, projectedMicroUsd: forecast.projectedMicroUsd, lowMicroUsd: forecast.lowMicroUsd, highMicroUsd: forecast.highMicroUsd },
    daily: [...daily].map(([day, costs]) => ({ day, costs })),
    ...events,
    ownCostMicroUsd: num(ownCost._sum.apiCostMicroUsd),
    generatedAt: scope.now.toISOString(),
  };
}

interface LimitDetail {
  label?: string;
  valueMicroUsd?: number | null;
  breachMicroUsd?: number | null;
}

/** Limits breached, switches changed, overload incidents and cost anomalies of the period, oldest first. */
async function periodEvents(db: Db, ids: number[], period: DayRange): Promise<Pick<ReportData, "limitsBreached" | "switchesChanged" | "incidents" | "anomalies">> {
  const during = inDays(period);
  const [proposals, switches, incidents, anomalies] = await Promise.all([
    db.proposal.findMany({ where: { applicationId: { in: ids }, kind: "cost", createdAt: during }, include: { application: { select: { name: true } }, feature: { select: { name: true } } }, orderBy: { createdAt: "asc" }, take: 50 }),
    db.switchChange.findMany({ where: { status: "applied", feature: { applicationId: { in: ids } }, OR: [{ decidedAt: during }, { decidedAt: null, requestedAt: during }] }, include: { feature: { select: { name: true, application: { select: { name: true } } } } }, orderBy: { requestedAt: "asc" }, take: 50 }),
    db.incident.findMany({ where: { applicationId: { in: ids }, startedAt: during }, include: { application: { select: { name: true } }, service: { select: { name: true } } }, orderBy: { startedAt: "asc" }, take: 50 }),
    db.anomaly.findMany({ where: { applicationId: { in: ids }, openedDay: { gte: period.from, lte: period.to }, state: { not: "withdrawn" } }, include: { application: { select: { name: true } }, service: { select: { name: true } } }, orderBy: { openedDay: "asc" }, take: 50 }),
  ]);
  const limitText = (details: unknown) => {
    const limits = ((details as { limits?: LimitDetail[] } | null)?.limits ?? []).map((l) => `${l.label ?? "a limit"}${l.valueMicroUsd != null && l.breachMicroUsd != null ? ` at ${formatUsd(l.valueMicroUsd)} against ${formatUsd(l.breachMicroUsd)}` : ""}`);
    return limits.join("; ") || "a cost limit";
  };
  const state = (s: string, percent: number | null) => (percent === null ? s : `${s} ${percent}\u00a0%`);
  return {
    limitsBreached: proposals.map((p): ReportEvent => ({ at: p.createdAt.toISOString(), application: p.application.name, text: `${limitText(p.details)}: ${p.action} ${p.feature.name} (${p.status.replace("_", " ")})` })),
    switchesChanged: switches.map((s): ReportEvent => ({
      at: (s.decidedAt ?? s.requestedAt).toISOString(),
      application: s.feature.application.name,
      text: `${s.feature.name}: ${state(s.fromState, s.fromPercent)} → ${state(s.toState, s.toPercent)}${s.cell ? ` in ${s.cell}` : ""} by ${s.requestedBy} (“${s.reason}”)`,
    })),
    incidents: incidents.map((i): ReportEvent => ({ at: i.startedAt.toISOString(), application: i.application.name, text: `${i.service.name} in ${i.cell}: ${SIGNAL_NAMES[i.signal as SignalKind] ?? i.signal}, ${i.peakReason} (${i.state})` })),
    anomalies: anomalies.map((a): ReportEvent => {
      const details = a.details as { unit?: string | null } | null;
      const expected = a.figure === "cost" ? "" : ", expected " + formatUsd(a.expected * 1e6);
      return {
        at: `${a.openedDay}T00:00:00.000Z`,
        application: a.application.name,
        text: `${a.service ? `${a.service.name}: ` : ""}${figureName(a.figure as "cost", details?.unit)} ${a.kind === "shift" ? "shifted up" : "spiked"} (${formatChange(a.expected > 0 ? (a.value - a.expected) / a.expected : 0)}${expected}), ${formatUsd(a.excessUsd * 1e6)} a day above the usual${a.feedback === "expected" ? "; marked expected" : ""}`,
      };
    }),
  };
}

/** The report's day for a run: the UTC day it was made on. */
export const reportToday = (instant: Date): Day => toDay(instant);
