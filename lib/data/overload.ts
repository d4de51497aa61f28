// An application's overload signals as the page, the API, the switch confirmation
// and the signals job read them: its samples grouped per service and cell, the
// thresholds it set, the signals, incidents and what failures cost.
import { z } from "zod";
import { Prisma, type Db } from "../db/client";
import { indicesBetween, SAMPLE_VALUE_FIELDS, samplesBetween, type Sample } from "../domain/samples";
import { DEFAULT_THRESHOLDS, evaluateSignals, recoveryCheck, worst, type CellSeries, type Signal, type SignalState, type Thresholds } from "../domain/signals";
import { addDays, dayStart, toDay } from "../domain/day";
import { num } from "./sql";

const share = z.coerce.number().min(0).max(1);
/** Seconds: up to two weeks (SQS keeps a message at most 14 days). */
const positive = z.coerce.number().positive().max(14 * 86_400, "At most 14 days (1,209,600 s).");
export const thresholdsSchema = z
  .object({
    windowMinutes: z.coerce.number().int().min(5, "At least 5 minutes.").max(60, "At most 60 minutes."),
    queueAgeWarningSeconds: positive,
    queueAgeOverloadedSeconds: positive,
    errorRateWarning: share,
    errorRateOverloaded: share,
    cellErrorRatio: z.coerce.number().min(1.5, "At least 1.5 times the other cells.").max(1000, "At most 1,000 times."),
    minRequests: z.coerce.number().int().min(1).max(1e9),
    minErrors: z.coerce.number().int().min(1).max(1e9),
    latencyGrowthWarning: z.coerce.number().min(1.1).max(100, "At most 100 times the median."),
    latencyGrowthOverloaded: z.coerce.number().min(1.1).max(100, "At most 100 times the median."),
    flatThroughput: share,
    goodputDropWarning: share,
    goodputDropOverloaded: share,
    retryRateWarning: share,
    retryRateOverloaded: share,
    throttleRateWarning: share,
    throttleRateOverloaded: share,
  })
  .superRefine((t, ctx) => {
    const pairs: [keyof Thresholds, keyof Thresholds][] = [
      ["queueAgeWarningSeconds", "queueAgeOverloadedSeconds"],
      ["errorRateWarning", "errorRateOverloaded"],
      ["latencyGrowthWarning", "latencyGrowthOverloaded"],
      ["goodputDropWarning", "goodputDropOverloaded"],
      ["retryRateWarning", "retryRateOverloaded"],
      ["throttleRateWarning", "throttleRateOverloaded"],
    ];
    for (const [warning, overloaded] of pairs) {
      if (t[warning] > t[overloaded]) ctx.addIssue({ code: "custom", path: [warning], message: "The warning level must not be above the overloaded level." });
    }
  });

/** The application's thresholds: its own where it set them, the defaults elsewhere (a stored value that no longer validates is ignored). */
export function thresholdsOf(stored: unknown): Thresholds {
  if (!stored || typeof stored !== "object") return DEFAULT_THRESHOLDS;
  const merged = thresholdsSchema.safeParse({ ...DEFAULT_THRESHOLDS, ...(stored as object) });
  return merged.success ? merged.data : DEFAULT_THRESHOLDS;
}

type SampleRow = Omit<Sample, "serviceKey" | "ts"> & { serviceId: number; ts: string | Date };
type Numeric = bigint | number | null;
const nullable = (v: Numeric) => (v === null ? null : Number(v));

/**
 * Parsed series, kept per database and application until a sample or a run changes:
 * the page re-reads every 30 s (and the list's badges, where no verdict of the signals
 * run stands, read every application), while new samples arrive every 2 minutes.
 * Reading 2 days of samples costs ~150 ms here.
 */
const seriesCache = new WeakMap<Db, Map<number, CachedSeries>>();

interface CachedSeries {
  key: string;
  /** Each series whole, its samples oldest first (as read). */
  series: CellSeries[];
  /**
   * Each series as last cut to the 2 days before a view, with where the cut fell: the same object
   * is given again while the cut has not moved, so that what is worked out per series and kept
   * per object (its baseline, lib/domain/baseline.ts) is not worked out again on every view.
   */
  cuts: ({ bounds: string; series: CellSeries } | undefined)[];
}

/**
 * Changes whenever the samples may have: an insert raises the newest id, pruning raises the oldest
 * timestamp of its period, and a run that updates samples in place ends with a new finishedAt.
 * Index lookups only: a COUNT(*) did pruning's part before, and scanned every sample on every
 * overload view (58 ms at 1.5 million samples on PostgreSQL).
 */
