import { toDay, type Day } from "./day";
import { QUEUE_TYPE, REQUEST_SOURCE_TYPES, type ResourceSeries } from "./metrics";

export interface RollupResource {
  arn: string;
  type: string;
  /** Which service the resource serves; null for shared or unallocated resources. */
  serviceKey: string | null;
}

export interface ServiceDayTotals {
  requestCount: number;
  count4xx: number;
  count5xx: number;
  throttleCount: number;
  /** Request-weighted mean of the counted resources' p99; null without traffic or data. */
  latencyP99Ms: number | null;
}

type DayMap = Map<Day, ServiceDayTotals>;

function emptyTotals(): ServiceDayTotals {
  return { requestCount: 0, count4xx: 0, count5xx: 0, throttleCount: 0, latencyP99Ms: null };
}

/** Resources of the service whose requests count: the best-ranked type that reports requests. */
export function requestResources(resources: RollupResource[], reportsRequests: Set<string>): { arns: Set<string>; fromQueue: boolean } {
  for (const type of REQUEST_SOURCE_TYPES) {
    const arns = resources.filter((r) => r.type === type && reportsRequests.has(r.arn)).map((r) => r.arn);
    if (arns.length > 0) return { arns: new Set(arns), fromQueue: false };
  }
  return { arns: new Set(resources.filter((r) => r.type === QUEUE_TYPE).map((r) => r.arn)), fromQueue: true };
}

/**
 * Rolls per-resource series (any period) up to one row per service and UTC day.
 * Requests, 4XX, 5XX and latency come from the service's request-counting
 * resources only; throttles are summed over all of its resources, since a
 * throttled DynamoDB write and a throttled Lambda call are different events.
 * p99s cannot be merged exactly; the request-weighted mean is a fair summary.
 */
export function rollupServiceDays(resources: RollupResource[], series: ResourceSeries[]): Map<string, DayMap> {
  const byService = new Map<string, RollupResource[]>();
  for (const r of resources) {
    if (r.serviceKey === null) continue;
    byService.set(r.serviceKey, [...(byService.get(r.serviceKey) ?? []), r]);
  }
  const seriesByArn = new Map<string, ResourceSeries[]>();
  for (const s of series) seriesByArn.set(s.arn, [...(seriesByArn.get(s.arn) ?? []), s]);
  const reportsRequests = new Set(series.filter((s) => s.metric === "requests" && s.points.length > 0).map((s) => s.arn));

  const result = new Map<string, DayMap>();
  for (const [serviceKey, own] of byService) {
    const days: DayMap = new Map();
    const at = (ts: Date) => {
      const day = toDay(ts);
      let totals = days.get(day);
      if (!totals) days.set(day, (totals = emptyTotals()));
      return totals;
    };
    const counted = requestResources(own, reportsRequests);
    const latencyWeight = new Map<Day, { sum: number; weight: number }>();
    for (const resource of own) {
      const list = seriesByArn.get(resource.arn) ?? [];
      const isCounted = counted.arns.has(resource.arn);
      const requestsAt = new Map<number, number>();
      for (const s of list) if (s.metric === "requests") for (const p of s.points) requestsAt.set(p.ts.getTime(), p.value);
      for (const s of list) {
        for (const p of s.points) {
          if (s.metric === "throttles") at(p.ts).throttleCount += p.value;
          if (!isCounted) continue;
          if (counted.fromQueue ? s.metric === "queueDeleted" : s.metric === "requests") at(p.ts).requestCount += p.value;
          if (s.metric === "count4xx") at(p.ts).count4xx += p.value;
          if (s.metric === "count5xx") at(p.ts).count5xx += p.value;
          if (s.metric === "latencyP99Ms") {
            const weight = requestsAt.get(p.ts.getTime()) ?? 0;
            if (weight <= 0) continue;
            const day = toDay(p.ts);
            const acc = latencyWeight.get(day) ?? { sum: 0, weight: 0 };
            acc.sum += p.value * weight;
            acc.weight += weight;
            latencyWeight.set(day, acc);
            at(p.ts);
          }
        }
      }
    }
    for (const [day, acc] of latencyWeight) {
      const totals = days.get(day);
      if (totals && acc.weight > 0) totals.latencyP99Ms = acc.sum / acc.weight;
    }
    if (days.size > 0) result.set(serviceKey, days);
  }
  return result;
}
