// The metrics Frugal reads, named by what they mean rather than by AWS's names:
// the source adapters map CloudWatch metrics (RequestCount, Invocations,
// ApproximateAgeOfOldestMessage...) onto these kinds.

export const METRIC_KINDS = [
  "requests",
  "count4xx",
  "count5xx",
  "throttles",
  "retries",
  "latencyP50Ms",
  "latencyP99Ms",
  "queueAgeSeconds",
  "queueDepth",
  "queueSent",
  "queueDeleted",
] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

export interface MetricPoint {
  /** Start of the period the value covers. */
  ts: Date;
  value: number;
}

export interface ResourceSeries {
  /** The resource's ARN. */
  arn: string;
  metric: MetricKind;
  points: MetricPoint[];
}

/**
 * Where a service's requests are counted, best first. A service behind a load
 * balancer is counted there even if it also runs Lambda functions, so that one
 * request is not counted at every layer it passes.
 */
export const REQUEST_SOURCE_TYPES = [
  "elasticloadbalancing:targetgroup",
  "apigateway:stage",
  "lambda:function",
  "sagemaker:endpoint",
] as const;

/** A queue consumer's "requests" are the messages it took off the queue. */
export const QUEUE_TYPE = "sqs:queue";
