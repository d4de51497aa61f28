// What a service in a cell usually looks like, for the signals that compare against
// it (latency growth, recovery) and the overload page's latency chart: medians of its
// 5-minute samples over the 2 days before the recent window. Pure, and worked out once
// per series and set of samples.
import { countWhile, inOrderBy } from "./samples";
import type { CellSeries, Thresholds } from "./signals";

type Sample = CellSeries["fives"][number];

function median(values: number[]): number | null {
  return middleOf([...values].sort((a, b) => a - b));
}

/** The median of values already sorted. */
function middleOf(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Where `value` goes in a sorted list: the first index whose value is not below it. */
function placeOf(sorted: readonly number[], value: number): number {
  return countWhile(sorted, (v) => v < value);
}

/**
 * The values a baseline takes medians of, kept sorted, for the first `count` samples of a
 * series whose samples end in order. Moving to another count adds or takes away only the
 * samples between: overloadedSince walks back one sample at a time, and sorting the whole
 * 2 days again at each step took 255 ms for a cell overloaded for 2 days.
 */
class SortedPrefix {
  #count = 0;
  /** Samples with requests among the first `count`: a baseline needs an hour of them. */
  #withRequests = 0;
  readonly #p99: number[] = [];
  readonly #errorRate: number[] = [];
  readonly #queueDepth: number[] = [];

  constructor(private readonly samples: readonly Sample[]) {}

  baseline(count: number): Baseline {
    while (this.#count < count) this.#change(this.samples[this.#count++] as Sample, 1);
    while (this.#count > count) this.#change(this.samples[--this.#count] as Sample, -1);
    const enough = this.#withRequests >= MIN_BASELINE_SAMPLES;
    return {
      p99Ms: enough ? middleOf(this.#p99) : null,
      errorRate: enough ? middleOf(this.#errorRate) : null,
      queueDepth: enough ? middleOf(this.#queueDepth) : null,
    };
  }

  #change(s: Sample, by: 1 | -1) {
    if (s.requests <= 0) return;
    this.#withRequests += by;
    const apply = (sorted: number[], value: number) => {
      const at = placeOf(sorted, value);
      if (by === 1) sorted.splice(at, 0, value);
      else sorted.splice(at, 1); // the same sample gave the same value: it is there
    };
    if (s.latencyP99Ms !== null) apply(this.#p99, s.latencyP99Ms);
    apply(this.#errorRate, s.count5xx / s.requests);
    if (s.queueDepth !== null) apply(this.#queueDepth, s.queueDepth);
  }
}

/** An hour of 5-minute samples with requests: fewer make no baseline. */
const MIN_BASELINE_SAMPLES = 12;

export interface Baseline {
  p99Ms: number | null;
  errorRate: number | null;
  queueDepth: number | null;
}

/**
 * Baselines already worked out, per series of 5-minute samples (the only samples a baseline
 * reads): for the last moment asked (several signals, recovery and the page each ask at the
 * same one), and per set of samples they stand on, since the overload data layer gives a view
 * the same series as the view before while no sample came or went (lib/data/overload.ts,
 * cellSeries), so a later moment often stands on the same samples. Keyed by the samples, not
 * the series object: overloadedSince judges copies of a series that share its 5-minute samples,
 * once per new incident, and each walk back asks at the same moments as the one before.
 */
const baselines = new WeakMap<CellSeries["fives"], { prefix: SortedPrefix | null; moment: string; last: Baseline | null; bySamples: Map<number, Baseline> }>();

const endOf = (s: Sample) => s.ts.getTime() + s.periodSeconds * 1000;

/** What the service in this cell usually looks like: medians of its 5-minute samples before the recent window. */
export function baselineOf(series: CellSeries, now: Date, t: Thresholds): Baseline {
  const moment = `${now.getTime()}:${t.windowMinutes}`;
  let known = baselines.get(series.fives);
  if (known?.moment === moment && known.last) return known.last;
  if (!known) {
    // Checked once per series: the signals' look back (overloadedSince) asks at many moments.
    const prefix = inOrderBy(series.fives, endOf) ? new SortedPrefix(series.fives) : null;
    baselines.set(series.fives, (known = { prefix, moment, last: null, bySamples: new Map() }));
  }
  const cutoff = now.getTime() - t.windowMinutes * 60_000;
  const ended = (s: Sample) => endOf(s) <= cutoff;
  // The samples ended by the cutoff grow with it, one set inside the next: so how many there are
  // tells one set from another, whatever the moment and window that made it. Counted by binary
  // search where they end in order (as read), else one by one.
  const { prefix } = known;
  const count = prefix ? countWhile(series.fives, ended) : series.fives.filter(ended).length;
  const hit = known.bySamples.get(count) ?? prefix?.baseline(count) ?? compute();
  known.bySamples.set(count, hit);
  known.moment = moment;
  known.last = hit;
  return hit;

  function compute(): Baseline {
    const before = series.fives.filter((s) => ended(s) && s.requests > 0);
    const enough = before.length >= MIN_BASELINE_SAMPLES;
    return {
      p99Ms: enough ? median(before.flatMap((s) => (s.latencyP99Ms === null ? [] : [s.latencyP99Ms]))) : null,
      errorRate: enough ? median(before.map((s) => s.count5xx / s.requests)) : null,
      queueDepth: enough ? median(before.flatMap((s) => (s.queueDepth === null ? [] : [s.queueDepth]))) : null,
    };
  }
}
