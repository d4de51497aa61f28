// Overload signals of one service in one cell, from its recent samples (samples.ts):
// each a state (ok / warning / overloaded) and a one-line reason a person can act
// on. Pure: the thresholds come in, the verdicts go out.
//   queue         age of the oldest message, depth, arrival against drain, time to catch up
//   errors        5XX of a cell, against absolute levels and against the other cells
//   hidden_queue  p99 latency up against its 2-day median while throughput is flat or falling
//   collapse      goodput falling while offered load rises
//   retries       retries against requests; near 10 % they turn an overload into a collapse
//   throttles     HTTP 429, Lambda and DynamoDB throttles against requests
// 4XX is shown beside 5XX and never raises a signal by itself.
import { baselineOf } from "./baseline";
import { samplesStartingIn, type Sample } from "./samples";

export type SignalState = "ok" | "warning" | "overloaded";
export type SignalKind = "queue" | "errors" | "hidden_queue" | "collapse" | "retries" | "throttles";
export const SIGNAL_KINDS: readonly SignalKind[] = ["queue", "errors", "hidden_queue", "collapse", "retries", "throttles"];

export const SIGNAL_NAMES: Record<SignalKind, string> = {
  queue: "Queue",
  errors: "5XX",
  hidden_queue: "Hidden queue",
  collapse: "Congestion collapse",
  retries: "Retries",
  throttles: "Throttles",
};

/** How bad each state of a service in a cell is (recovering: out of the alarm, not yet at its baseline), for picking the worst and sorting worst first. */
export const STATE_SEVERITY: Record<SignalState | "recovering", number> = { ok: 0, recovering: 1, warning: 2, overloaded: 3 };

export interface Thresholds {
  /** The recent window every signal judges, in minutes. */
  windowMinutes: number;
  queueAgeWarningSeconds: number;
  queueAgeOverloadedSeconds: number;
  /** 5XX as a share of a cell's requests. */
  errorRateWarning: number;
  errorRateOverloaded: number;
  /** A cell this many times the other cells' 5XX rate is flagged even under the absolute levels. */
  cellErrorRatio: number;
  /** Below these a rate is not judged: 1 error in 3 requests is not an outage. */
  minRequests: number;
  minErrors: number;
  /** p99 against its 2-day median. */
  latencyGrowthWarning: number;
  latencyGrowthOverloaded: number;
  /** Throughput counts as flat within this rise. */
  flatThroughput: number;
  /** Goodput drop, while offered load rises. */
  goodputDropWarning: number;
  goodputDropOverloaded: number;
  retryRateWarning: number;
  retryRateOverloaded: number;
  throttleRateWarning: number;
  throttleRateOverloaded: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  windowMinutes: 15,
  queueAgeWarningSeconds: 60,
  queueAgeOverloadedSeconds: 300,
  errorRateWarning: 0.01,
  errorRateOverloaded: 0.05,
  cellErrorRatio: 3,
  minRequests: 100,
  minErrors: 5,
  latencyGrowthWarning: 1.5,
  latencyGrowthOverloaded: 2.5,
  flatThroughput: 0.2,
  goodputDropWarning: 0.05,
  goodputDropOverloaded: 0.15,
  retryRateWarning: 0.075,
  retryRateOverloaded: 0.2,
  throttleRateWarning: 0.01,
  throttleRateOverloaded: 0.05,
};

export interface Signal {
  kind: SignalKind;
  service: string;
  /** '' for a service without cells. */
  cell: string;
  state: SignalState;
  reason: string;
  /** The figure judged (seconds, a share, a ratio), and the threshold it crossed or would cross. */
  value: number | null;
  threshold: number | null;
}

/** A service in a cell: 1-minute samples of the last hours and 5-minute samples of the last days, oldest first. */
export interface CellSeries {
  service: string;
  cell: string;
  minutes: readonly Sample[];
  fives: readonly Sample[];
}

export const worst = <S extends keyof typeof STATE_SEVERITY>(states: readonly S[]): S | "ok" => states.reduce<S | "ok">((w, s) => (STATE_SEVERITY[s] > STATE_SEVERITY[w] ? s : w), "ok");

// ---- formatting a reason (plain text: the reasons also go into webhooks) ----

