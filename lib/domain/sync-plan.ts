// Which days a sync reads. Cost Explorer charges per request and refreshes about
// three times a day; CloudWatch charges per metric asked for, and a day's metrics
// stop changing a few hours after it ends. So, for a source that charges (AWS), a
// sync reads only what is missing, failed, read under other rules, or not final
// yet and not read lately; the built-in demo is read whole every time.
import { addDays, dayStart, type Day, type DayRange } from "./day";

export interface DayStatus {
  costReadAt: number | null;
  costEstimated: boolean;
  costQueryHash: string | null;
  costGap: boolean;
  trafficReadAt: number | null;
  trafficGap: boolean;
}

export interface SyncPlanInput {
  /** The window the sync keeps: every day from `from` to `to` (today), both included. */
  from: Day;
  to: Day;
  now: number;
  statuses: ReadonlyMap<Day, DayStatus>;
  /** The rules, metric and filters cost is read under now. */
  costQueryHash: string;
  incremental: boolean;
  /** An estimated day is read again once its last read is this old (Cost Explorer refreshes ~3 times a day). */
  costRefreshMs: number;
  /** A day's metrics are final once it ended this long ago. */
  trafficSettleMs: number;
  /** A day not final yet (today) is read again once its last read is this old: CloudWatch bills each read per metric. */
  trafficRefreshMs: number;
  /** Days apart that are still read in one range: an extra day in a request costs less than another request. */
  costMergeGapDays: number;
}

export interface SyncPlan {
  cost: DayRange[];
  traffic: DayRange[];
}

const DAY_MS = 86_400_000;

export function costDayNeeded(status: DayStatus | undefined, input: Pick<SyncPlanInput, "now" | "costQueryHash" | "costRefreshMs">): boolean {
  if (!status || status.costReadAt === null || status.costGap) return true;
  if (status.costQueryHash !== input.costQueryHash) return true;
  return status.costEstimated && input.now - status.costReadAt >= input.costRefreshMs;
}

export function trafficDayNeeded(day: Day, status: DayStatus | undefined, input: Pick<SyncPlanInput, "now" | "trafficSettleMs" | "trafficRefreshMs">): boolean {
  if (!status || status.trafficReadAt === null || status.trafficGap) return true;
  // Read again until a read happened after the day had settled, but not more often than the refresh interval.
  const settled = status.trafficReadAt >= dayStart(day).getTime() + DAY_MS + input.trafficSettleMs;
  return !settled && input.now - status.trafficReadAt >= input.trafficRefreshMs;
}

/** Days as ranges, joining ranges whose gap is at most `mergeGapDays` days. */
export function toRanges(days: readonly Day[], mergeGapDays: number): DayRange[] {
  const ranges: DayRange[] = [];
  for (const day of [...days].sort()) {
    const last = ranges.at(-1);
    if (last && day <= addDays(last.to, mergeGapDays + 1)) last.to = day;
    else ranges.push({ from: day, to: day });
  }
  return ranges;
}

export function planSync(input: SyncPlanInput): SyncPlan {
  const whole = [{ from: input.from, to: input.to }];
  if (!input.incremental) return { cost: whole, traffic: whole };
  const cost: Day[] = [];
  const traffic: Day[] = [];
  for (let day = input.from; day <= input.to; day = addDays(day, 1)) {
    const status = input.statuses.get(day);
    if (costDayNeeded(status, input)) cost.push(day);
    if (trafficDayNeeded(day, status, input)) traffic.push(day);
  }
  // GetMetricData is priced per metric, not per datapoint: one window over every day it needs is cheapest.
  return { cost: toRanges(cost, input.costMergeGapDays), traffic: traffic.length ? [{ from: traffic[0] as Day, to: traffic.at(-1) as Day }] : [] };
}
