// Cost anomalies: a day whose figure (daily cost, cost per 1M requests, cost per
// business unit) is far above what the same weekday has been over the last weeks,
// by a robust score *and* by money that matters.
//
//   expected  = median of the same weekday's values over the last BASELINE_WEEKS weeks
//               (month-ends, and days people marked expected, left out);
//   spread    = max(1.4826 × median absolute deviation, MIN_RELATIVE_SPREAD × expected);
//   score     = (value − expected) / spread;
//   excess $  = (value − expected) × weight (1 for cost, requests / 1M, units).
// A day is anomalous when score ≥ thresholds.score and excess ≥ thresholds.floorUsdPerDay;
// "elevated" (an anomaly goes on) at half of each. The last day of a month is judged
// against earlier month-ends (their excess over their weekday's baseline), since a
// month-end batch is a habit, not an anomaly; the first month-end is not judged.
// Only rises are anomalies: a figure that got cheaper is good news.
//
// Episodes: consecutive anomalous-or-elevated days form one; it closes on the first day
// that is neither (a spike closes by itself); three days or more make it a shift,
// reported once. While one goes on its days stay out of the baseline, for four weeks at
// most: then it is the new level, the baseline learns it, and the shift closes. Its start
// goes back over the days just before it that were already rising towards it (score ≥
// 0.5): a creep is dated from where it began; a spike by its day.
// Grouping episodes into anomalies, one per cause: anomaly-grouping.ts.
import { addDays, dayOfWeek, daysBetween, type Day, type DayRange } from "./day";

export type AnomalyFigure = "cost" | "cost_per_million" | "cost_per_unit";

export interface AnomalyThresholds {
  /** Robust score a day must reach. */
  score: number;
  /** Dollars per day above the baseline a day must also reach. */
  floorUsdPerDay: number;
  /** Days of history a series needs before any of its days is judged. */
  minHistoryDays: number;
}
export const DEFAULT_ANOMALY_THRESHOLDS: AnomalyThresholds = { score: 3.5, floorUsdPerDay: 5, minHistoryDays: 14 };
export const ANOMALY_THRESHOLD_BOUNDS = {
  score: { min: 2, max: 20 },
  floorUsdPerDay: { min: 0, max: 1_000_000 },
  minHistoryDays: { min: 14, max: 60 },
} as const;

export const BASELINE_WEEKS = 6;
/**
 * A figure whose weeks were all alike still varies this much: its spread is never taken
 * as less. 5 % (so a rise must reach 17.5 % at the default score) keeps a growing
 * business quiet: a median of six weeks lags 3.5 weeks of growth behind the day judged.
 */
export const MIN_RELATIVE_SPREAD = 0.05;
const MAD_TO_SIGMA = 1.4826;
/** Days rising towards a shift from this score (and half the money floor) on, just before it, date its start. */
const START_SCORE = 0.5;
/** An episode of this many days or more is a shift (a step or a creep), not a spike. */
export const SHIFT_DAYS = 3;
/**
 * While an anomaly goes on, its days stay out of its baseline (a shift is judged against
 * what came before it, not against itself); after this long it is the new level, and
 * the baseline learns it.
 */
export const SETTLE_DAYS = 28;

export interface SeriesPoint {
  day: Day;
  value: number;
  /** Dollars one unit of value is worth that day: 1 for cost, requests / 1M for cost per 1M requests, units for cost per unit. */
  weight: number;
  /** Part of it is still a Cost Explorer estimate. */
  estimated: boolean;
}

export interface Judgement {
  day: Day;
  value: number;
  state: "unjudged" | "normal" | "elevated" | "anomalous";
  /** Why a day was not judged. */
  unjudged?: "history" | "baseline" | "first-month-end";
  expected: number | null;
  /** The baseline's values ranged from low to high (what "usual" looked like). */
  low: number | null;
  high: number | null;
  score: number | null;
  excessUsd: number | null;
  /** How many earlier days the baseline was made of, and whether they were month-ends. */
  basis: { points: number; monthEnd: boolean };
  estimated: boolean;
}

const MS_PER_DAY = 86_400_000;
// Days repeat across every series of an account: each is parsed once.
const dayNumbers = new Map<Day, number>();
const monthEnds = new Map<Day, boolean>();

/** Days since 1970-01-01 (UTC). */
function dayNumber(day: Day): number {
  let n = dayNumbers.get(day);
  if (n === undefined) {
    n = Math.round(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY);
    if (dayNumbers.size < 100_000) dayNumbers.set(day, n);
  }
  return n;
}