const pct = (share: number) => {
  const p = share * 100;
  return `${p.toFixed(p === 0 ? 0 : p < 0.095 ? 2 : p < 9.95 ? 1 : 0)}\u00a0%`;
};
const count = (n: number) => Math.round(n).toLocaleString("en-US");
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  return `${h} h ${minutes % 60} min`;
}
const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
const times = (r: number) => `${r < 10 ? r.toFixed(1) : Math.round(r)}×`;

// ---- windows ----

function recent(series: CellSeries, now: Date, t: Thresholds, minutesBack = 0): Sample[] {
  const end = now.getTime() - minutesBack * 60_000;
  return samplesStartingIn(series.minutes, end - t.windowMinutes * 60_000, end);
}

const sum = (list: readonly Sample[], pick: (s: Sample) => number | null) => list.reduce((a, s) => a + (pick(s) ?? 0), 0);
const minutesOf = (list: readonly Sample[]) => list.reduce((a, s) => a + s.periodSeconds / 60, 0);

function weightedP99(list: readonly Sample[]): number | null {
  let total = 0;
  let weight = 0;
  for (const s of list) {
    if (s.latencyP99Ms === null || s.requests <= 0) continue;
    total += s.latencyP99Ms * s.requests;
    weight += s.requests;
  }
  return weight > 0 ? total / weight : null;
}

// ---- the signals ----

export interface QueueFlow {
  ageSeconds: number;
  depth: number;
  arrivalPerMin: number;
  drainPerMin: number;
  /** Per the definition: a queue whose consumers drain no faster than messages arrive is falling behind. */
  behind: boolean;
  /** null when behind or empty. */
  catchUpSeconds: number | null;
}

/** A queue over the window: its oldest message, depth, arrivals against drain; null when it publishes none. */
export function queueFlow(series: CellSeries, now: Date, t: Thresholds): QueueFlow | null {
  const window = recent(series, now, t).filter((s) => s.queueAgeSeconds !== null);
  if (window.length === 0) return null;
  const last = window.at(-1) as Sample;
  const minutes = minutesOf(window);
  const arrivalPerMin = sum(window, (s) => s.queueSent) / minutes;
  const drainPerMin = sum(window, (s) => s.queueDeleted) / minutes;
  const depth = last.queueDepth ?? 0;
  const behind = drainPerMin <= arrivalPerMin;
  return { ageSeconds: last.queueAgeSeconds ?? 0, depth, arrivalPerMin, drainPerMin, behind, catchUpSeconds: !behind && depth > 0 ? (depth / (drainPerMin - arrivalPerMin)) * 60 : null };
}

export function queueSignal(series: CellSeries, now: Date, t: Thresholds): Signal | null {
  const flow = queueFlow(series, now, t);
  if (!flow) return null;
  const { ageSeconds: age, depth, arrivalPerMin: arrival, drainPerMin: drain, behind, catchUpSeconds } = flow;
  const flows = `drains ${count(drain)}/min of ${count(arrival)}/min arriving`;
  const base = { kind: "queue" as const, service: series.service, cell: series.cell, value: age };
  const waiting = `${count(depth)} waiting`;
  const progress = behind ? `falling behind (${flows})` : catchUpSeconds !== null ? `catches up in about ${duration(catchUpSeconds)}` : flows;
  if (age >= t.queueAgeOverloadedSeconds || (age >= t.queueAgeWarningSeconds && behind)) {
    return { ...base, state: "overloaded", threshold: t.queueAgeOverloadedSeconds, reason: `Oldest message ${duration(age)} old (alarm at ${duration(t.queueAgeOverloadedSeconds)}); ${waiting}; ${progress}.` };
  }
  if (age >= t.queueAgeWarningSeconds) {
    return { ...base, state: "warning", threshold: t.queueAgeWarningSeconds, reason: `Oldest message ${duration(age)} old; ${waiting}; ${progress}.` };
  }
  if (drain < arrival * 0.9) {
    return { ...base, state: "warning", threshold: t.queueAgeWarningSeconds, reason: `Falling behind: ${flows}; oldest message ${duration(age)} old so far.` };
  }
  return { ...base, state: "ok", threshold: t.queueAgeWarningSeconds, reason: `Oldest message ${duration(age)} old; ${waiting}; drains as fast as messages arrive.` };
}

export interface CellErrors {
  cell: string;
  requests: number;
  count4xx: number;
  count5xx: number;
}

