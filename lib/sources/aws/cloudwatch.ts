// CloudWatch: what each resource type publishes, in Frugal's metric kinds, read
// with GetMetricData in calls of up to 500 queries (and within 100,800 datapoints
// an answer), priced per metric asked for. Counts that CloudWatch only reports when
// they are not zero (ALB's HTTPCode_Target_*) are wrapped in FILL(m, 0); math
// expressions are free. A few ListMetrics calls per region first find what the ARNs
// do not say: the load balancer of each target group, which DynamoDB operations
// were throttled, where services publish retries, and Application Signals' operations.
import {
  GetMetricDataCommand,
  ListMetricsCommand,
  type CloudWatchClient,
  type GetMetricDataCommandOutput,
  type ListMetricsCommandOutput,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import type { MetricKind, MetricPoint } from "../../domain/metrics";
import { metered, type Meter } from "../meter";
import type { MetricWindow, SourceResource } from "../types";
import { apiStageOf, parseArn } from "./arn";
import { reasonOf } from "./errors";

export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;

/** What a region's ListMetrics calls found. */
export interface Discovery {
  /** targetgroup/name/id → app/lb-name/id */
  loadBalancerOf: Map<string, string>;
  /** table name → operations with a ThrottledRequests metric */
  throttledOperationsOf: Map<string, string[]>;
  /** "service" or "service\u0000cell" → the Retries metric's dimensions */
  retries: Map<string, { name: string; value: string }[]>;
  /** What could not be found, and why: the metrics that need it cannot be read. */
  problems: { types: string[]; reason: string }[];
}

export const emptyDiscovery = (): Discovery => ({ loadBalancerOf: new Map(), throttledOperationsOf: new Map(), retries: new Map(), problems: [] });

type Dimension = { Name: string; Value: string };

/** One series to read: a MetricStat (priced), or FILL over one (the stat is the input, not returned). */
export interface SeriesSpec {
  /** A MetricKind for resources; another name for other reads (operations). */
  kind: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  stat: string;
  fill: boolean;
  /** Multiply the values (TargetResponseTime is in seconds; Frugal keeps milliseconds). */
  scale: number;
}

export const spec = (kind: string, namespace: string, metricName: string, dimensions: Dimension[], stat: string, options: { fill?: boolean; scale?: number } = {}): SeriesSpec => ({
  kind,
  namespace,
  metricName,
  dimensions,
  stat,
  fill: options.fill ?? false,
  scale: options.scale ?? 1,
});

/** The CloudWatch series behind one kind for one resource; none when the resource type does not publish it (or discovery found nothing). */
export function seriesFor(resource: SourceResource, kind: MetricKind, discovery: Discovery): SeriesSpec[] {
  const arn = parseArn(resource.arn);
  if (!arn) return [];
  const latency = (ns: string, metric: string, dims: Dimension[], scale = 1) =>
    kind === "latencyP99Ms" ? [spec(kind, ns, metric, dims, "p99", { scale })] : kind === "latencyP50Ms" ? [spec(kind, ns, metric, dims, "p50", { scale })] : [];
  switch (resource.type) {
    case "elasticloadbalancing:targetgroup": {
      const loadBalancer = discovery.loadBalancerOf.get(arn.resource);
      if (!loadBalancer) return [];
      const dims = [
        { Name: "TargetGroup", Value: arn.resource },
        { Name: "LoadBalancer", Value: loadBalancer },
      ];
      const ns = "AWS/ApplicationELB";
      if (kind === "requests") return [spec(kind, ns, "RequestCount", dims, "Sum")];
      if (kind === "count4xx") return [spec(kind, ns, "HTTPCode_Target_4XX_Count", dims, "Sum", { fill: true })];
      if (kind === "count5xx") return [spec(kind, ns, "HTTPCode_Target_5XX_Count", dims, "Sum", { fill: true })];
      return latency(ns, "TargetResponseTime", dims, 1000);
    }
    case "apigateway:stage": {
      const stage = apiStageOf(arn);
      if (!stage) return [];
      const ns = "AWS/ApiGateway";
      if (stage.kind === "http") {
        const dims = [
          { Name: "ApiId", Value: stage.apiId },
          { Name: "Stage", Value: stage.stage },
        ];
        if (kind === "requests") return [spec(kind, ns, "Count", dims, "Sum")];
        if (kind === "count4xx") return [spec(kind, ns, "4xx", dims, "Sum")];
        if (kind === "count5xx") return [spec(kind, ns, "5xx", dims, "Sum")];
        return latency(ns, "Latency", dims);
      }
      // REST APIs publish under their name, which the stage's ARN does not carry: the Name tag does.
      const apiName = resource.tags.Name;
      if (!apiName) return [];
      const dims = [
        { Name: "ApiName", Value: apiName },
        { Name: "Stage", Value: stage.stage },
      ];
      if (kind === "requests") return [spec(kind, ns, "Count", dims, "Sum")];
      if (kind === "count4xx") return [spec(kind, ns, "4XXError", dims, "Sum")];
      if (kind === "count5xx") return [spec(kind, ns, "5XXError", dims, "Sum")];
      return latency(ns, "Latency", dims);
    }
    case "lambda:function": {
      const dims = [{ Name: "FunctionName", Value: arn.name }];
      const ns = "AWS/Lambda";
      if (kind === "requests") return [spec(kind, ns, "Invocations", dims, "Sum")];
      if (kind === "count5xx") return [spec(kind, ns, "Errors", dims, "Sum")];
      if (kind === "throttles") return [spec(kind, ns, "Throttles", dims, "Sum")];
      return latency(ns, "Duration", dims);
    }
    case "sqs:queue": {
      const dims = [{ Name: "QueueName", Value: arn.name }];
      const ns = "AWS/SQS";
      if (kind === "queueAgeSeconds") return [spec(kind, ns, "ApproximateAgeOfOldestMessage", dims, "Maximum")];
      if (kind === "queueDepth") return [spec(kind, ns, "ApproximateNumberOfMessagesVisible", dims, "Maximum")];
      if (kind === "queueSent") return [spec(kind, ns, "NumberOfMessagesSent", dims, "Sum")];
      if (kind === "queueDeleted") return [spec(kind, ns, "NumberOfMessagesDeleted", dims, "Sum")];
      return [];
    }
    case "dynamodb:table": {
      if (kind !== "throttles") return [];
      // ThrottledRequests is published per table and operation: one series per operation that was throttled lately.
      return (discovery.throttledOperationsOf.get(arn.name) ?? []).map((operation) =>
        spec(kind, "AWS/DynamoDB", "ThrottledRequests", [
          { Name: "TableName", Value: arn.name },
          { Name: "Operation", Value: operation },
        ], "Sum"),
      );
    }
    default:
      return [];
  }
}

/** Retries, where a service publishes them: attached to one front door of the service (and cell), never to several. */
export function retriesFor(resource: SourceResource, discovery: Discovery, namespace: string): SeriesSpec[] {
  const service = resource.tags.service;
  if (!service) return [];
  const dims = discovery.retries.get(`${service}\u0000${resource.tags.cell ?? ""}`) ?? discovery.retries.get(service);
  return dims ? [spec("retries", namespace, "Retries", dims.map((d) => ({ Name: d.name, Value: d.value })), "Sum")] : [];
}

/** How many queries one call can take for this window: 500, or fewer when each series has many points. */
export function queriesPerCall(window: MetricWindow): number {
  const points = Math.max(1, Math.ceil((window.end.getTime() - window.start.getTime()) / (window.periodSeconds * 1000)));
  return Math.max(1, Math.min(MAX_QUERIES_PER_CALL, Math.floor(MAX_DATAPOINTS_PER_CALL / points)));
}

/** MetricDataQuery entries for the specs, ids q0, q1... (and m0... for FILL's inputs): two entries for a filled series. */
export function toQueries(specs: readonly SeriesSpec[], window: MetricWindow, firstIndex = 0): MetricDataQuery[] {
  const queries: MetricDataQuery[] = [];
  specs.forEach((s, i) => {
    const n = firstIndex + i;
    const stat = { Metric: { Namespace: s.namespace, MetricName: s.metricName, Dimensions: s.dimensions }, Period: window.periodSeconds, Stat: s.stat };
    if (s.fill) {
      queries.push({ Id: `m${n}`, MetricStat: stat, ReturnData: false });
      queries.push({ Id: `q${n}`, Expression: `FILL(m${n}, 0)`, Period: window.periodSeconds });
    } else queries.push({ Id: `q${n}`, MetricStat: stat });
  });
  return queries;
}

/** Entries a spec takes in a call (a filled one takes two). */
export const entriesOf = (s: SeriesSpec) => (s.fill ? 2 : 1);

export interface SeriesAnswer {
  points: MetricPoint[];
  /** Not all of the series came back (PartialData without a next page, InternalError, Forbidden). */
  incomplete: string | null;
}

/**
 * One GetMetricData request (and its next pages) for the specs; answers in the
 * specs' order. Throws when the request fails after the SDK's retries.
 */
export async function getMetricData(client: CloudWatchClient, specs: readonly SeriesSpec[], window: MetricWindow, meter: Meter): Promise<SeriesAnswer[]> {
  const queries = toQueries(specs, window);
  const metricsRequested = queries.filter((q) => q.MetricStat).length;
  const answers = specs.map((): SeriesAnswer => ({ points: [], incomplete: null }));
  const status = new Map<string, string>();
  let token: string | undefined;
  let pages = 0;
  do {
    const out: GetMetricDataCommandOutput = await metered(
      meter,
      "cloudwatch:GetMetricData",
      () => client.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: window.start, EndTime: window.end, ScanBy: "TimestampAscending", ...(token ? { NextToken: token } : {}) })),
      // Each page of the same request is billed for its metrics again.
      metricsRequested,
    );
    for (const result of out.MetricDataResults ?? []) {
      const index = Number(result.Id?.slice(1));
      const answer = result.Id?.startsWith("q") ? answers[index] : undefined;
      if (!answer) continue;
      const s = specs[index] as SeriesSpec;
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      for (let i = 0; i < timestamps.length; i++) {
        const ts = timestamps[i];
        const value = values[i];
        if (ts instanceof Date && typeof value === "number" && Number.isFinite(value)) answer.points.push({ ts, value: value * s.scale });
      }
      if (result.StatusCode) status.set(result.Id as string, result.StatusCode);
    }
    token = out.NextToken || undefined;
  } while (token && ++pages < 100);
  specs.forEach((_s, i) => {
    const code = status.get(`q${i}`);
    if (code && code !== "Complete") (answers[i] as SeriesAnswer).incomplete = `CloudWatch answered ${code}`;
    (answers[i] as SeriesAnswer).points.sort((a, b) => a.ts.getTime() - b.ts.getTime());
  });
  return answers;
}

