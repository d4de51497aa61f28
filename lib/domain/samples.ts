// High-resolution traffic of a service in a cell: per-resource series rolled up to
// one sample per service, cell and period, and 1-minute samples rolled up to
// 5-minute ones. The overload signals (signals.ts) read these.
import { QUEUE_TYPE, type ResourceSeries } from "./metrics";
import { requestResources } from "./rollup";

export interface SampleResource {
  arn: string;
  type: string;
  serviceKey: string;
  /** '' for a resource with no cell tag. */
  cell: string;
}

/** The figures a sample carries, as stored (one column each). */
export const SAMPLE_VALUE_FIELDS = ["requests", "count2xx", "count4xx", "count5xx", "throttles", "retries", "latencyP50Ms", "latencyP99Ms", "queueAgeSeconds", "queueDepth", "queueSent", "queueDeleted"] as const;

export interface Sample {
  serviceKey: string;
  cell: string;
  periodSeconds: number;
  /** Start of the period. */
  ts: Date;
  requests: number;
  count2xx: number;
  count4xx: number;
  count5xx: number;
  throttles: number;
  retries: number | null;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  queueAgeSeconds: number | null;
  queueDepth: number | null;
  queueSent: number | null;
  queueDeleted: number | null;
}

function empty(serviceKey: string, cell: string, periodSeconds: number, ts: Date): Sample {
  return {
    serviceKey,
    cell,
    periodSeconds,
    ts,
    requests: 0,
    count2xx: 0,
    count4xx: 0,
    count5xx: 0,
    throttles: 0,
    retries: null,
    latencyP50Ms: null,
    latencyP99Ms: null,
    queueAgeSeconds: null,
    queueDepth: null,
    queueSent: null,
    queueDeleted: null,
  };
}

const add = (a: number | null, b: number) => (a ?? 0) + b;

/**
 * One sample per service, cell and period, from per-resource series of that period.
 * Requests, 4XX, 5XX and latency come from the resources where the service's
 * requests are counted (as for the daily rollup); throttles and retries are summed
 * over all of its resources; a queue's age is the oldest of its queues, its depth
 * and flows the sum. Periods that end after `now` are incomplete and left out.
 */
export function rollupSamples(resources: readonly SampleResource[], series: readonly ResourceSeries[], periodSeconds: number, now: Date): Sample[] {
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const groups = new Map<string, SampleResource[]>();
  const byService = new Map<string, SampleResource[]>();
  for (const r of resources) {
    push(groups, `${r.serviceKey}\u0000${r.cell}`, r);
    push(byService, r.serviceKey, r);
  }
  const byArn = new Map<string, ResourceSeries[]>();
  for (const s of series) push(byArn, s.arn, s);
  const reportsRequests = new Set(series.filter((s) => s.metric === "requests" && s.points.length > 0).map((s) => s.arn));
  const periodMs = periodSeconds * 1000;

  const out: Sample[] = [];
  for (const own of groups.values()) {
    const { serviceKey, cell } = own[0] as SampleResource;
    // Where requests are counted is decided per service, not per cell, so that every cell counts alike.
    const counted = requestResources(byService.get(serviceKey) ?? [], reportsRequests);
    const samples = new Map<number, Sample>();
    const latency = new Map<number, { p50: number; p99: number; w50: number; w99: number }>();
    const at = (ts: Date) => {
      const t = ts.getTime();
      let s = samples.get(t);
      if (!s) samples.set(t, (s = empty(serviceKey, cell, periodSeconds, new Date(t))));
      return s;
    };
    for (const resource of own) {
      const list = byArn.get(resource.arn) ?? [];
      const isCounted = counted.arns.has(resource.arn);
      const requestsAt = new Map<number, number>();
      for (const s of list) if (s.metric === (counted.fromQueue ? "queueDeleted" : "requests")) for (const p of s.points) requestsAt.set(p.ts.getTime(), p.value);
      for (const s of list) {
        for (const p of s.points) {
          if (p.ts.getTime() + periodMs > now.getTime() || !Number.isFinite(p.value)) continue;
          const sample = at(p.ts);
          switch (s.metric) {
            case "throttles":
              sample.throttles += p.value;
              break;
            case "retries":
              sample.retries = add(sample.retries, p.value);
              break;
            case "queueAgeSeconds":
              if (resource.type === QUEUE_TYPE) sample.queueAgeSeconds = Math.max(sample.queueAgeSeconds ?? 0, p.value);
              break;
            case "queueDepth":
              if (resource.type === QUEUE_TYPE) sample.queueDepth = add(sample.queueDepth, p.value);
              break;
            case "queueSent":
              if (resource.type === QUEUE_TYPE) sample.queueSent = add(sample.queueSent, p.value);
              break;
            case "queueDeleted":
              if (resource.type === QUEUE_TYPE) sample.queueDeleted = add(sample.queueDeleted, p.value);
              if (isCounted && counted.fromQueue) sample.requests += p.value;
              break;
            case "requests":
              if (isCounted && !counted.fromQueue) sample.requests += p.value;
              break;
            case "count4xx":
              if (isCounted) sample.count4xx += p.value;
              break;
            case "count5xx":
              if (isCounted) sample.count5xx += p.value;
              break;
            case "latencyP50Ms":
            case "latencyP99Ms": {
              if (!isCounted) break;
              const weight = requestsAt.get(p.ts.getTime()) ?? 0;
              if (weight <= 0) break;
              const acc = latency.get(p.ts.getTime()) ?? { p50: 0, p99: 0, w50: 0, w99: 0 };
              if (s.metric === "latencyP50Ms") {
                acc.p50 += p.value * weight;
                acc.w50 += weight;
              } else {
                acc.p99 += p.value * weight;
                acc.w99 += weight;
              }
              latency.set(p.ts.getTime(), acc);
              break;
            }
          }
        }
      }
    }
    for (const [t, acc] of latency) {
      const sample = samples.get(t);
      if (!sample) continue;
      if (acc.w50 > 0) sample.latencyP50Ms = acc.p50 / acc.w50;
      if (acc.w99 > 0) sample.latencyP99Ms = acc.p99 / acc.w99;
    }
    for (const sample of samples.values()) {
      sample.count2xx = Math.max(0, sample.requests - sample.count4xx - sample.count5xx);
      out.push(sample);
    }
  }
  return out.sort((a, b) => a.ts.getTime() - b.ts.getTime() || a.serviceKey.localeCompare(b.serviceKey) || a.cell.localeCompare(b.cell));
}