/** The 5XX verdict of each cell of one service, over the same window. */
export function errorSignals(service: string, cells: readonly CellErrors[], t: Thresholds): Signal[] {
  return cells.map((c) => {
    const others = cells.filter((o) => o.cell !== c.cell);
    const otherRequests = others.reduce((a, o) => a + o.requests, 0);
    const otherRate = otherRequests > 0 ? others.reduce((a, o) => a + o.count5xx, 0) / otherRequests : null;
    const rate = c.requests > 0 ? c.count5xx / c.requests : 0;
    const fourxx = c.requests > 0 ? ` (4XX ${pct(c.count4xx / c.requests)}, not counted)` : "";
    const base = { kind: "errors" as const, service, cell: c.cell, value: rate };
    if (c.requests < t.minRequests || c.count5xx < t.minErrors) {
      const small = c.count5xx > 0 && rate >= t.errorRateWarning;
      return {
        ...base,
        state: "ok" as const,
        threshold: t.errorRateWarning,
        reason: small ? `${count(c.count5xx)} 5XX in ${count(c.requests)} requests: too few to judge.` : `5XX ${pct(rate)} of ${count(c.requests)} requests${fourxx}.`,
      };
    }
    // Far above the other cells, and not by chance: the excess is at least 3 standard deviations of what their rate would give.
    const floor = Math.max(otherRate ?? 0, 0.001);
    const expected = c.requests * floor;
    const significant = (c.count5xx - expected) / Math.sqrt(expected) >= 3;
    const outlier = otherRate !== null && significant && rate >= t.cellErrorRatio * floor && rate - floor >= 0.002;
    const against = otherRate === null ? "" : outlier ? `, ${times(rate / floor)} the other cells (${pct(otherRate)})` : `; other cells ${pct(otherRate)}`;
    const text = `5XX ${pct(rate)} of ${count(c.requests)} requests in the last ${t.windowMinutes} min${against}`;
    if (rate >= t.errorRateOverloaded) return { ...base, state: "overloaded" as const, threshold: t.errorRateOverloaded, reason: `${text}.` };
    if (rate >= t.errorRateWarning || outlier) return { ...base, state: "warning" as const, threshold: t.errorRateWarning, reason: `${text}.` };
    return { ...base, state: "ok" as const, threshold: t.errorRateWarning, reason: `${text}${fourxx}.` };
  });
}

export function hiddenQueueSignal(series: CellSeries, now: Date, t: Thresholds): Signal | null {
  const window = recent(series, now, t);
  const before = recent(series, now, t, 60);
  const p99 = weightedP99(window);
  const baseline = baselineOf(series, now, t).p99Ms;
  const requestsNow = sum(window, (s) => s.requests);
  if (p99 === null || baseline === null || baseline <= 0 || requestsNow < t.minRequests) return null;
  const growth = p99 / baseline;
  const rateNow = requestsNow / Math.max(1, minutesOf(window));
  const rateBefore = before.length ? sum(before, (s) => s.requests) / Math.max(1, minutesOf(before)) : null;
  const loadGrowth = rateBefore && rateBefore > 0 ? rateNow / rateBefore : 1;
  const load = `throughput ${loadGrowth >= 1 ? "+" : "−"}${pct(Math.abs(loadGrowth - 1))} on an hour ago`;
  const base = { kind: "hidden_queue" as const, service: series.service, cell: series.cell, value: growth };
  const text = `p99 ${ms(p99)}, ${times(growth)} its 2-day median (${ms(baseline)}), ${load}`;
  if (loadGrowth <= 1 + t.flatThroughput) {
    if (growth >= t.latencyGrowthOverloaded) return { ...base, state: "overloaded", threshold: t.latencyGrowthOverloaded, reason: `${text}: requests are waiting somewhere.` };
    if (growth >= t.latencyGrowthWarning) return { ...base, state: "warning", threshold: t.latencyGrowthWarning, reason: `${text}: requests may be waiting somewhere.` };
  }
  return { ...base, state: "ok", threshold: t.latencyGrowthWarning, reason: `${text}.` };
}

