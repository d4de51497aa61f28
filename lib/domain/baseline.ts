// What a service in a cell usually looks like, for the signals that compare against
// it (latency growth, recovery) and the overload page's latency chart: medians of its
// 5-minute samples over the 2 days before the recent window. Pure, and worked out once
// per series and moment.
import type { CellSeries, Thresholds } from "./signals";

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface Baseline {
  p99Ms: number | null;
  errorRate: number | null;
  queueDepth: number | null;
}

/** Baselines already worked out, per series and moment: several signals, recovery and the page each ask for the same one. */
const baselines = new WeakMap<CellSeries, Map<string, Baseline>>();

/** What the service in this cell usually looks like: medians of its 5-minute samples before the recent window. */
export function baselineOf(series: CellSeries, now: Date, t: Thresholds): Baseline {
  const key = `${now.getTime()}:${t.windowMinutes}`;
  let known = baselines.get(series);
  if (!known) baselines.set(series, (known = new Map()));
  const hit = known.get(key);
  if (hit) return hit;
  const before = series.fives.filter((s) => s.ts.getTime() + s.periodSeconds * 1000 <= now.getTime() - t.windowMinutes * 60_000 && s.requests > 0);
  const enough = before.length >= 12; // an hour of 5-minute samples
  const baseline = {
    p99Ms: enough ? median(before.flatMap((s) => (s.latencyP99Ms === null ? [] : [s.latencyP99Ms]))) : null,
    errorRate: enough ? median(before.map((s) => s.count5xx / s.requests)) : null,
    queueDepth: enough ? median(before.flatMap((s) => (s.queueDepth === null ? [] : [s.queueDepth]))) : null,
  };
  known.set(key, baseline);
  return baseline;
}
