// Frugal about itself: what its own AWS calls cost (every sync records its calls
// per API), per day and per month, and the calls of the last runs.
import type { Db } from "../db/client";
import { DAY_TOTAL_RUNNER } from "../jobs/compact-runs";
import { addUsage, storedUsage } from "../sources/meter";
import type { ApiUsage } from "../sources/types";
import { num } from "./sql";

export interface RunCalls {
  id: number;
  trigger: string;
  /** The process that ran it (worker@host:pid, cli@host:pid), null for runs from before it was recorded. */
  runner: string | null;
  status: string;
  startedAt: Date;
  durationMs: number | null;
  apiCallCount: number;
  apiCostMicroUsd: number;
  byApi: ApiUsage[];
}

export interface OwnCostView {
  /** The last 24 hours' runs. */
  lastDayMicroUsd: number;
  /**
   * The rate of the last 24 hours over a 30-day month; in Frugal's first day, the rate of the hours
   * it has run, without the first runs' history reads (made once, they would count 30 times).
   */
  monthMicroUsd: number;
  /** The minutes the month's rate was taken from: 1,440 (24 hours), or fewer in Frugal's first day. */
  rateMinutes: number;
  /** The runs whose one-off history read was left out of the month's rate. */
  historyReadsLeftOut: HistoryRead["kind"][];
  /** Since the first sync (which reads the history once). */
  sinceFirstMicroUsd: number;
  firstRunAt: Date | null;
  /** Cost per day over the last 30 days, oldest first, with the runs' calls. */
  days: { day: string; costMicroUsd: number; calls: number }[];
  /** Calls per API over the last 30 days. */
  byApi: ApiUsage[];
  /** The last syncs of the 30 days, newest first: what reads the cost (and bills Cost Explorer). */
  syncs: RunCalls[];
  /** The last overload runs, newest first (not the day totals older ones are folded into): every 2 to 5 minutes, they would crowd the syncs out of one list. */
  overloadRuns: RunCalls[];
}

const LAST_SYNCS = 8;
const LAST_OVERLOAD_RUNS = 4;

const DAY_MS = 86_400_000;

function callsOf(r: { id: number; trigger: string; runner: string | null; status: string; startedAt: Date; durationMs: number | null; apiCallCount: number; apiCostMicroUsd: bigint | number; apiUsage: unknown }): RunCalls {
  return { id: r.id, trigger: r.trigger, runner: r.runner, status: r.status, startedAt: r.startedAt, durationMs: r.durationMs, apiCallCount: r.apiCallCount, apiCostMicroUsd: num(r.apiCostMicroUsd), byApi: storedUsage(r.apiUsage) };
}