export function collapseSignal(series: CellSeries, now: Date, t: Thresholds): Signal | null {
  const window = recent(series, now, t);
  const before = recent(series, now, t, t.windowMinutes);
  const offeredNow = sum(window, (s) => s.requests);
  const offeredBefore = sum(before, (s) => s.requests);
  if (offeredNow < t.minRequests || offeredBefore < t.minRequests || window.length === 0 || before.length === 0) return null;
  const good = (list: Sample[]) => sum(list, (s) => s.requests - s.count5xx) / minutesOf(list);
  const offeredGrowth = offeredNow / minutesOf(window) / (offeredBefore / minutesOf(before));
  const goodputGrowth = good(window) / Math.max(1e-9, good(before));
  const drop = 1 - goodputGrowth;
  const text = `Goodput ${goodputGrowth >= 1 ? "+" : "−"}${pct(Math.abs(goodputGrowth - 1))} while offered load ${offeredGrowth >= 1 ? "+" : "−"}${pct(Math.abs(offeredGrowth - 1))} over the last ${t.windowMinutes} min`;
  const base = { kind: "collapse" as const, service: series.service, cell: series.cell, value: drop };
  if (offeredGrowth > 1.02) {
    if (drop >= t.goodputDropOverloaded) return { ...base, state: "overloaded", threshold: t.goodputDropOverloaded, reason: `${text}: more work is getting less done.` };
    if (drop >= t.goodputDropWarning) return { ...base, state: "warning", threshold: t.goodputDropWarning, reason: `${text}.` };
  }
  return { ...base, state: "ok", threshold: t.goodputDropWarning, reason: `${text}.` };
}

function rateSignal(kind: "retries" | "throttles", series: CellSeries, now: Date, t: Thresholds): Signal | null {
  const window = recent(series, now, t);
  const pick = kind === "retries" ? (s: Sample) => s.retries : (s: Sample) => s.throttles;
  if (kind === "retries" && !window.some((s) => s.retries !== null)) return null;
  const requests = sum(window, (s) => s.requests);
  const events = sum(window, pick);
  if (requests < t.minRequests) return null;
  const rate = events / requests;
  const [warning, overloaded] = kind === "retries" ? [t.retryRateWarning, t.retryRateOverloaded] : [t.throttleRateWarning, t.throttleRateOverloaded];
  const what = kind === "retries" ? "Retries" : "Throttled calls";
  const text = `${what} ${pct(rate)} of requests in the last ${t.windowMinutes} min`;
  const advice = kind === "retries" ? "; near 10 % retries turn an overload into a collapse" : "";
  const base = { kind, service: series.service, cell: series.cell, value: rate };
  if (rate >= overloaded) return { ...base, state: "overloaded", threshold: overloaded, reason: `${text}${advice}.` };
  if (rate >= warning) return { ...base, state: "warning", threshold: warning, reason: `${text} (warning at ${pct(warning)})${advice}.` };
  return { ...base, state: "ok", threshold: warning, reason: `${text}.` };
}

export const retrySignal = (series: CellSeries, now: Date, t: Thresholds) => rateSignal("retries", series, now, t);
export const throttleSignal = (series: CellSeries, now: Date, t: Thresholds) => rateSignal("throttles", series, now, t);

/** Every signal of every service in every cell. */
/** Requests, 4XX and 5XX of one cell over the window the signals judge. */
export function windowErrors(series: CellSeries, now: Date, t: Thresholds): CellErrors {
  const window = recent(series, now, t);
  return { cell: series.cell, requests: sum(window, (s) => s.requests), count4xx: sum(window, (s) => s.count4xx), count5xx: sum(window, (s) => s.count5xx) };
}

export function evaluateSignals(all: readonly CellSeries[], now: Date, t: Thresholds = DEFAULT_THRESHOLDS): Signal[] {
  const out: Signal[] = [];
  const services = [...new Set(all.map((s) => s.service))].sort();
  for (const service of services) {
    const cells = all.filter((s) => s.service === service).sort((a, b) => a.cell.localeCompare(b.cell));
    const errors = cells.map((c) => windowErrors(c, now, t));
    const judged = errorSignals(
      service,
      errors.filter((e) => e.requests > 0),
      t,
    );
    for (const c of cells) {
      const queue = queueSignal(c, now, t);
      if (queue) out.push(queue);
      const err = judged.find((e) => e.cell === c.cell);
      if (err) out.push(err);
      for (const signal of [hiddenQueueSignal(c, now, t), collapseSignal(c, now, t), retrySignal(c, now, t), throttleSignal(c, now, t)]) if (signal) out.push(signal);
    }
  }
  return out;
}

/**
 * Whether a service in a cell is back to normal after an overload: its queue
 * drained (oldest message young again, depth near its usual), p99 near its 2-day
 * median, 5XX near its usual rate. Crossing back under an alarm threshold is not
 * enough: a service just under it is still fragile.
 */