async function samplesVersion(db: Db): Promise<string> {
  const [row] = await db.$queryRaw<{ maxSample: Numeric; minMinute: unknown; minFive: unknown; maxRun: Numeric; lastFinished: unknown }[]>`
    SELECT (SELECT MAX("id") FROM "MetricSample") AS "maxSample",
           (SELECT MIN("ts") FROM "MetricSample" WHERE "periodSeconds" = 60) AS "minMinute",
           (SELECT MIN("ts") FROM "MetricSample" WHERE "periodSeconds" = 300) AS "minFive",
           (SELECT MAX("id") FROM "SyncRun") AS "maxRun", (SELECT MAX("finishedAt") FROM "SyncRun") AS "lastFinished"`;
  return `${row?.maxSample}:${String(row?.minMinute)}:${String(row?.minFive)}:${row?.maxRun}:${String(row?.lastFinished)}`;
}

/** The recent samples of every service of the application, per service and cell (the 2 days before `now`). */
export async function cellSeries(db: Db, applicationId: number, now = new Date(), { fresh = false } = {}): Promise<CellSeries[]> {
  let cached: CachedSeries | undefined;
  if (fresh) {
    // Past the cache, and not into it: the signals job reads every application in turn, and keeping
    // what it read would hold a large account's two days of samples for nobody.
    cached = { key: "fresh", series: await readSeries(db, applicationId), cuts: [] };
  } else {
    const key = await samplesVersion(db);
    let perApp = seriesCache.get(db);
    if (!perApp) seriesCache.set(db, (perApp = new Map()));
    cached = perApp.get(applicationId);
    if (!cached || cached.key !== key) {
      cached = { key, series: await readSeries(db, applicationId), cuts: [] };
      perApp.set(applicationId, cached);
    }
  }
  const from = now.getTime() - 48 * 3600_000;
  const to = now.getTime();
  const { cuts } = cached;
  return cached.series.flatMap((s, i) => {
    const minutes = indicesBetween(s.minutes, from, to);
    const fives = indicesBetween(s.fives, from, to);
    if (minutes[0] === minutes[1] && fives[0] === fives[1]) return [];
    const bounds = `${minutes}:${fives}`;
    const cut = cuts[i];
    if (cut?.bounds === bounds) return [cut.series];
    const series = { ...s, minutes: s.minutes.slice(...minutes), fives: s.fives.slice(...fives) };
    cuts[i] = { bounds, series };
    return [series];
  });
}

