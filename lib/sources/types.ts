// The one interface every source of AWS data implements: the built-in `demo`
// account and the real account (`aws`, SDK v3). Vendor shapes stop inside each
// implementation; what crosses this line is Frugal's own types. Large answers
// come as streams (pages, batches) so that a sync never holds a whole account.
import type { BreakdownDimension } from "../domain/breakdown";
import type { Day, DayRange } from "../domain/day";
import type { MetricKind, MetricPoint, ResourceSeries } from "../domain/metrics";
import type { TagRule } from "../domain/tag-rules";

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

/** Something a source could not read. What was stored for it stays as it was; the next sync reads it again. */
export interface SourceGap {
  part: "resources" | "cost" | "traffic" | "operations" | "business" | "forecast" | "resourceCost";
  /** The days it covers, both included (absent: no particular days, e.g. the resource listing). */
  from?: Day;
  to?: Day;
  reason: string;
}

/** Both ends included (Cost Explorer's own End is exclusive: adapters add a day). */
export type { DayRange };

/** What an incremental read of the same sync would have asked AWS for (Source.billAs). */
export interface BilledPlan {
  cost: DayRange[];
  traffic: boolean;
}

export interface CostQuery {
  ranges: DayRange[];
  /** The account's tag rules, in evaluation order: a source that cannot group by every key at once plans its queries from them. */
  rules: readonly TagRule[];
  serviceTagKey: string;
  /** Tag keys to break each application's cost down by, besides the AWS service, region and account. */
  exploredTagKeys: readonly string[];
  /** The account's cell tag: each application's cost by cell is a breakdown too. */
  cellTagKey: string;
}

export interface CostLine {
  day: Day;
  /**
   * Tag values of the line, for the keys the line was grouped by; '' or absent
   * where the cost carries no such tag. The sync applies the rules to them, so a
   * source must only return a line under keys whose rule it belongs to.
   */
  tags: Record<string, string>;
  costMicroUsd: number;
  /** Not final yet (Cost Explorer's `Estimated`). */
  estimated: boolean;
}

/**
 * A day's cost under the rule keys and one value of a breakdown dimension (the AWS
 * service "AWS Lambda", the region "eu-west-1", the linked account, an explored
 * tag's value): what an application's cost is made of. Never counted in the
 * totals: the lines are.
 */
export interface CostBreakdownLine extends CostLine {
  dimension: BreakdownDimension;
  /** '' where the cost has no value for it (an untagged resource under an explored key). */
  value: string;
}

/** The account's whole cost of a day, read apart from the lines, to prove that they add up. */
export interface CostTotal {
  day: Day;
  costMicroUsd: number;
  estimated: boolean;
}

/** How far back cost per resource reaches: Cost Explorer keeps resource-level data 14 days. */
export const RESOURCE_COST_DAYS = 14;

/** One resource's cost on one day; `resource` is its ARN, or the provider's id for it ("i-0abc123", as Cost Explorer's RESOURCE_ID). */
export interface ResourceCostLine {
  day: Day;
  resource: string;
  costMicroUsd: number;
}

/** Cost per resource over some days, or why the source has none (not enabled), or what failed. */
export type ResourceCostAnswer = { lines: ResourceCostLine[] } | { unavailable: string } | { gap: SourceGap };

/** Cost Explorer's forecast of an application's cost from `fromDay` to the end of its month, or why there is none. */
export type CostForecastAnswer = { applicationId: number; month: string; fromDay: Day; meanMicroUsd: number; lowMicroUsd: number; highMicroUsd: number } | { applicationId: number; error: string; unavailable: boolean };

export type CostChunk = { lines: CostLine[] } | { breakdownLines: CostBreakdownLine[] } | { totals: CostTotal[] } | { gap: SourceGap };

export interface MetricRequest {
  resource: SourceResource;
  kinds: MetricKind[];
}

/** The metrics of one service (or service and cell): a source never splits a group between answers. */
export interface MetricGroup {
  key: string;
  requests: MetricRequest[];
}