export function recoveryCheck(series: CellSeries, now: Date, t: Thresholds): { recovered: boolean; waitingFor: string[] } {
  const window = recent(series, now, t);
  const baseline = baselineOf(series, now, t);
  const waitingFor: string[] = [];
  const last = window.at(-1);
  if (last?.queueAgeSeconds != null) {
    const usualDepth = baseline.queueDepth ?? 0;
    if (last.queueAgeSeconds >= t.queueAgeWarningSeconds / 2) waitingFor.push(`the oldest message is ${duration(last.queueAgeSeconds)} old`);
    if ((last.queueDepth ?? 0) > Math.max(usualDepth * 1.5, usualDepth + 10)) waitingFor.push(`${count(last.queueDepth ?? 0)} messages wait (usually ${count(usualDepth)})`);
  }
  const p99 = weightedP99(window);
  if (p99 !== null && baseline.p99Ms !== null && p99 > baseline.p99Ms * 1.2) waitingFor.push(`p99 is ${times(p99 / baseline.p99Ms)} its usual ${ms(baseline.p99Ms)}`);
  const requests = sum(window, (s) => s.requests);
  const rate = requests > 0 ? sum(window, (s) => s.count5xx) / requests : 0;
  const usualRate = baseline.errorRate ?? 0;
  if (requests >= t.minRequests && rate > Math.max(usualRate * 2, t.errorRateWarning / 2)) waitingFor.push(`5XX is ${pct(rate)} (usually ${pct(usualRate)})`);
  return { recovered: waitingFor.length === 0, waitingFor };
}

/** How far apart the moments are at which `overloadedSince` judges the past. */
const SINCE_STEP_MS = 5 * 60_000;

/**
 * When an overloaded signal began: stepping back from `now` 5 minutes at a time over the
 * stored samples (the 1-minute ones where there are, the 5-minute ones before), the
 * earliest moment from which the signal has been overloaded without a break. Samples
 * loaded in bulk (a first sync, a restart) date an incident from the data, not from
 * when it was first judged.
 */
export function overloadedSince(all: readonly CellSeries[], key: { service: string; cell: string; kind: SignalKind }, now: Date, t: Thresholds = DEFAULT_THRESHOLDS): Date {
  // One service's cells (5XX are judged against the service's other cells), the older 5-minute samples before its 1-minute ones.
  const cells = all
    .filter((s) => s.service === key.service)
    .map((s) => {
      const firstMinute = s.minutes[0]?.ts.getTime() ?? Infinity;
      return { ...s, minutes: [...s.fives.filter((f) => f.ts.getTime() + f.periodSeconds * 1000 <= firstMinute), ...s.minutes] };
    });
  const oldest = Math.min(...cells.map((s) => s.minutes[0]?.ts.getTime() ?? Infinity));
  let since = now;
  for (let at = now.getTime() - SINCE_STEP_MS; at - t.windowMinutes * 60_000 >= oldest; at -= SINCE_STEP_MS) {
    const signal = evaluateSignals(cells, new Date(at), t).find((s) => s.cell === key.cell && s.kind === key.kind);
    if (signal?.state !== "overloaded") break;
    since = new Date(at);
  }
  return since;
}

/**
 * Whether the newest sample is too old for the window the signals are judged on: then
 * "within thresholds" would only mean "nothing seen", and the page must say so.
 */
export function samplesStale(dataUntil: Date | null, now: Date, t: Pick<Thresholds, "windowMinutes">): boolean {
  return dataUntil === null || now.getTime() - dataUntil.getTime() > t.windowMinutes * 60_000;
}

/**
 * The time axis of a chart of the samples since `since`: always up to now, so that samples that
 * stopped leave a gap a reader sees, and, where they are stale, where the "no data" band starts
 * (the newest sample's end, or the axis's start when that is older still).
 */
export function sampleChartSpan(since: Date, now: Date, dataUntil: Date | null, t: Pick<Thresholds, "windowMinutes">): { from: number; to: number; noDataFrom: number | null } {
  const from = since.getTime();
  const to = now.getTime();
  if (!samplesStale(dataUntil, now, t)) return { from, to, noDataFrom: null };
  return { from, to, noDataFrom: Math.min(to, Math.max(from, dataUntil?.getTime() ?? from)) };
}