async function readSeries(db: Db, applicationId: number): Promise<CellSeries[]> {
  const services = await db.service.findMany({ where: { applicationId }, select: { id: true, name: true } });
  if (services.length === 0) return [];
  const names = new Map(services.map((s) => [s.id, s.name]));
  // Raw SQL: tens of thousands of rows, read on every page view and every 2 minutes;
  // through the query builder this read alone took a few hundred milliseconds.
  const rows = await db.$queryRaw<Record<keyof SampleRow, Numeric | string | Date>[]>`
    SELECT "serviceId", "cell", "periodSeconds", "ts", ${Prisma.raw(SAMPLE_VALUE_FIELDS.map((f) => `"${f}"`).join(", "))}
    FROM "MetricSample"
    WHERE "serviceId" IN (SELECT "id" FROM "Service" WHERE "applicationId" = ${applicationId})
    ORDER BY "ts" ASC`;
  const groups = new Map<string, CellSeries & { minutes: Sample[]; fives: Sample[] }>();
  for (const row of rows) {
    const service = names.get(Number(row.serviceId)) as string;
    const cell = row.cell as string;
    const key = `${service}\u0000${cell}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { service, cell, minutes: [], fives: [] }));
    const sample = { serviceKey: service, cell, periodSeconds: Number(row.periodSeconds), ts: row.ts instanceof Date ? row.ts : new Date(row.ts as string) } as Sample;
    // The counts are NOT NULL columns; the others stay null where nothing was published.
    for (const f of SAMPLE_VALUE_FIELDS) (sample as unknown as Record<string, number | null>)[f] = nullable(row[f] as Numeric);
    (sample.periodSeconds === 60 ? group.minutes : group.fives).push(sample);
  }
  return [...groups.values()].sort((a, b) => a.service.localeCompare(b.service) || a.cell.localeCompare(b.cell));
}

export interface ServiceCellStatus {
  service: string;
  cell: string;
  state: SignalState | "recovering";
  /** The worst signal's reason, or what recovery still waits for. */
  reason: string;
}

export interface OverloadState {
  now: Date;
  thresholds: Thresholds;
  /** Whether the application stored thresholds of its own (they may still equal the defaults). */
  thresholdsStored: boolean;
  series: CellSeries[];
  signals: Signal[];
  /** Per service and cell: the worst signal, or 'recovering' while an incident there is. */
  statuses: ServiceCellStatus[];
  state: SignalState | "recovering";
  /** When the newest sample was taken; null without any. */
  dataUntil: Date | null;
}

/** Signals, and where each service in each cell stands, including recovery from earlier incidents. */
export async function overloadState(db: Db, applicationId: number, now = new Date(), options: { fresh?: boolean } = {}): Promise<OverloadState> {
  const [app, series, recovering] = await Promise.all([
    db.application.findUniqueOrThrow({ where: { id: applicationId }, select: { overloadThresholds: true } }),
    cellSeries(db, applicationId, now, options),
    recoveringCells(db, applicationId),
  ]);
  const thresholds = thresholdsOf(app.overloadThresholds);
  const signals = evaluateSignals(series, now, thresholds);
  const statuses = statusesOf(series, signals, recovering, now, thresholds);
  const newest = series.flatMap((s) => [s.minutes.at(-1), s.fives.at(-1)]).filter((x): x is Sample => x !== undefined);
  const dataUntil = newest.length ? new Date(Math.max(...newest.map((s) => s.ts.getTime() + s.periodSeconds * 1000))) : null;
  return { now, thresholds, thresholdsStored: app.overloadThresholds !== null, series, signals, statuses, state: worst(statuses.map((s) => s.state)), dataUntil };
}

/** The services and cells with an incident on its way back to normal. */
export async function recoveringCells(db: Db, applicationId: number): Promise<{ service: string; cell: string }[]> {
  const incidents = await db.incident.findMany({ where: { applicationId, state: "recovering" }, select: { cell: true, service: { select: { name: true } } } });
  return incidents.map((i) => ({ service: i.service.name, cell: i.cell }));
}

/** Per service and cell: its worst signal, or 'recovering' while an incident there is on its way back. */
export function statusesOf(series: readonly CellSeries[], signals: readonly Signal[], recovering: readonly { service: string; cell: string }[], now: Date, thresholds: Thresholds): ServiceCellStatus[] {
  return series.map((s) => {
    const own = signals.filter((g) => g.service === s.service && g.cell === s.cell);
    const state = worst(own.map((g) => g.state));
    if (recovering.some((i) => i.service === s.service && i.cell === s.cell) && state !== "overloaded") {
      const check = recoveryCheck(s, now, thresholds);
      return { service: s.service, cell: s.cell, state: "recovering", reason: check.waitingFor.length ? `Recovering: ${check.waitingFor.join("; ")}.` : "Recovering: back to its baseline at the next check." };
    }
    const top = own.find((g) => g.state === state && state !== "ok");
    return { service: s.service, cell: s.cell, state, reason: top?.reason ?? "All signals normal." };
  });
}

export interface WastedSpend {
  service: string;
  cell: string;
  day: string;
  failedRequests: number;
  retries: number;
  costPerRequestMicroUsd: number | null;
  failuresMicroUsd: number | null;
  retriesMicroUsd: number | null;
}

/**
 * Money spent on requests that failed (5XX × the service's cost per request) and on
 * retries, per service, cell and day, for the days the 5-minute samples cover. Cost
 * per request is the service's allocated cost over its requests on the last complete
 * day with cost (Cost Explorer has no figure for today).
 */
export async function wastedSpend(db: Db, applicationId: number, series: CellSeries[], now = new Date()): Promise<WastedSpend[]> {
  const days = [addDays(toDay(now), -1), toDay(now)];
  const services = await db.service.findMany({ where: { applicationId }, select: { id: true, name: true } });
  const costRows = await db.serviceCostDay.findMany({
    where: { applicationId, day: { gte: addDays(toDay(now), -7), lt: toDay(now) }, requestCount: { gt: 0 } },
    orderBy: { day: "desc" },
  });
  const perRequest = new Map<string, number>();
  for (const s of services) {
    // The newest day whose cost has arrived: Cost Explorer lags, and a day without cost yet is not free.
    const row = costRows.find((r) => r.serviceId === s.id && num(r.ownCostMicroUsd) + num(r.sharedCostMicroUsd) > 0);
    if (row) perRequest.set(s.name, (num(row.ownCostMicroUsd) + num(row.sharedCostMicroUsd)) / num(row.requestCount));
  }
  const out: WastedSpend[] = [];
  // Each day as [start, end) in milliseconds, found by binary search in the series (sorted, as cellSeries gives them).
  const bounds = days.map((day) => ({ day, start: dayStart(day).getTime(), end: dayStart(addDays(day, 1)).getTime() }));
  for (const s of series) {
    for (const { day, start, end } of bounds) {
      const samples = samplesBetween(s.fives, start, end);
      // The last minutes not yet in a whole 5-minute sample.
      const lastFive = samples.at(-1);
      const extra = samplesBetween(s.minutes, lastFive ? Math.max(start, lastFive.ts.getTime() + 300_000) : start, end);
      const all = [...samples, ...extra];
      const failed = all.reduce((a, x) => a + x.count5xx, 0);
      const retries = all.reduce((a, x) => a + (x.retries ?? 0), 0);
      const cpr = perRequest.get(s.service) ?? null;
      if (all.length === 0) continue;
      out.push({
        service: s.service,
        cell: s.cell,
        day,
        failedRequests: failed,
        retries,
        costPerRequestMicroUsd: cpr,
        failuresMicroUsd: cpr === null ? null : Math.round(failed * cpr),
        retriesMicroUsd: cpr === null ? null : Math.round(retries * cpr),
      });
    }
  }
  return out;
}

export { recoveryCheck };
