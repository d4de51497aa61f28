// Reads an account from its source and writes it into the database:
//   1. resources, page by page (sync-inventory.ts);
//   2. which days to read (lib/domain/sync-plan.ts): all of them from the demo;
//      from AWS only what is missing, still estimated and not read lately, failed,
//      or read under other rules;
//   3. cost, traffic, operations and business points into staging, as the source
//      answers (sync-stage.ts), so that memory stays flat whatever the account;
//   4. each day in one transaction (sync-write-day.ts): nothing half-written is
//      ever visible, and a part that could not be read (a gap) leaves what was
//      stored for it, marked to be read again by the next sync.
// Every run is recorded in SyncRun, with the API calls it made and their cost.
import { z } from "zod";
import { insertRecords } from "../data/bulk-write";
import type { Db } from "../db/client";
import { addDays, dayStart, eachDay, inRange, isDay, toDay, type Day, type DayRange } from "../domain/day";
import { planSync } from "../domain/sync-plan";
import { parseExploredTagKeys } from "../domain/breakdown";
import { orderRules, type TagRule } from "../domain/tag-rules";
import { usageSince } from "../sources/meter";
import { RESOURCE_COST_DAYS, type CloudWatchMetricRef, type Source, type SourceGap } from "../sources/types";
import { addCounts, zeroCounts, type WriteCounts } from "./diff-write";
import { failOrphanedRuns } from "./lease";
import { costQueryHash, loadDayStatuses, RECONCILIATION_TOLERANCE_MICRO_USD, saveDayStatus } from "./sync-days";
import { checkFromSource, serviceKeyOf, syncInventory } from "./sync-inventory";
import { clearStaging, ensureCostServices, stageCost, stageOperations, stageTraffic } from "./sync-stage";
import { dayLayout, daysPerWrite, groupDayWrites, writeDays, type BusinessPoint, type DayWrite } from "./sync-write-day";
import { runnerLabel } from "./runner";

export { serviceKeyOf };

export type SyncTrigger = "cli" | "startup" | "startup-retry" | "schedule" | "manual" | "test";

export interface SyncProgress {
  step: "reading" | "writing";
  label: string;
  done: number;
  total: number;
}

export interface SyncOptions {
  db: Db;
  source: Source;
  accountId: number;
  trigger: SyncTrigger;
  now?: Date;
  /** Days of history to keep, today included. */
  days: number;
  /** An estimated cost day is read again once its last read is this old (incremental sources). */
  costRefreshMs?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Services written together within a transaction (sync-write-day.ts); small only in tests. */
  servicesPerBatch?: number;
  /** Service-days one transaction writes (sync-write-day.ts); small only in tests. */
  serviceDaysPerWrite?: number;
  /** Read the source's month-end forecasts (FRUGAL_AWS_FORECAST; default on). */
  forecasts?: boolean;
}

export interface SyncStats extends WriteCounts {
  resources: number;
  services: number;
  /** Days written. */
  days: number;
  costDaysRead: number;
  trafficDaysRead: number;
  gaps: number;
  /** Days whose lines were checked against Cost Explorer's total, and those that did not add up. */
  reconciledDays: number;
  mismatchedDays: number;
}

export type SyncResult =
  | { runId: number; status: "succeeded"; durationMs: number; stats: SyncStats; gaps: SourceGap[] }
  | { runId: number; status: "failed"; durationMs: number; error: string };

/** Cost Explorer refreshes about three times a day: read estimated days again no sooner than this. */
export const DEFAULT_COST_REFRESH_MS = 8 * 3_600_000;
/** A day's CloudWatch figures are final this long after it ends (late datapoints, Lambda's long invocations). */
const TRAFFIC_SETTLE_MS = 3 * 3_600_000;
/** Today's metrics are read again at most this often (each read bills every metric again). */
const TRAFFIC_REFRESH_MS = 3_600_000;
/** Cost days this close together are read in one request: a day more in a request is cheaper than another request. */
const COST_MERGE_GAP_DAYS = 7;

const cloudwatchRefSchema = z.object({
  namespace: z.string().min(1),
  metricName: z.string().min(1),
  dimensions: z.array(z.object({ name: z.string(), value: z.string() })),
  stat: z.enum(["Sum", "Average", "Maximum", "Minimum", "SampleCount"]),
});

const inRanges = (day: Day, ranges: readonly DayRange[]) => ranges.some((r) => inRange(day, r));
const gapDays = (gaps: readonly SourceGap[], part: SourceGap["part"], window: DayRange) =>
  new Map(gaps.filter((g) => g.part === part).flatMap((g) => eachDay(g.from && g.from > window.from ? g.from : window.from, g.to && g.to < window.to ? g.to : window.to).map((d) => [d, g.reason] as const)));

