// Business-metric points from outside (the ingestion API, CSV files): each one is
// checked on its own, so one bad point is reported with its position and reason
// while the good ones are kept.
import { isDay, toDay, type Day } from "./day";

export interface MetricTarget {
  id: number;
  name: string;
  /** Points may only be pushed to metrics that are not read from CloudWatch (the sync would overwrite them). */
  origin: "cloudwatch" | "push";
}

export interface ValidPoint {
  metricId: number;
  ts: Date;
  day: Day;
  value: number;
}

export type PointCheck = { ok: true; point: ValidPoint } | { ok: false; reason: string };

/** How far ahead of the server's clock a timestamp may be (clock skew between systems). */
export const MAX_FUTURE_MS = 24 * 3600_000;
/** How old a point may be: beyond Cost Explorer's history there is no cost to set it against. */
export const MAX_AGE_DAYS = 400;
export const MAX_POINTS_PER_REQUEST = 10_000;
/** Larger than any business figure a day can have (a quadrillion bytes, orders or dollars), and far from overflowing a sum. */
export const MAX_ABS_VALUE = 1e15;

const ISO_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** A timestamp: ISO 8601 with a time zone, or a day (YYYY-MM-DD, midnight UTC). */
export function parseTimestamp(value: unknown): Date | string {
  if (typeof value !== "string") return "timestamp must be a string: an ISO 8601 time with a zone, or YYYY-MM-DD";
  const text = value.trim();
  if (isDay(text)) return new Date(`${text}T00:00:00.000Z`);
  const m = ISO_WITH_ZONE.exec(text);
  if (!m) return `timestamp '${text.slice(0, 40)}' is not ISO 8601 with a time zone (e.g. 2026-11-25T14:00:00Z) nor a day (YYYY-MM-DD)`;
  // Date() would quietly roll 2026-02-30 over into March: every field must be real as written.
  const [, day, hh, mm, ss = "00", , , oh = "00", om = "00"] = m;
  if (!isDay(day as string) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59 || Number(oh) > 14 || Number(om) > 59) return `timestamp '${text.slice(0, 40)}' is not a real time`;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? `timestamp '${text.slice(0, 40)}' is not a real time` : date;
}

/**
 * Checks one point. Every problem of the point is reported, not only the first: a row
 * for a metric read from CloudWatch with a value of "abc" says both.
 */
export function checkPoint(raw: unknown, metrics: ReadonlyMap<string, MetricTarget>, now: Date): PointCheck {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, reason: "a point must be an object {metric, timestamp, value}" };
  const { metric, timestamp, value } = raw as Record<string, unknown>;
  const problems: string[] = [];
  let target: MetricTarget | undefined;
  if (typeof metric !== "string" || metric.trim() === "") problems.push("metric must be the name of a business metric");
  else {
    target = metrics.get(metric.trim());
    if (!target) {
      const known = [...metrics.values()].filter((m) => m.origin === "push").map((m) => m.name);
      problems.push(`unknown metric '${metric.slice(0, 60)}'${known.length ? `; this application takes ${known.join(", ")}` : "; declare it on the application's business metrics page first"}`);
    } else if (target.origin === "cloudwatch") problems.push(`metric '${target.name}' is read from CloudWatch by the sync; push to a metric declared for pushing`);
  }
  const ts = parseTimestamp(timestamp);
  if (typeof ts === "string") problems.push(ts);
  else if (ts.getTime() > now.getTime() + MAX_FUTURE_MS) problems.push(`timestamp ${ts.toISOString()} is in the future`);
  else if (ts.getTime() < now.getTime() - MAX_AGE_DAYS * 86_400_000) problems.push(`timestamp ${ts.toISOString()} is more than ${MAX_AGE_DAYS} days old`);
  if (typeof value !== "number" || !Number.isFinite(value)) problems.push(typeof value === "string" && value.trim() !== "" ? `value must be a finite number, not '${value.slice(0, 40)}'` : "value must be a finite number");
  else if (Math.abs(value) > MAX_ABS_VALUE) problems.push(`value ${value} is out of range (at most ${MAX_ABS_VALUE.toExponential()} either way)`);
  if (problems.length > 0 || !target || typeof ts === "string" || typeof value !== "number") return { ok: false, reason: problems.join("; ") };
  return { ok: true, point: { metricId: target.id, ts, day: toDay(ts), value } };
}

export interface CheckedBatch {
  points: { index: number; point: ValidPoint }[];
  rejected: { index: number; reason: string }[];
}

/**
 * Checks points one at a time, with the rules of checkPoints, for a caller that goes through a
 * large batch in slices: `check` each point with its index, then read `batch`.
 */
export function pointChecker(metrics: ReadonlyMap<string, MetricTarget>, now: Date): { batch: CheckedBatch; check: (raw: unknown, index: number) => void } {
  const seen = new Map<string, number>();
  const batch: CheckedBatch = { points: [], rejected: [] };
  const check = (raw: unknown, index: number) => {
    const checked = checkPoint(raw, metrics, now);
    if (!checked.ok) {
      batch.rejected.push({ index, reason: checked.reason });
      return;
    }
    const key = `${checked.point.metricId}|${checked.point.ts.getTime()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      batch.rejected.push({ index, reason: `same metric and timestamp as point ${first}` });
      return;
    }
    seen.set(key, index);
    batch.points.push({ index, point: checked.point });
  };
  return { batch, check };
}

/** Checks every point; a later point with the same metric and timestamp as an earlier one is refused. */
export function checkPoints(raws: readonly unknown[], metrics: ReadonlyMap<string, MetricTarget>, now: Date): CheckedBatch {
  const checker = pointChecker(metrics, now);
  raws.forEach(checker.check);
  return checker.batch;
}