/** Every metric ListMetrics knows for a namespace and name (and dimension names), page by page. */
export async function listMetrics(client: CloudWatchClient, meter: Meter, namespace: string, metricName: string, dimensionNames: string[] = []): Promise<Dimension[][]> {
  const out: Dimension[][] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const answer: ListMetricsCommandOutput = await metered(meter, "cloudwatch:ListMetrics", () =>
      client.send(new ListMetricsCommand({ Namespace: namespace, MetricName: metricName, ...(dimensionNames.length ? { Dimensions: dimensionNames.map((Name) => ({ Name })) } : {}), ...(token ? { NextToken: token } : {}) })),
    );
    for (const m of answer.Metrics ?? []) out.push((m.Dimensions ?? []).flatMap((d) => (d.Name && d.Value !== undefined ? [{ Name: d.Name, Value: d.Value }] : [])));
    token = answer.NextToken || undefined;
  } while (token && ++pages < 1_000);
  return out;
}

/**
 * What a region's ARNs do not say, in a few ListMetrics calls: which load balancer
 * each target group sits behind, which DynamoDB operations were throttled, where
 * retries are published. A failure leaves that part empty and says why.
 */
export async function discover(client: CloudWatchClient, meter: Meter, retriesNamespace: string): Promise<Discovery> {
  const discovery = emptyDiscovery();
  const attempt = async (what: string, types: string[], fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      discovery.problems.push({ types, reason: `${what}: ${reasonOf(error, "cloudwatch:ListMetrics")}` });
    }
  };
  const value = (dims: Dimension[], name: string) => dims.find((d) => d.Name === name)?.Value;
  await attempt("finding target groups' load balancers", ["elasticloadbalancing:targetgroup"], async () => {
    for (const dims of await listMetrics(client, meter, "AWS/ApplicationELB", "RequestCount", ["TargetGroup", "LoadBalancer"])) {
      const tg = value(dims, "TargetGroup");
      const lb = value(dims, "LoadBalancer");
      if (tg && lb && dims.length === 2) discovery.loadBalancerOf.set(tg, lb);
    }
  });
  await attempt("finding throttled DynamoDB operations", ["dynamodb:table"], async () => {
    for (const dims of await listMetrics(client, meter, "AWS/DynamoDB", "ThrottledRequests", ["TableName", "Operation"])) {
      const table = value(dims, "TableName");
      const operation = value(dims, "Operation");
      if (table && operation) discovery.throttledOperationsOf.set(table, [...(discovery.throttledOperationsOf.get(table) ?? []), operation]);
    }
  });
  await attempt("finding published retries", ["retries"], async () => {
    for (const dims of await listMetrics(client, meter, retriesNamespace, "Retries", ["Service"])) {
      const service = value(dims, "Service");
      if (!service) continue;
      const cell = value(dims, "Cell");
      discovery.retries.set(cell ? `${service}\u0000${cell}` : service, dims.map((d) => ({ name: d.Name, value: d.Value })));
    }
  });
  return discovery;
}

