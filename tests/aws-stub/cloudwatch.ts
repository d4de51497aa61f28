// CloudWatch's GetMetricData and ListMetrics as the stub answers them: at most 500
// queries a call, ids that start with a lower-case letter, FILL(m, 0) over an input
// that is not returned, datapoints only where the metric reported one, CloudWatch's
// retention rules (a 60 s period older than 15 days returns nothing), and at most
// 100,800 datapoints an answer, with NextToken (never with a math expression).
import { StubError } from "./cost-explorer";
import type { StubAccount, StubMetric } from "./model";

type Query = {
  Id?: string;
  MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] }; Period?: number; Stat?: string };
  Expression?: string;
  ReturnData?: boolean;
  Period?: number;
};

interface Input {
  MetricDataQueries?: Query[];
  StartTime?: number;
  EndTime?: number;
  NextToken?: string;
  MaxDatapoints?: number;
  ScanBy?: string;
}

export const MAX_QUERIES = 500;
export const MAX_DATAPOINTS = 100_800;

function metricOf(q: Query): StubMetric {
  const m = q.MetricStat?.Metric;
  if (!m?.Namespace || !m.MetricName) throw new StubError("InvalidParameterValue", `Query ${q.Id}: a metric needs a namespace and a name`);
  return { namespace: m.Namespace, metricName: m.MetricName, dimensions: Object.fromEntries((m.Dimensions ?? []).map((d) => [d.Name, d.Value])) };
}

/** Retention: what periods CloudWatch still has for data this old. */
function periodAllowed(period: number, start: number, now: number): boolean {
  const age = now - start;
  if (age > 63 * 86_400) return period % 3600 === 0;
  if (age > 15 * 86_400) return period % 300 === 0;
  if (age > 3 * 3600) return period % 60 === 0;
  return period % 60 === 0 || [1, 5, 10, 20, 30].includes(period);
}

export function getMetricData(accounts: readonly StubAccount[], region: string, input: Input, now = Date.now() / 1000): Record<string, unknown> {
  const queries = input.MetricDataQueries ?? [];
  if (queries.length === 0 || queries.length > MAX_QUERIES) throw new StubError("ValidationError", `1 to ${MAX_QUERIES} MetricDataQueries per call (got ${queries.length})`);
  const ids = new Set<string>();
  for (const q of queries) {
    if (!q.Id || !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) throw new StubError("ValidationError", `The value ${q.Id} for parameter MetricDataQueries.member.Id is invalid`);
    if (ids.has(q.Id)) throw new StubError("ValidationError", `Duplicate Id ${q.Id}`);
    ids.add(q.Id);
    if (!!q.MetricStat === !!q.Expression) throw new StubError("ValidationError", `Query ${q.Id}: exactly one of MetricStat and Expression`);
  }
  const start = input.StartTime;
  const end = input.EndTime;
  if (typeof start !== "number" || typeof end !== "number" || end <= start) throw new StubError("ValidationError", "StartTime and EndTime (epoch seconds), EndTime after StartTime");

  const series = new Map<string, { timestamps: number[]; values: number[] }>();
  const read = (q: Query) => {
    const period = q.MetricStat?.Period ?? 60;
    const stat = q.MetricStat?.Stat ?? "Sum";
    const metric = metricOf(q);
    const out = { timestamps: [] as number[], values: [] as number[] };
    if (!periodAllowed(period, start, now)) return out;
    for (let t = Math.floor(start / period) * period; t < end && t < now; t += period) {
      let value: number | null = null;
      for (const account of accounts) {
        const v = account.value(metric, stat, t, period, region);
        if (v !== null) value = (value ?? 0) + v;
      }
      if (value !== null) {
        out.timestamps.push(t);
        out.values.push(value);
      }
    }
    return out;
  };
  for (const q of queries) if (q.MetricStat) series.set(q.Id as string, read(q));
  let hasExpression = false;
  for (const q of queries) {
    if (!q.Expression) continue;
    hasExpression = true;
    const fill = /^FILL\((m\d+), *0\)$/.exec(q.Expression);
    const input0 = fill ? queries.find((x) => x.Id === fill[1]) : undefined;
    if (!fill || !input0?.MetricStat) throw new StubError("ValidationError", `stub: only FILL(m, 0) over a MetricStat is modelled (${q.Expression})`);
    const period = q.Period ?? input0.MetricStat.Period ?? 60;
    const base = series.get(input0.Id as string) ?? { timestamps: [], values: [] };
    const at = new Map(base.timestamps.map((t, i) => [t, base.values[i] as number]));
    const out = { timestamps: [] as number[], values: [] as number[] };
    if (periodAllowed(period, start, now)) {
      for (let t = Math.floor(start / period) * period; t < end && t < now; t += period) {
        out.timestamps.push(t);
        out.values.push(at.get(t) ?? 0);
      }
    }
    series.set(q.Id as string, out);
  }

  const returned = queries.filter((q) => q.ReturnData !== false);
  const points = returned.reduce((n, q) => n + (series.get(q.Id as string)?.timestamps.length ?? 0), 0);
  const max = Math.min(input.MaxDatapoints ?? MAX_DATAPOINTS, MAX_DATAPOINTS);
  if (points > max && hasExpression) throw new StubError("ValidationError", `stub: ${points} datapoints with a math expression: more than one answer can hold, and math answers are not paged`);
  // Pages: datapoints flattened in query order; NextToken is the offset.
  const offset = input.NextToken ? Number(Buffer.from(input.NextToken, "base64url").toString()) : 0;
  let skip = offset;
  let room = max;
  const results = returned.map((q) => {
    const s = series.get(q.Id as string) ?? { timestamps: [], values: [] };
    const from = Math.min(s.timestamps.length, skip);
    skip -= from;
    const take = Math.min(s.timestamps.length - from, room);
    room -= take;
    const complete = from + take === s.timestamps.length;
    const ascending = input.ScanBy === "TimestampAscending";
    const ts = s.timestamps.slice(from, from + take);
    const vs = s.values.slice(from, from + take);
    return { Id: q.Id, Label: q.Id, Timestamps: ascending ? ts : ts.reverse(), Values: ascending ? vs : vs.reverse(), StatusCode: complete ? "Complete" : "PartialData" };
  });
  const next = offset + max < points ? offset + max : null;
  return { MetricDataResults: results, Messages: [], ...(next !== null ? { NextToken: Buffer.from(String(next)).toString("base64url") } : {}) };
}

export function listMetrics(accounts: readonly StubAccount[], region: string, input: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value?: string }[]; NextToken?: string }, pageSize = 500): Record<string, unknown> {
  const all: StubMetric[] = [];
  for (const account of accounts) {
    for (const m of account.metrics(region)) {
      if (input.Namespace && m.namespace !== input.Namespace) continue;
      if (input.MetricName && m.metricName !== input.MetricName) continue;
      if (input.Dimensions && !input.Dimensions.every((d) => d.Name in m.dimensions && (d.Value === undefined || m.dimensions[d.Name] === d.Value))) continue;
      all.push(m);
    }
  }
  const offset = input.NextToken ? Number(Buffer.from(input.NextToken, "base64url").toString()) : 0;
  const page = all.slice(offset, offset + pageSize);
  return {
    Metrics: page.map((m) => ({ Namespace: m.namespace, MetricName: m.metricName, Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })) })),
    ...(offset + pageSize < all.length ? { NextToken: Buffer.from(String(offset + pageSize)).toString("base64url") } : {}),
  };
}