/**
 * Whole 5-minute samples from 1-minute ones (only buckets with all five minutes):
 * counts add up, latencies are request-weighted means, a queue's age and depth are
 * those at the end of the bucket.
 */
export function rollupToFiveMinutes(minutes: readonly Sample[]): Sample[] {
  const FIVE = 300_000;
  const buckets = new Map<string, Sample[]>();
  for (const s of minutes) {
    if (s.periodSeconds !== 60) continue;
    const start = Math.floor(s.ts.getTime() / FIVE) * FIVE;
    const key = `${s.serviceKey}\u0000${s.cell}\u0000${start}`;
    buckets.set(key, [...(buckets.get(key) ?? []), s]);
  }
  const out: Sample[] = [];
  for (const list of buckets.values()) {
    if (list.length < 5) continue;
    list.sort((a, b) => a.ts.getTime() - b.ts.getTime());
    const first = list[0] as Sample;
    const last = list.at(-1) as Sample;
    const sum = (pick: (s: Sample) => number | null) => (list.some((s) => pick(s) !== null) ? list.reduce((a, s) => a + (pick(s) ?? 0), 0) : null);
    const weighted = (pick: (s: Sample) => number | null) => {
      let total = 0;
      let weight = 0;
      for (const s of list) {
        const v = pick(s);
        if (v === null || s.requests <= 0) continue;
        total += v * s.requests;
        weight += s.requests;
      }
      return weight > 0 ? total / weight : null;
    };
    out.push({
      serviceKey: first.serviceKey,
      cell: first.cell,
      periodSeconds: 300,
      ts: new Date(Math.floor(first.ts.getTime() / FIVE) * FIVE),
      requests: sum((s) => s.requests) ?? 0,
      count2xx: sum((s) => s.count2xx) ?? 0,
      count4xx: sum((s) => s.count4xx) ?? 0,
      count5xx: sum((s) => s.count5xx) ?? 0,
      throttles: sum((s) => s.throttles) ?? 0,
      retries: sum((s) => s.retries),
      latencyP50Ms: weighted((s) => s.latencyP50Ms),
      latencyP99Ms: weighted((s) => s.latencyP99Ms),
      queueAgeSeconds: last.queueAgeSeconds,
      queueDepth: last.queueDepth,
      queueSent: sum((s) => s.queueSent),
      queueDeleted: sum((s) => s.queueDeleted),
    });
  }
  return out;
}

/**
 * How many of the leading items hold `holds`, in a list where it holds up to some point and not
 * after (samples sorted by time, asked about their start or end): a binary search.
 */
export function countWhile<T>(sorted: readonly T[], holds: (item: T) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(sorted[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `key` never falls along the list: checked before trusting a binary search over it. */
export function inOrderBy<T>(list: readonly T[], key: (item: T) => number): boolean {
  return list.every((item, i) => i === 0 || key(list[i - 1] as T) <= key(item));
}

/** The index of the first sample starting at or after `ms`, in samples sorted by `ts` (oldest first). */
const firstFrom = (sorted: readonly { ts: Date }[], ms: number) => countWhile(sorted, (s) => s.ts.getTime() < ms);

/** Where the samples starting in [from, to) lie in samples sorted by `ts` (oldest first): [first, end) indices. */
export function indicesBetween(sorted: readonly { ts: Date }[], from: number, to: number): [number, number] {
  const lo = firstFrom(sorted, from);
  return [lo, Math.max(lo, firstFrom(sorted, to))];
}

/**
 * The samples starting in [from, to), of samples sorted by `ts` (oldest first, as the database
 * reads them): two binary searches and a slice. The overload page used to filter every sample of
 * every series on each view (tens of thousands at 40 services, 20 ms of a view).
 */
export function samplesBetween<S extends { ts: Date }>(sorted: readonly S[], from: number, to: number): S[] {
  return sorted.slice(...indicesBetween(sorted, from, to));
}

/**
 * Whether a list of samples starts in time order, as the database reads them: checked once per
 * list. The signals judge the same series six times a moment, at many moments when they look back
 * (overloadedSince), and again on later views, as the data layer keeps a series while no sample
 * came or went (lib/data/overload.ts, cellSeries).
 */
const startsInOrder = new WeakMap<readonly { ts: Date }[], boolean>();

/** The samples starting in [from, to), in any order: a binary search where they start in order, else a filter. */
export function samplesStartingIn<S extends { ts: Date }>(samples: readonly S[], from: number, to: number): S[] {
  let ordered = startsInOrder.get(samples);
  if (ordered === undefined) startsInOrder.set(samples, (ordered = inOrderBy(samples, (s) => s.ts.getTime())));
  return ordered ? samplesBetween(samples, from, to) : samples.filter((s) => s.ts.getTime() >= from && s.ts.getTime() < to);
}