/** The business metrics read from CloudWatch, over the traffic window, per day. */
async function readBusiness(db: Db, source: Source, accountId: number, range: DayRange, gaps: SourceGap[]) {
  const metrics = await db.businessMetric.findMany({ where: { application: { accountId }, origin: "cloudwatch" } });
  const pointsByDay = new Map<Day, BusinessPoint[]>();
  const window = { start: dayStart(range.from), end: dayStart(addDays(range.to, 1)), periodSeconds: 86_400 };
  const read: number[] = [];
  for (const metric of metrics) {
    const ref: CloudWatchMetricRef = checkFromSource(cloudwatchRefSchema, metric.cloudwatch, `mapping of metric '${metric.name}'`);
    try {
      for (const p of await source.getCustomMetric(ref, window)) {
        if (!Number.isFinite(p.value)) continue;
        const day = toDay(p.ts);
        const points = pointsByDay.get(day) ?? [];
        points.push({ metricId: metric.id, ts: p.ts, day, value: p.value });
        pointsByDay.set(day, points);
      }
      read.push(metric.id);
    } catch (error) {
      gaps.push({ part: "business", from: range.from, to: range.to, reason: `${metric.name}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { metricIds: read, pointsByDay };
}

export async function runSync(opts: SyncOptions): Promise<SyncResult> {
  const { db, source, accountId, trigger } = opts;
  const now = opts.now ?? new Date();
  const to = toDay(now);
  const from = addDays(to, -(opts.days - 1));
  const started = performance.now();
  const usageBefore = source.usage();
  const run = await db.syncRun.create({ data: { accountId, trigger, runner: runnerLabel(), status: "running", fromDay: from, toDay: to } });
  await failOrphanedRuns(db, accountId, "sync", run.id);
  const STEPS = 5;
  let total = STEPS;
  // Where the run stands, on its row, at most every second: the page shows it during a long first sync.
  let shownAt = 0;
  const report = (step: SyncProgress["step"], label: string, done: number) => {
    const progress = { step, label, done, total };
    opts.onProgress?.(progress);
    if (Date.now() - shownAt < 1_000 && done < total) return;
    shownAt = Date.now();
    void db.syncRun.updateMany({ where: { id: run.id, status: "running" }, data: { stats: { progress } } }).catch(() => undefined);
  };
  const gaps: SourceGap[] = [];
  const finish = async (data: { status: "succeeded" | "failed"; stats?: SyncStats; error?: string }) => {
    const durationMs = Math.round(performance.now() - started);
    const usage = usageSince(usageBefore, source.usage());
    await db.syncRun.update({
      where: { id: run.id },
      data: {
        status: data.status,
        finishedAt: new Date(),
        durationMs,
        ...(data.stats ? { stats: { ...data.stats } } : {}),
        ...(data.error ? { error: data.error.slice(0, 2000) } : {}),
        apiCallCount: usage.apiCallCount,
        apiCostMicroUsd: BigInt(usage.apiCostMicroUsd),
        apiUsage: usage.byApi.map((u) => ({ ...u })),
        gaps: gaps.map((g) => ({ ...g })),
      },
    });
    return durationMs;
  };

  try {
    const account = await db.cloudAccount.findUniqueOrThrow({ where: { id: accountId } });
    const keys = { serviceTagKey: account.serviceTagKey, cellTagKey: account.cellTagKey };
    const exploredTagKeys = parseExploredTagKeys(account.exploredTagKeys);

    report("reading", "resources", 0);
    const inventory = await syncInventory(db, { accountId, runId: run.id, source, rules: orderRules(await db.tagRule.findMany({ where: { accountId } })), keys, now });
    gaps.push(...inventory.gaps);
    const rules = inventory.rules;

    const hash = costQueryHash(rules, keys.serviceTagKey, source.costSettings, exploredTagKeys);
    const planInput = {
      from,
      to,
      now: now.getTime(),
      statuses: await loadDayStatuses(db, accountId, from, to),
      costQueryHash: hash,
      incremental: source.incremental,
      costRefreshMs: opts.costRefreshMs ?? DEFAULT_COST_REFRESH_MS,
      trafficSettleMs: TRAFFIC_SETTLE_MS,
      trafficRefreshMs: TRAFFIC_REFRESH_MS,
      costMergeGapDays: COST_MERGE_GAP_DAYS,
    };
    const plan = planSync(planInput);
    if (!source.incremental && source.billAs) {
      // Read whole (the demo's story moves with today), billed as AWS would be asked: what an
      // incremental read is due, so "what Frugal's calls cost" is what they would cost on AWS.
      const billed = planSync({ ...planInput, incremental: true });
      source.billAs({ cost: billed.cost, traffic: billed.traffic.length > 0 });
    }

    report("reading", "cost", 1);
    if (plan.cost.length) gaps.push(...(await stageCost(db, { runId: run.id, source, ranges: plan.cost, rules, keys, exploredTagKeys })).gaps);
    await ensureCostServices(db, run.id);

    const trafficRange = plan.traffic[0] ?? null;
    let failedServiceIds = new Set<number>();
    let business: Awaited<ReturnType<typeof readBusiness>> | null = null;
    if (trafficRange) {
      report("reading", "metrics", 2);
      const traffic = await stageTraffic(db, { runId: run.id, accountId, source, range: trafficRange, now });
      gaps.push(...traffic.gaps);
      failedServiceIds = traffic.failedServiceIds;
      report("reading", "operations", 3);
      gaps.push(...(await stageOperations(db, { runId: run.id, accountId, source, range: trafficRange })).gaps);
      report("reading", "business metrics", 4);
      business = await readBusiness(db, source, accountId, trafficRange, gaps);
    }

    const window = { from, to };
    const costGaps = gapDays(gaps, "cost", window);
    const trafficGaps = gapDays(gaps, "traffic", window);
    const days = eachDay(from, to).filter((d) => inRanges(d, plan.cost) || (trafficRange !== null && inRanges(d, [trafficRange])));
    total = STEPS + days.length;
    const services = await db.service.findMany({ where: { application: { accountId } }, select: { id: true, applicationId: true, name: true } });
    const applicationIds = (await db.application.findMany({ where: { accountId }, select: { id: true }, orderBy: { id: "asc" } })).map((a) => a.id);
    const layout = dayLayout(services, applicationIds, opts.servicesPerBatch);
    const readAt = now;

    let counts = addCounts(zeroCounts(), inventory.counts);
    let reconciledDays = 0;
    let mismatchedDays = 0;
    const writes = days.map((day): DayWrite => {
      const costRead = inRanges(day, plan.cost);
      const trafficRead = trafficRange !== null && inRanges(day, [trafficRange]);
      const costGap = costRead ? (costGaps.get(day) ?? null) : undefined;
      const trafficGap = trafficRead ? (trafficGaps.get(day) ?? null) : undefined;
      return {
        day,
        runId: run.id,
        cost: costRead && costGap === null,
        traffic: trafficRead,
        keepTrafficServiceIds: failedServiceIds,
        business: trafficRead && business ? { metricIds: business.metricIds, points: business.pointsByDay.get(day) ?? [] } : null,
        status: {
          ...(costRead ? (costGap === null ? { costReadAt: readAt, costQueryHash: hash, costGap: null } : { costGap }) : {}),
          ...(trafficRead ? { trafficReadAt: readAt, trafficGap: trafficGap ?? null } : {}),
        },
      };
    });
    let written = 0;
    for (const group of groupDayWrites(writes, daysPerWrite(services.length, opts.serviceDaysPerWrite))) {
      report("writing", group[0]!.day, STEPS + written);
      const result = await writeDays(db, accountId, group, layout);
      written += group.length;
      counts = addCounts(counts, result.counts);
      for (const r of result.reconciliations) {
        if (!r) continue;
        reconciledDays++;
        if (Math.abs(r.linesMicroUsd - r.totalMicroUsd) >= RECONCILIATION_TOLERANCE_MICRO_USD) mismatchedDays++;
      }
    }
    // Days of a cost gap outside the written ones still say so.
    for (const [day, reason] of costGaps) if (!days.includes(day)) await saveDayStatus(db, accountId, day, { costGap: reason });
    // Cost per resource, when cost was read this time (at most every few hours): the last 14 complete days.
    if (source.resourceCosts && plan.cost.length > 0) {
      report("reading", "cost per resource", total);
      gaps.push(...(await readResourceCostDays(db, source, accountId, toDay(now))));
    }
    if (source.costForecasts && opts.forecasts !== false) {
      report("reading", "forecasts", total);
      gaps.push(...(await readForecasts(db, source, accountId, rules, now)));
    }

    report("writing", "done", total);
    const stats: SyncStats = {
      ...counts,
      resources: inventory.resources,
      services: services.length,
      days: days.length,
      costDaysRead: plan.cost.reduce((n, r) => n + eachDay(r.from, r.to).length, 0),
      trafficDaysRead: trafficRange ? eachDay(trafficRange.from, trafficRange.to).length : 0,
      gaps: gaps.length,
      reconciledDays,
      mismatchedDays,
    };
    const durationMs = await finish({ status: "succeeded", stats });
    return { runId: run.id, status: "succeeded", durationMs, stats, gaps };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const durationMs = await finish({ status: "failed", error: message });
    return { runId: run.id, status: "failed", durationMs, error: message };
  } finally {
    source.billAs?.(null);
    await clearStaging(db, run.id).catch(() => undefined);
  }
}

/** How old a stored forecast may be before the sync asks Cost Explorer again (one $0.01 request an application). */
export const FORECAST_REFRESH_MS = 24 * 3_600_000;

/**
 * Cost Explorer's month-end forecast of each application not forecast in the last
 * day (or not this month yet); an application it cannot forecast (too little
 * history) keeps the model's projection, and what failed is a gap of the run.
 */
async function readForecasts(db: Db, source: Source, accountId: number, rules: readonly TagRule[], now: Date): Promise<SourceGap[]> {
  const today = toDay(now);
  const month = today.slice(0, 7);
  const apps = await db.application.findMany({ where: { accountId }, select: { id: true, costForecasts: { where: { month }, select: { readAt: true } } } });
  const due = apps.filter((a) => !a.costForecasts[0] || now.getTime() - a.costForecasts[0].readAt.getTime() >= FORECAST_REFRESH_MS).map((a) => a.id);
  if (due.length === 0 || !source.costForecasts) return [];
  const gaps: SourceGap[] = [];
  for (const answer of await source.costForecasts({ rules, applicationIds: due, today })) {
    // A failure is asked again at the next sync; "too little history" is remembered for a day, like a forecast.
    if ("error" in answer && !answer.unavailable) {
      gaps.push({ part: "forecast", reason: answer.error });
      continue;
    }
    const data =
      "error" in answer
        ? { fromDay: today, meanMicroUsd: null, lowMicroUsd: null, highMicroUsd: null, error: answer.error, readAt: now }
        : { fromDay: answer.fromDay, meanMicroUsd: BigInt(answer.meanMicroUsd), lowMicroUsd: BigInt(answer.lowMicroUsd), highMicroUsd: BigInt(answer.highMicroUsd), error: null, readAt: now };
    await db.costForecast.upsert({ where: { applicationId_month: { applicationId: answer.applicationId, month } }, create: { applicationId: answer.applicationId, month, ...data }, update: data });
  }
  return gaps;
}

/**
 * Each resource's cost over the last 14 complete days, replacing what is stored for
 * them; a line whose resource the account does not list is left out. A source
 * without it says why (resource-level data not enabled), which the pages show.
 */
async function readResourceCostDays(db: Db, source: Source, accountId: number, today: Day): Promise<SourceGap[]> {
  if (!source.resourceCosts) return [];
  const range = { from: addDays(today, -RESOURCE_COST_DAYS), to: addDays(today, -1) };
  const answer = await source.resourceCosts(range);
  if ("gap" in answer) return [answer.gap];
  if ("unavailable" in answer) {
    await db.cloudAccount.update({ where: { id: accountId }, data: { resourceCostNote: answer.unavailable } });
    return [];
  }
  // Cost Explorer names an instance by its id ("i-0abc"), the demo by ARN: both end the ARN.
  const resources = await db.resource.findMany({ where: { accountId }, select: { id: true, arn: true } });
  const byKey = new Map<string, number>();
  for (const r of resources) {
    byKey.set(r.arn, r.id);
    const tail = r.arn.split(/[/:]/).at(-1);
    if (tail && !byKey.has(tail)) byKey.set(tail, r.id);
  }
  const rows = new Map<string, { resourceId: number; day: Day; costMicroUsd: bigint }>();
  for (const line of answer.lines) {
    const resourceId = byKey.get(line.resource);
    if (resourceId === undefined || !isDay(line.day)) continue;
    const key = `${resourceId}|${line.day}`;
    const row = rows.get(key) ?? { resourceId, day: line.day, costMicroUsd: 0n };
    row.costMicroUsd += BigInt(Math.round(line.costMicroUsd));
    rows.set(key, row);
  }
  await db.$transaction(async (tx) => {
    await tx.resourceCostDay.deleteMany({ where: { resource: { accountId }, day: { gte: range.from, lte: range.to } } });
    await insertRecords(tx, "ResourceCostDay", ["resourceId", "day", "costMicroUsd"], [...rows.values()]);
    await tx.cloudAccount.update({ where: { id: accountId }, data: { resourceCostNote: null } });
  });
  return [];
}