export interface MetricWindow {
  /** Included. */
  start: Date;
  /** Excluded. */
  end: Date;
  periodSeconds: number;
}

export type MetricGroupResult = { key: string; series: ResourceSeries[] } | { key: string; gap: SourceGap };

/** A CloudWatch metric that carries a business number (orders, active users...). */
export interface CloudWatchMetricRef {
  namespace: string;
  metricName: string;
  dimensions: { name: string; value: string }[];
  stat: "Sum" | "Average" | "Maximum" | "Minimum" | "SampleCount";
}

/** One operation of a service (Application Signals), one day: requests, faults (5XX), errors (4XX), mean latency. */
export interface OperationDay {
  service: string;
  operation: string;
  day: Day;
  requestCount: number;
  faultCount: number;
  errorCount: number;
  latencyAvgMs: number | null;
}

export type OperationChunk = { operations: OperationDay[] } | { gap: SourceGap };

/** What one API was called for, and what that cost. */
export interface ApiUsage {
  /** e.g. 'ce:GetCostAndUsage' */
  api: string;
  /** Successful requests: what AWS bills (each page of a paginated answer is one). */
  calls: number;
  /** Requests that failed after the SDK's own retries (not billed). */
  failed: number;
  /** Extra attempts the SDK made (throttling, transient errors). */
  retries: number;
  /** GetMetricData only: the metrics it asked for (the unit of its price). */
  metricsRequested: number;
  costMicroUsd: number;
}

export interface SourceUsage {
  /** API calls made so far (billable ones). */
  apiCallCount: number;
  /** What those calls cost (Cost Explorer: $0.01 a request; CloudWatch: $0.01 per 1,000 metrics). */
  apiCostMicroUsd: number;
  byApi: ApiUsage[];
}

export interface Source {
  readonly kind: SourceKind;
  /**
   * A source whose past data does not change (Cost Explorer's final days, closed
   * CloudWatch days) and whose calls cost money: the sync then re-reads only what
   * is missing, still estimated or stale. The demo is read whole every time.
   */
  readonly incremental: boolean;
  /** What the cost is read as (metric, filters): stored cost read under other settings is read again. */
  readonly costSettings: string;
  /** Every resource, a page at a time; a listing that breaks off yields a gap and ends. */
  resources(): AsyncIterable<SourceResource[] | { gap: SourceGap }>;
  /** Daily cost over the ranges, under the rules, and each day's total apart; a range that cannot be read whole yields a gap. */
  dailyCost(query: CostQuery): AsyncIterable<CostChunk>;
  /** Metric series for groups of requests, each group answered whole (or as a gap). */
  resourceMetrics(groups: AsyncIterable<MetricGroup> | Iterable<MetricGroup>, window: MetricWindow): AsyncIterable<MetricGroupResult>;
  getCustomMetric(ref: CloudWatchMetricRef, window: MetricWindow): Promise<MetricPoint[]>;
  /**
   * The provider's own forecast of each application's cost to the end of the month
   * (Cost Explorer's GetCostForecast); a source without one (the demo) leaves it out
   * and the month is projected by Frugal's model.
   */
  costForecasts?(query: { rules: readonly TagRule[]; applicationIds: number[]; today: Day }): Promise<CostForecastAnswer[]>;
  /** Cost per resource over recent days, where the source has it (Cost Explorer: the last 14 days, EC2 instances, opt-in). */
  resourceCosts?(range: DayRange): Promise<ResourceCostAnswer>;
  /** Per-operation daily figures for the named services, where they are instrumented (Application Signals). */
  operations(services: string[], range: DayRange): AsyncIterable<OperationChunk>;
  usage(): SourceUsage;
  /**
   * For a source read whole every time (the demo, whose story moves with today): from now on, bill
   * its calls as an incremental source would have been asked this sync — Cost Explorer for the
   * plan's cost ranges only, metrics only when a day is due — or, with null, as read.
   */
  billAs?(plan: BilledPlan | null): void;
}

export type { MetricKind, MetricPoint, ResourceSeries };