export async function getOwnCost(db: Db, accountId: number, now = new Date()): Promise<OwnCostView> {
  const since = new Date(now.getTime() - 30 * DAY_MS);
  const [recent, totals, first, firstSync, firstSignals] = await Promise.all([
    db.syncRun.findMany({ where: { accountId, startedAt: { gte: since } }, orderBy: { startedAt: "desc" }, select: { id: true, trigger: true, runner: true, status: true, startedAt: true, durationMs: true, apiCallCount: true, apiCostMicroUsd: true, apiUsage: true } }),
    db.syncRun.aggregate({ where: { accountId }, _sum: { apiCostMicroUsd: true } }),
    db.syncRun.findFirst({ where: { accountId }, orderBy: { startedAt: "asc" }, select: { startedAt: true } }),
    db.syncRun.findFirst({ where: { accountId, trigger: { not: "signals" } }, orderBy: { startedAt: "asc" }, select: { startedAt: true, apiCostMicroUsd: true } }),
    db.syncRun.findMany({ where: { accountId, trigger: "signals" }, orderBy: { startedAt: "asc" }, take: 2, select: { startedAt: true, apiCostMicroUsd: true } }),
  ]);
  const days = new Map<string, { costMicroUsd: number; calls: number }>();
  for (let t = since.getTime() + DAY_MS; t <= now.getTime() + 1; t += DAY_MS) days.set(new Date(t).toISOString().slice(0, 10), { costMicroUsd: 0, calls: 0 });
  const byApi = new Map<string, ApiUsage>();
  let lastDay = 0;
  for (const run of recent) {
    const cost = num(run.apiCostMicroUsd);
    const day = days.get(run.startedAt.toISOString().slice(0, 10));
    if (day) {
      day.costMicroUsd += cost;
      day.calls += run.apiCallCount;
    }
    if (run.startedAt.getTime() > now.getTime() - DAY_MS) lastDay += cost;
    addUsage(byApi, storedUsage(run.apiUsage));
  }
  const historyReads: HistoryRead[] = [];
  // The first sync reads the whole history; the first overload run reads 2 days of 5-minute samples
  // besides the 1-minute ones every run reads: the part above the next run's cost.
  if (firstSync) historyReads.push({ kind: "sync", startedAt: firstSync.startedAt, costMicroUsd: num(firstSync.apiCostMicroUsd) });
  const [firstOverload, nextOverload] = firstSignals;
  if (firstOverload) {
    const extra = num(firstOverload.apiCostMicroUsd) - (nextOverload ? num(nextOverload.apiCostMicroUsd) : 0);
    if (extra > 0) historyReads.push({ kind: "overload", startedAt: firstOverload.startedAt, costMicroUsd: extra });
  }
  const rate = monthlyRate(lastDay, now, first?.startedAt ?? null, historyReads);
  return {
    lastDayMicroUsd: lastDay,
    ...rate,
    sinceFirstMicroUsd: num(totals._sum.apiCostMicroUsd ?? 0),
    firstRunAt: first?.startedAt ?? null,
    days: [...days].map(([day, d]) => ({ day, ...d })),
    byApi: [...byApi.values()].sort((a, b) => b.costMicroUsd - a.costMicroUsd || a.api.localeCompare(b.api)),
    syncs: recent.filter((r) => r.trigger !== "signals").slice(0, LAST_SYNCS).map(callsOf),
    overloadRuns: recent.filter((r) => r.trigger === "signals" && r.runner !== DAY_TOTAL_RUNNER).slice(0, LAST_OVERLOAD_RUNS).map(callsOf),
  };
}

/** The shortest span a first day's rate is taken from: a few minutes' runs would say little. */
const MIN_RATE_MS = 15 * 60_000;

/** What a first run spent once on reading the history: made in the last 24 hours, it is not part of the rate. */
export interface HistoryRead {
  kind: "sync" | "overload";
  startedAt: Date;
  costMicroUsd: number;
}

/**
 * What the last 24 hours' runs come to over a 30-day month. In Frugal's first day the runs cover
 * fewer hours, and the first runs read the history once: the rate is then that of the hours run,
 * those reads left out, so a new account is not told its first day's history reads recur daily.
 */
export function monthlyRate(lastDayMicroUsd: number, now: Date, firstRunAt: Date | null, historyReads: readonly HistoryRead[]): { monthMicroUsd: number; rateMinutes: number; historyReadsLeftOut: HistoryRead["kind"][] } {
  const span = firstRunAt ? Math.min(DAY_MS, Math.max(MIN_RATE_MS, now.getTime() - firstRunAt.getTime())) : DAY_MS;
  const leftOut = historyReads.filter((r) => r.startedAt.getTime() > now.getTime() - DAY_MS);
  const recurring = Math.max(0, lastDayMicroUsd - leftOut.reduce((sum, r) => sum + r.costMicroUsd, 0));
  return { monthMicroUsd: Math.round((recurring * 30 * DAY_MS) / span), rateMinutes: Math.round(span / 60_000), historyReadsLeftOut: leftOut.map((r) => r.kind) };
}
