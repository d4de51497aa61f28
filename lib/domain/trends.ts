// Trends that answer questions: who got dearer per request, and does a service
// get cheaper or dearer per unit as it grows.

export interface ScalePoint {
  volume: number;
  costMicroUsd: number;
}

export type ScaleLabel = "cheaper" | "linear" | "dearer" | "unclear";

export const SCALE_LABEL_TEXT: Record<ScaleLabel, string> = {
  cheaper: "gets cheaper as it grows",
  linear: "linear",
  dearer: "gets dearer as it grows",
  unclear: "no clear trend",
};

/** A verdict needs the line to explain at least this share of the variation in cost; below, "no clear trend". */
export const SCALE_MIN_R2 = 0.5;

/** Below this slope a service has economies of scale; above SCALE_DEARER, a diseconomy. */
export const SCALE_CHEAPER = 0.9;
export const SCALE_DEARER = 1.1;
export const SCALE_MIN_POINTS = 7;
/** The volume must move at least this much (standard deviation of ln volume) to say anything. */
const MIN_LOG_VOLUME_SPREAD = 0.02;

/**
 * What doubling the requests does to a service's own cost under its fitted slope, as a change:
 * 2^slope − 1 (0.57 → +48 %, 1 → +100 %, 1.5 → +183 %). Easier to read than the exponent.
 */
export function changeAtDoubleVolume(slope: number): number {
  return 2 ** slope - 1;
}

export interface ScaleSlope {
  /** d ln(cost) / d ln(volume): 1 = cost grows in step with volume. */
  slope: number;
  label: ScaleLabel;
  /** Days used (with traffic and cost). */
  points: number;
  /** Share of the variation in ln(cost) the line explains. */
  r2: number;
}

/**
 * Sums over the days with traffic and cost, x = ln(volume), y = ln(cost): enough
 * for the slope, and what a database can add up without sending every day.
 */
export interface LogSums {
  n: number;
  sx: number;
  sy: number;
  sxx: number;
  sxy: number;
  syy: number;
}

export function logSums(points: readonly ScalePoint[]): LogSums {
  const sums: LogSums = { n: 0, sx: 0, sy: 0, sxx: 0, sxy: 0, syy: 0 };
  for (const p of points) {
    if (!(p.volume > 0 && p.costMicroUsd > 0)) continue;
    const x = Math.log(p.volume);
    const y = Math.log(p.costMicroUsd);
    sums.n += 1;
    sums.sx += x;
    sums.sy += y;
    sums.sxx += x * x;
    sums.sxy += x * y;
    sums.syy += y * y;
  }
  return sums;
}

/** Least-squares slope of ln(cost) on ln(volume); null with too few days or too little change in volume. */
export function scaleSlopeFromSums({ n, sx, sy, sxx, sxy, syy }: LogSums): ScaleSlope | null {
  if (n < SCALE_MIN_POINTS) return null;
  const vx = sxx / n - (sx / n) ** 2;
  const vy = syy / n - (sy / n) ** 2;
  const cxy = sxy / n - (sx / n) * (sy / n);
  if (!(vx > 0) || Math.sqrt(vx) < MIN_LOG_VOLUME_SPREAD) return null;
  const slope = cxy / vx;
  const r2 = vy > 1e-12 ? Math.min(1, (cxy * cxy) / (vx * vy)) : 1;
  const label: ScaleLabel = r2 < SCALE_MIN_R2 ? "unclear" : slope < SCALE_CHEAPER ? "cheaper" : slope > SCALE_DEARER ? "dearer" : "linear";
  return { slope, label, points: n, r2 };
}

export function scaleSlope(points: readonly ScalePoint[]): ScaleSlope | null {
  return scaleSlopeFromSums(logSums(points));
}

export interface MoverInput {
  name: string;
  /** Cost per 1M requests now and in the period before; null = no traffic. */
  current: number | null;
  previous: number | null;
}

export interface Mover extends MoverInput {
  current: number;
  previous: number;
  change: number;
}

/** Services whose cost per request rose the most, largest rise first. */
export function topMovers(rows: readonly MoverInput[], limit = 5): Mover[] {
  return rows
    .flatMap((r) => (r.current !== null && r.previous !== null && r.previous > 0 ? [{ ...r, current: r.current, previous: r.previous, change: (r.current - r.previous) / r.previous }] : []))
    .filter((r) => r.change > 0)
    .sort((a, b) => b.change - a.change || a.name.localeCompare(b.name))
    .slice(0, limit);
}
