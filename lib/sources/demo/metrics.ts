// Per-resource metric series of the demo shop, for any period length.
import type { MetricKind, MetricPoint, ResourceSeries } from "../../domain/metrics";
import { DEMO_SERVICES, SCENARIOS, type DemoService } from "./catalog";
import { overloadWindow, overloadedRequests, requestsBetween } from "./model";
import { jitter } from "./random";
import type { DemoResource } from "./resources";

/** Services that publish a retry count beside their requests. */
const PUBLISHES_RETRIES = new Set(["checkout", "payments", "orders-worker"]);
const BASE_RETRY_RATE = 0.012;
/** A normal queue's oldest message waits about this long. */
const NORMAL_QUEUE_AGE_SECONDS = 30;

type Period = { t0: Date; t1: Date };

function kindsOf(resource: DemoResource): MetricKind[] {
  const service = resource.service;
  if (!service) return [];
  const throttles = service.throttlesPerMillion > 0;
  const hasTable = service.resources.some((r) => r.type === "dynamodb:table");
  const retries: MetricKind[] = PUBLISHES_RETRIES.has(service.name) ? ["retries"] : [];
  switch (resource.type) {
    case "elasticloadbalancing:targetgroup":
    case "apigateway:stage":
      return ["requests", "count4xx", "count5xx", "latencyP99Ms", "latencyP50Ms", ...retries];
    case "lambda:function":
      return ["requests", "count5xx", "latencyP99Ms", "latencyP50Ms", ...(throttles && !hasTable ? (["throttles"] as const) : []), ...retries];
    case "sagemaker:endpoint":
      return ["requests", "latencyP99Ms"];
    case "sqs:queue":
      return ["queueSent", "queueDeleted", "queueAgeSeconds", "queueDepth", ...retries];
    case "dynamodb:table":
      return throttles ? ["throttles"] : [];
    default:
      return [];
  }
}

function overloadRate(table: Record<string, number>, service: DemoService): number {
  return table[service.name] ?? 0;
}

/** One period of a resource, and its traffic: every metric of the period reads these. */
interface PeriodTraffic extends Period {
  /** t0 as ISO text, a key of the period's noise. */
  iso: string;
  requests: number;
  overloaded: number;
}

/** One value of one metric for one period of a resource. */
function valueOf(kind: MetricKind, resource: DemoResource, period: PeriodTraffic, seed: number, now: Date): number {
  const service = resource.service as DemoService;
  const { t0, t1, requests, overloaded } = period;
  const key = [resource.arn, period.iso];
  const { overload } = SCENARIOS;
  const isQueueService = service.name === overload.queueService;
  switch (kind) {
    case "requests":
      return Math.round(requests);
    case "count4xx":
      return Math.round(requests * service.rate4xx * jitter(0.1, seed, "4xx", ...key));
    case "count5xx":
      return Math.round(requests * service.rate5xx * jitter(0.3, seed, "5xx", ...key) + overloaded * overloadRate(overload.rate5xx, service));
    case "throttles":
      return Math.round((requests / 1e6) * service.throttlesPerMillion * jitter(0.5, seed, "thr", ...key));
    case "retries": {
      const extra = overloaded * Math.min(0.25, overloadRate(overload.rate5xx, service) * 1.4 + (isQueueService ? 0.12 : 0));
      return Math.round(requests * BASE_RETRY_RATE * jitter(0.2, seed, "retry", ...key) + extra);
    }
    case "latencyP99Ms":
    case "latencyP50Ms": {
      const share = requests > 0 ? overloaded / requests : 0;
      const factor = 1 + ((overload.latencyFactor[service.name] ?? 1) - 1) * share;
      const base = kind === "latencyP99Ms" ? service.latencyP99Ms : service.latencyP99Ms * 0.28;
      return Math.round(base * factor * jitter(0.06, seed, kind, ...key) * 10) / 10;
    }
    case "queueSent":
      return Math.round(requests);
    case "queueDeleted":
      return Math.round(requests - overloaded * (1 - overload.drainShare));
    case "queueDepth": {
      const backlog = isQueueService ? backlogAt(seed, service, resource, t1, now) : 0;
      const seconds = (t1.getTime() - t0.getTime()) / 1000;
      return Math.round((requests / seconds) * NORMAL_QUEUE_AGE_SECONDS * jitter(0.3, seed, "depth", ...key) + backlog);
    }
    case "queueAgeSeconds": {
      const window = overloadWindow(now);
      const end = new Date(Math.min(t1.getTime(), now.getTime()));
      const stuck = resource.cell === window.cell && end > window.start ? (end.getTime() - window.start.getTime()) / 1000 : 0;
      return Math.round(Math.max(stuck, NORMAL_QUEUE_AGE_SECONDS * jitter(0.5, seed, "age", ...key)));
    }
  }
}

/** Messages left on the queue at time t by a consumer that only drains part of the arrivals. */
function backlogAt(seed: number, service: DemoService, resource: DemoResource, t: Date, now: Date): number {
  const window = overloadWindow(now);
  if (resource.cell !== window.cell || t <= window.start) return 0;
  return overloadedRequests(seed, service, resource.cell, window.start, t, now) * (1 - SCENARIOS.overload.drainShare);
}

/** The kinds the demo publishes for a resource, among those asked for (all when none are named). */
export function demoKinds(resource: DemoResource, wanted?: readonly MetricKind[]): MetricKind[] {
  const published = kindsOf(resource);
  return wanted ? published.filter((k) => wanted.includes(k)) : published;
}

export function demoResourceSeries(
  resources: readonly DemoResource[],
  start: Date,
  end: Date,
  periodSeconds: number,
  seed: number,
  now: Date,
  wanted?: ReadonlyMap<string, readonly MetricKind[]>,
): ResourceSeries[] {
  const periodMs = periodSeconds * 1000;
  const first = Math.floor(start.getTime() / periodMs) * periodMs;
  const last = Math.min(end.getTime(), now.getTime());
  const periods: (Period & { iso: string })[] = [];
  for (let t = first; t < last; t += periodMs) periods.push({ t0: new Date(t), t1: new Date(t + periodMs), iso: new Date(t).toISOString() });
  const out: ResourceSeries[] = [];
  for (const resource of resources) {
    const kinds = demoKinds(resource, wanted?.get(resource.arn));
    if (!kinds.length) continue;
    const service = resource.service as DemoService;
    const series = kinds.map((metric) => ({ arn: resource.arn, metric, points: [] as MetricPoint[] }));
    // The period's traffic once, for all the resource's metrics.
    for (const period of periods) {
      const requests = requestsBetween(seed, service, resource.cell, period.t0, period.t1, now);
      const overloaded = overloadedRequests(seed, service, resource.cell, period.t0, period.t1, now);
      const traffic = { ...period, requests, overloaded };
      for (const s of series) s.points.push({ ts: period.t0, value: valueOf(s.metric, resource, traffic, seed, now) });
    }
    out.push(...series);
  }
  return out;
}

export function demoService(name: string): DemoService | undefined {
  return DEMO_SERVICES.find((s) => s.name === name);
}