export function isMonthEnd(day: Day): boolean {
  let m = monthEnds.get(day);
  if (m === undefined) {
    m = addDays(day, 1).endsWith("-01");
    if (monthEnds.size < 100_000) monthEnds.set(day, m);
  }
  return m;
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  return n % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function medianOf(values: readonly number[]): number {
  return median([...values].sort((a, b) => a - b));
}

interface NumRange {
  from: number;
  to: number;
}
const toNumRanges = (ranges: readonly DayRange[]): NumRange[] => ranges.map((r) => ({ from: dayNumber(r.from), to: dayNumber(r.to) }));
const inRanges = (n: number, ranges: readonly NumRange[]) => ranges.some((r) => n >= r.from && n <= r.to);

/** A series with its days as numbers, looked up by number, and which are month-ends. */
interface Indexed {
  points: readonly SeriesPoint[];
  num: number[];
  byNum: Map<number, number>;
  monthEnd: boolean[];
}
function indexSeries(points: readonly SeriesPoint[]): Indexed {
  const num = points.map((p) => dayNumber(p.day));
  return { points, num, byNum: new Map(num.map((n, i) => [n, i])), monthEnd: points.map((p) => isMonthEnd(p.day)) };
}

interface Baseline {
  expected: number;
  spread: number;
  low: number;
  high: number;
  points: number;
}

/** The same weekday over the last weeks, without month-ends or excluded days. */
function weekdayBaseline(s: Indexed, n: number, excluded: readonly NumRange[]): Baseline | null {
  const values: number[] = [];
  for (let w = 1; w <= BASELINE_WEEKS; w++) {
    const i = s.byNum.get(n - 7 * w);
    if (i === undefined || s.monthEnd[i] || inRanges(n - 7 * w, excluded)) continue;
    values.push((s.points[i] as SeriesPoint).value);
  }
  if (values.length < 2) return null;
  const sorted = values.sort((a, b) => a - b);
  const expected = median(sorted);
  const mad = medianOf(sorted.map((v) => Math.abs(v - expected)));
  return { expected, spread: Math.max(MAD_TO_SIGMA * mad, MIN_RELATIVE_SPREAD * Math.abs(expected)), low: sorted[0] as number, high: sorted[sorted.length - 1] as number, points: values.length };
}

/**
 * Judges every day of a series (points sorted by day, one per day at most). `excluded`:
 * days people marked as expected, which no baseline learns from.
 */
export function judgeSeries(points: readonly SeriesPoint[], thresholds: AnomalyThresholds, excluded: readonly DayRange[] = []): Judgement[] {
  const s = indexSeries(points);
  const ex = toNumRanges(excluded);
  const first = s.num[0] ?? 0;
  const out: Judgement[] = [];
  // What earlier month-ends came to over their own weekday's baseline.
  const monthEndRatios: number[] = [];
  // The days of an anomaly under way teach its baseline nothing, until it has lasted SETTLE_DAYS.
  let ongoingSince: number | null = null;
  for (const [i, p] of points.entries()) {
    const n = s.num[i] as number;
    const base: Judgement = { day: p.day, value: p.value, state: "unjudged", expected: null, low: null, high: null, score: null, excessUsd: null, basis: { points: 0, monthEnd: false }, estimated: p.estimated };
    if (n - first < thresholds.minHistoryDays) out.push({ ...base, unjudged: "history" });
    else {
      if (ongoingSince !== null && n - ongoingSince >= SETTLE_DAYS) ongoingSince = null;
      const excludedNow = ongoingSince === null ? ex : [...ex, { from: ongoingSince, to: n - 1 }];
      const judged = judgeDay(s, i, thresholds, excludedNow, monthEndRatios, base);
      out.push(judged);
      if (judged.state === "anomalous" && ongoingSince === null) ongoingSince = n;
      else if (judged.state === "normal") ongoingSince = null;
    }
    if (s.monthEnd[i] && !inRanges(n, ex)) {
      const b = weekdayBaseline(s, n, ex);
      if (b && b.expected > 0) monthEndRatios.push(p.value / b.expected);
    }
  }
  return out;
}

function judgeDay(s: Indexed, i: number, thresholds: AnomalyThresholds, excluded: readonly NumRange[], monthEndRatios: readonly number[], base: Judgement): Judgement {
  const p = s.points[i] as SeriesPoint;
  let baseline = weekdayBaseline(s, s.num[i] as number, excluded);
  let monthEnd = false;
  if (baseline && s.monthEnd[i]) {
    if (monthEndRatios.length === 0) return { ...base, unjudged: "first-month-end" };
    const factor = medianOf(monthEndRatios);
    baseline = { ...baseline, expected: baseline.expected * factor, spread: baseline.spread * factor, low: baseline.low * factor, high: baseline.high * factor, points: monthEndRatios.length };
    monthEnd = true;
  }
  if (!baseline) return { ...base, unjudged: "baseline" };
  const score = (p.value - baseline.expected) / baseline.spread;
  const excessUsd = (p.value - baseline.expected) * p.weight;
  const state =
    score >= thresholds.score && excessUsd >= thresholds.floorUsdPerDay
      ? "anomalous"
      : score >= thresholds.score / 2 && excessUsd >= thresholds.floorUsdPerDay / 2
        ? "elevated"
        : "normal";
  return { ...base, state, expected: baseline.expected, low: baseline.low, high: baseline.high, score, excessUsd, basis: { points: baseline.points, monthEnd } };
}

export interface Episode {
  figure: AnomalyFigure;
  /** The first day already above the baseline before it turned anomalous. */
  startDay: Day;
  /** The first anomalous day. */
  openedDay: Day;
  /** The last day it was anomalous or elevated. */
  lastDay: Day;
  /** The first day back to normal; null while it goes on. */
  closedDay: Day | null;
  /** The day it was furthest above its baseline (by dollars), and its last anomalous-or-elevated day. */
  peak: Judgement;
  latest: Judgement;
}

/** Episodes of one series' judgements (in day order). */
export function episodesOf(judgements: readonly Judgement[], figure: AnomalyFigure, thresholds: AnomalyThresholds = DEFAULT_ANOMALY_THRESHOLDS): Episode[] {
  const out: Episode[] = [];
  let current: Episode | null = null;
  for (const [i, j] of judgements.entries()) {
    if (current) {
      if (j.state === "anomalous" || j.state === "elevated") {
        current.lastDay = j.day;
        current.latest = j;
        if ((j.excessUsd ?? 0) > (current.peak.excessUsd ?? 0)) current.peak = j;
        continue;
      }
      // An unjudged day (a month-end being learnt, a gap) neither ends nor extends it.
      if (j.state === "unjudged") continue;
      current.closedDay = j.day;
      current = null;
      continue;
    }
    if (j.state !== "anomalous") continue;
    current = { figure, startDay: risingSince(judgements, i, thresholds), openedDay: j.day, lastDay: j.day, closedDay: null, peak: j, latest: j };
    out.push(current);
  }
  // A spike is dated by its day; a shift from where it began to rise.
  return out.map((e) => (daysBetween(e.openedDay, e.lastDay) + 1 >= SHIFT_DAYS ? e : { ...e, startDay: e.openedDay }));
}

/** The first of the days just before judgements[i] that rose, day after day, towards it (from START_SCORE and half the money floor). */
function risingSince(judgements: readonly Judgement[], i: number, thresholds: AnomalyThresholds): Day {
  let start = judgements[i] as Judgement;
  for (let k = i - 1; k >= 0; k--) {
    const before = judgements[k] as Judgement;
    const score = before.score ?? 0;
    if (before.state === "unjudged" || score < START_SCORE || (before.excessUsd ?? 0) < thresholds.floorUsdPerDay / 2 || score >= (start.score ?? 0) || daysBetween(before.day, start.day) > 1) break;
    start = before;
  }
  return start.day;
}

/** Change of a driver (own cost, requests, the shared pool) on a day against its weekday baseline; null without one. */
export function driverChange(points: readonly SeriesPoint[], day: Day, excluded: readonly DayRange[] = []): number | null {
  const s = indexSeries(points);
  const i = s.byNum.get(dayNumber(day));
  const b = weekdayBaseline(s, dayNumber(day), toNumRanges(excluded));
  if (i === undefined || !b || b.expected === 0) return null;
  return (points[i] as SeriesPoint).value / b.expected - 1;
}

/** Of several series (an application's AWS service lines), the one furthest above its weekday baseline on a day, in dollars. */
export function biggestRise(series: ReadonlyMap<string, readonly SeriesPoint[]>, day: Day, excluded: readonly DayRange[] = []): { name: string; value: number; expected: number } | null {
  const n = dayNumber(day);
  const ex = toNumRanges(excluded);
  let best: { name: string; value: number; expected: number } | null = null;
  for (const [name, points] of series) {
    const s = indexSeries(points);
    const i = s.byNum.get(n);
    if (i === undefined) continue;
    const value = (points[i] as SeriesPoint).value;
    const expected = weekdayBaseline(s, n, ex)?.expected ?? 0;
    if (value - expected > 0 && (!best || value - expected > best.value - best.expected)) best = { name, value, expected };
  }
  return best;
}

export const WEEKDAY_NAMES = ["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"] as const;
export const weekdayName = (day: Day) => WEEKDAY_NAMES[dayOfWeek(day)] as string;
