// What a service in a cell usually looks like, for the signals that compare against
// it (latency growth, recovery) and the overload page's latency chart: medians of its
// 5-minute samples over the 2 days before the recent window. Pure, and worked out once
// per series and set of samples.
import { countWhile, inOrderBy } from "./samples";
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

/**
 * Baselines already worked out, per series: for the last moment asked (several signals, recovery
 * and the page each ask at the same one), and per set of samples they stand on, since the overload
 * data layer gives a view the same series object as the view before while no sample came or went
 * (lib/data/overload.ts, cellSeries), so a later moment often stands on the same samples.
 */
const baselines = new WeakMap<CellSeries, { endsInOrder: boolean; moment: string; last: Baseline | null; bySamples: Map<number, Baseline> }>();

const endOf = (s: CellSeries["fives"][number]) => s.ts.getTime() + s.periodSeconds * 1000;

/** What the service in this cell usually looks like: medians of its 5-minute samples before the recent window. */
export function baselineOf(series: CellSeries, now: Date, t: Thresholds): Baseline {
  const moment = `${now.getTime()}:${t.windowMinutes}`;
  let known = baselines.get(series);
  if (known?.moment === moment && known.last) return known.last;
  if (!known) {
    // Checked once per series: the signals' look back (overloadedSince) asks at many moments.
    const endsInOrder = inOrderBy(series.fives, endOf);
    baselines.set(series, (known = { endsInOrder, moment, last: null, bySamples: new Map() }));
  }
  const cutoff = now.getTime() - t.windowMinutes * 60_000;
  const ended = (s: CellSeries["fives"][number]) => endOf(s) <= cutoff;
  // The samples ended by the cutoff grow with it, one set inside the next: so how many there are
  // tells one set from another, whatever the moment and window that made it. Counted by binary
  // search where they end in order (as read), else one by one.
  const count = known.endsInOrder ? countWhile(series.fives, ended) : series.fives.filter(ended).length;
  const hit = known.bySamples.get(count) ?? compute();
  known.bySamples.set(count, hit);
  known.moment = moment;
  known.last = hit;
  return hit;

  function compute(): Baseline {
    const before = series.fives.filter((s) => ended(s) && s.requests > 0);
    const enough = before.length >= 12; // an hour of 5-minute samples
    return {
      p99Ms: enough ? median(before.flatMap((s) => (s.latencyP99Ms === null ? [] : [s.latencyP99Ms]))) : null,
      errorRate: enough ? median(before.map((s) => s.count5xx / s.requests)) : null,
      queueDepth: enough ? median(before.flatMap((s) => (s.queueDepth === null ? [] : [s.queueDepth]))) : null,
    };
  }
}
