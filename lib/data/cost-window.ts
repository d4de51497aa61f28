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
  const { _min, _max } = await db.costDay.aggregate({ where: { accountId }, _min: { day: true }, _max: { day: true } });
  const first = _min.day;
  const last = _max.day;
  if (first === null || last === null || last < range.from || first > range.to) {
    return { range, costRange: null, previousCostRange: null, lastCostDay: last, firstCostDay: first };
  }
  // The days of the range that have cost data: a range reaching back before the history starts covers fewer days.
  const costRange = { from: range.from > first ? range.from : first, to: range.to < last ? range.to : last };
  return { range, costRange, previousCostRange: previousRange(costRange), lastCostDay: last, firstCostDay: first };
}
