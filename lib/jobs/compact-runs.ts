// Signals runs, folded into one row a day. The overload signals run every 2 to 5 minutes and
// each records a SyncRun, so that what its CloudWatch reads cost is counted: 288 to 720 rows a
// day. Past a day nobody reads them one by one (the run list shows the last few), but the
// applications list and the settings page read 30 days of runs to add their costs up, which
// after a month of the demo's schedule took 133–196 ms a view. Each UTC day's runs before
// yesterday are therefore summed into one row per day and outcome, its costs, calls and
// per-API usage exactly those of the runs it replaces, and the runs deleted, in one
// transaction: every total that adds runs up by day or period stays what it was.
import type { Db } from "../db/client";
import { addDays, dayStart, toDay } from "../domain/day";
import { addUsage, storedUsage } from "../sources/meter";
import type { ApiUsage } from "../sources/types";
import type { SampleSyncResult } from "./sync-samples";

/** The `runner` of a day's total: no process ran it as such. */
export const DAY_TOTAL_RUNNER = "day total";
/** Runs folded per call: the first call on a long-running install catches up a few days at a time, in short transactions. */
const BATCH = 2_000;
const DAY_MS = 86_400_000;

/** What a day's total says in `stats`: how many runs, and their samples and incidents added up. */
export interface DayTotalStats {
  runs: number;
  samples: SampleSyncResult;
  incidentsOpened: number;
}

type FoldedRun = {
  runner: string | null;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  stats: unknown;
  error: string | null;
  apiCallCount: number;
  apiCostMicroUsd: bigint;
  apiUsage: unknown;
};

const COUNTS = ["inserted", "updated", "unchanged", "pruned"] as const;

function statsOf({ runner, stats: value }: FoldedRun): DayTotalStats {
  const stats = (value && typeof value === "object" ? value : {}) as { runs?: unknown; samples?: Partial<Record<string, unknown>>; incidentsOpened?: unknown };
  const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  return {
    runs: runner === DAY_TOTAL_RUNNER ? count(stats.runs) : 1,
    samples: Object.fromEntries(COUNTS.map((k) => [k, count(stats.samples?.[k])])) as unknown as SampleSyncResult,
    incidentsOpened: count(stats.incidentsOpened),
  };
}

/** Runs (a day's total among them, if there is one already) summed into one: costs, calls, usage, time and counts. */
export function foldRuns(runs: readonly FoldedRun[]): Omit<FoldedRun, "runner" | "status" | "stats" | "apiUsage"> & { stats: DayTotalStats; apiUsage: ApiUsage[] } {
  const byApi = new Map<string, ApiUsage>();
  const stats: DayTotalStats = { runs: 0, samples: { inserted: 0, updated: 0, unchanged: 0, pruned: 0 }, incidentsOpened: 0 };
  let apiCallCount = 0;
  let apiCostMicroUsd = 0n;
  let durationMs = 0;
  let startedAt = runs[0]!.startedAt;
  let finishedAt: Date | null = null;
  let lastFailed: FoldedRun | null = null;
  for (const run of runs) {
    const s = statsOf(run);
    stats.runs += s.runs;
    for (const k of COUNTS) stats.samples[k] += s.samples[k];
    stats.incidentsOpened += s.incidentsOpened;
    apiCallCount += run.apiCallCount;
    apiCostMicroUsd += run.apiCostMicroUsd;
    durationMs += run.durationMs ?? 0;
    addUsage(byApi, storedUsage(run.apiUsage));
    if (run.startedAt < startedAt) startedAt = run.startedAt;
    if (run.finishedAt && (!finishedAt || run.finishedAt > finishedAt)) finishedAt = run.finishedAt;
    if (run.error && (!lastFailed || run.startedAt >= lastFailed.startedAt)) lastFailed = run;
  }
  // The message of the latest failed run folded in, as it was (stats.runs says how many runs the row stands for).
  const error = lastFailed?.error ?? null;
  return { startedAt, finishedAt, durationMs, stats, error, apiCallCount, apiCostMicroUsd, apiUsage: [...byApi.values()] };
}

/** Folds the account's signals runs that started before yesterday (UTC) into day totals; returns how many runs it folded. */
export async function compactSignalsRuns(db: Db, accountId: number, now = new Date(), batch = BATCH): Promise<number> {
  const before = dayStart(toDay(new Date(now.getTime() - DAY_MS)));
  return db.$transaction(async (tx) => {
    const runs = await tx.syncRun.findMany({
      // A running run is left alone: the lease code fails it if its worker died.
      where: { accountId, trigger: "signals", status: { in: ["succeeded", "failed"] }, startedAt: { lt: before }, OR: [{ runner: null }, { runner: { not: DAY_TOTAL_RUNNER } }] },
      orderBy: { startedAt: "asc" },
      take: batch,
      select: { id: true, runner: true, status: true, startedAt: true, finishedAt: true, durationMs: true, stats: true, error: true, apiCallCount: true, apiCostMicroUsd: true, apiUsage: true },
    });
    if (!runs.length) return 0;
    // Deleted first: a second process folding the same runs (the signals lease keeps them apart, unless
    // one outlived its lease) deletes fewer than it read, and rolls back instead of counting them again.
    const deleted = await tx.syncRun.deleteMany({ where: { id: { in: runs.map((r) => r.id) } } });
    if (deleted.count !== runs.length) throw new Error("another process is folding these signals runs");
    const groups = new Map<string, typeof runs>();
    for (const run of runs) {
      const key = `${toDay(run.startedAt)}|${run.status}`;
      const group = groups.get(key);
      if (group) group.push(run);
      else groups.set(key, [run]);
    }
    for (const [key, group] of groups) {
      const [day, status] = key.split("|") as [string, string];
      const startedAt = { gte: dayStart(day), lt: dayStart(addDays(day, 1)) };
      const existing = await tx.syncRun.findFirst({ where: { accountId, trigger: "signals", runner: DAY_TOTAL_RUNNER, status, startedAt } });
      const total = foldRuns(existing ? [existing, ...group] : group);
      const data = { ...total, stats: { ...total.stats, samples: { ...total.stats.samples } }, apiUsage: total.apiUsage.map((u) => ({ ...u })) };
      if (existing) await tx.syncRun.update({ where: { id: existing.id }, data });
      else await tx.syncRun.create({ data: { ...data, accountId, trigger: "signals", runner: DAY_TOTAL_RUNNER, status, fromDay: day, toDay: day } });
    }
    return runs.length;
  });
}
