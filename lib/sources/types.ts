// The one interface every source of AWS data implements: the `demo` account
// today, the real account (AWS SDK v3) next. Vendor shapes stop inside each
// implementation; what crosses this line is Frugal's own types.
import type { Day } from "../domain/day";
import type { MetricKind, MetricPoint, ResourceSeries } from "../domain/metrics";

export type SourceKind = "demo" | "aws";

export interface SourceResource {
  arn: string;
  /** A readable name: the Name tag, or the last part of the ARN. */
  name: string;
  /** 'service:resourceType' as in ARNs, e.g. 'lambda:function'. */
  type: string;
  region: string;
  tags: Record<string, string>;
}

export interface CostQuery {
  /** First day, included. */
  from: Day;
  /** Last day, included (Cost Explorer's own End is exclusive: adapters add a day). */
  to: Day;
  /** Tag keys to group by; a missing tag comes back as ''. */
  groupByTagKeys: string[];
}

export interface CostLine {
  day: Day;
  /** One entry per requested key; '' where the cost carries no such tag. */
  tags: Record<string, string>;
  costMicroUsd: number;
  /** Not final yet (Cost Explorer's `Estimated`). */
  estimated: boolean;
}

export interface MetricQuery {
  resources: SourceResource[];
  /** Included. */
  start: Date;
  /** Excluded. */
  end: Date;
  periodSeconds: number;
}

/** A CloudWatch metric that carries a business number (orders, active users...). */
export interface CloudWatchMetricRef {
  namespace: string;
  metricName: string;
  dimensions: { name: string; value: string }[];
  stat: "Sum" | "Average" | "Maximum" | "Minimum" | "SampleCount";
}

export interface SourceUsage {
  /** API calls made so far. */
  apiCallCount: number;
  /** What those calls cost (Cost Explorer: $0.01 a request; CloudWatch: $0.01 per 1,000 metrics). */
  apiCostMicroUsd: number;
}

export interface Source {
  readonly kind: SourceKind;
  listResources(): Promise<SourceResource[]>;
  getDailyCost(query: CostQuery): Promise<CostLine[]>;
  getResourceMetrics(query: MetricQuery): Promise<ResourceSeries[]>;
  getCustomMetric(ref: CloudWatchMetricRef, query: Omit<MetricQuery, "resources">): Promise<MetricPoint[]>;
  usage(): SourceUsage;
}

export type { MetricKind, MetricPoint, ResourceSeries };
