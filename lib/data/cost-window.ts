import type { Db } from "../db/client";
import { previousRange, type DateRange } from "../domain/date-range";
import type { Day } from "../domain/day";

/**
 * Cost Explorer has no figure for today (and sometimes yesterday) yet, so cost
 * totals and unit costs use the days of the range that have cost data, and
 * compare against a previous window of the same length.
 */
export interface CostWindow {
  /** What was asked for. */
  range: DateRange;
  /** The part of it with cost data; null when none of it has any. */
  costRange: DateRange | null;
  /** The window just before costRange, of the same length. */
  previousCostRange: DateRange | null;
  lastCostDay: Day | null;
  /** The first day with cost data at all: nothing before it can be compared with. */
  firstCostDay: Day | null;
}

export async function costWindow(db: Db, accountId: number, range: DateRange): Promise<CostWindow> {
  // The first and the last day, each read off the (accountId, day, scope) index: one MIN and one MAX
  // in the same aggregate would make SQLite read every cost row of the account.
  const [firstRow, lastRow] = await Promise.all([
    db.costDay.findFirst({ where: { accountId }, orderBy: { day: "asc" }, select: { day: true } }),
    db.costDay.findFirst({ where: { accountId }, orderBy: { day: "desc" }, select: { day: true } }),
  ]);
  const first = firstRow?.day ?? null;
  const last = lastRow?.day ?? null;
  if (first === null || last === null || last < range.from || first > range.to) {
    return { range, costRange: null, previousCostRange: null, lastCostDay: last, firstCostDay: first };
  }
  // The days of the range that have cost data: a range reaching back before the history starts covers fewer days.
  const costRange = { from: range.from > first ? range.from : first, to: range.to < last ? range.to : last };
  return { range, costRange, previousCostRange: previousRange(costRange), lastCostDay: last, firstCostDay: first };
}
