// What the sync could not read, and whether the cost adds up: shown, never hidden.
// Gaps come from the days' statuses (SyncDay) and the last run (a resource listing
// that broke off); the reconciliation compares each day's application and
// unallocated lines with Cost Explorer's ungrouped total.
import type { Db } from "../db/client";
import type { Day } from "../domain/day";
import { RECONCILIATION_TOLERANCE_MICRO_USD } from "../jobs/sync-days";
import type { SourceGap } from "../sources/types";
import { num } from "./sql";

export interface GapView {
  part: SourceGap["part"];
  from: Day | null;
  to: Day | null;
  reason: string;
}

export interface ReconciliationView {
  daysChecked: number;
  /** Days whose lines and total differ by a cent or more, newest first. */
  mismatches: { day: Day; totalMicroUsd: number; linesMicroUsd: number }[];
}

export interface SyncHealthView {
  gaps: GapView[];
  reconciliation: ReconciliationView;
}

/** Consecutive days with the same reason, as ranges. */
function ranges(days: { day: Day; reason: string }[], part: GapView["part"]): GapView[] {
  const out: GapView[] = [];
  for (const d of [...days].sort((a, b) => a.day.localeCompare(b.day))) {
    const last = out.at(-1);
    const next = last?.to ? new Date(Date.parse(`${last.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : null;
    if (last && last.reason === d.reason && next === d.day) last.to = d.day;
    else out.push({ part, from: d.day, to: d.day, reason: d.reason });
  }
  return out;
}

export async function getSyncHealth(db: Db, accountId: number, from: Day, to: Day): Promise<SyncHealthView> {
  const [days, lastRun] = await Promise.all([
    db.syncDay.findMany({ where: { accountId, day: { gte: from, lte: to } }, orderBy: { day: "asc" } }),
    db.syncRun.findFirst({ where: { accountId, status: "succeeded", trigger: { not: "signals" } }, orderBy: { startedAt: "desc" }, select: { gaps: true } }),
  ]);
  const runGaps = (Array.isArray(lastRun?.gaps) ? (lastRun.gaps as unknown as SourceGap[]) : []).filter((g) => g.part === "resources" || g.part === "business" || g.part === "operations" || g.part === "forecast" || g.part === "resourceCost");
  const gaps = [
    ...ranges(days.flatMap((d) => (d.costGap ? [{ day: d.day, reason: d.costGap }] : [])), "cost"),
    ...ranges(days.flatMap((d) => (d.trafficGap ? [{ day: d.day, reason: d.trafficGap }] : [])), "traffic"),
    ...runGaps.map((g) => ({ part: g.part, from: g.from ?? null, to: g.to ?? null, reason: g.reason })),
  ];
  const checked = days.filter((d) => d.totalMicroUsd !== null && d.linesMicroUsd !== null);
  const mismatches = checked
    .map((d) => ({ day: d.day, totalMicroUsd: num(d.totalMicroUsd), linesMicroUsd: num(d.linesMicroUsd) }))
    .filter((d) => Math.abs(d.linesMicroUsd - d.totalMicroUsd) >= RECONCILIATION_TOLERANCE_MICRO_USD)
    .reverse();
  return { gaps, reconciliation: { daysChecked: checked.length, mismatches } };
}
