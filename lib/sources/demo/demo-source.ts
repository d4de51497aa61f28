// The built-in demo account behind the Source interface. Deterministic: the
// same seed and the same "now" give the same numbers, day after day. It answers
// as AWS would be asked (pages of resources, cost grouped by every rule key, metric
// groups) and counts what the same calls would cost on AWS.
import { FIXED_BREAKDOWNS, tagBreakdown, tagKeyOf, type BreakdownDimension } from "../../domain/breakdown";
import { addDays, eachDay, inRange, toDay, type Day, type DayRange } from "../../domain/day";
import type { MetricKind, MetricPoint } from "../../domain/metrics";
import { usdToMicro } from "../../domain/money";
import { tagKeysToGroupBy } from "../../domain/tag-rules";
import { Meter } from "../meter";
import type {
  BilledPlan,
  CloudWatchMetricRef,
  CostBreakdownLine,
  CostChunk,
  CostLine,
  CostQuery,
  MetricGroup,
  MetricGroupResult,
  MetricWindow,
  OperationChunk,
  ResourceCostAnswer,
  ResourceCostLine,
  Source,
  SourceGap,
  SourceResource,
  SourceUsage,
} from "../types";
import { awsServiceOf, DATA_TRANSFER_SERVICE, DEMO_NAMESPACE, SCENARIOS } from "./catalog";
import { demoKinds, demoResourceSeries, demoService } from "./metrics";
import { cellShare, eventFactor, requestsBetween, serviceCostUsd } from "./model";
import { demoOperationDays, DEMO_OPERATIONS } from "./operations";
import { jitter } from "./random";
import { DEMO_RESOURCES, type DemoResource } from "./resources";

/** Cost Explorer's days are final after about two days; until then they are estimates. */
const ESTIMATED_DAYS = 2;
/** Cost Explorer returns at most this many groups a page; each page is a billed request. */
const CE_GROUPS_PER_PAGE = 500;
/** GetMetricData takes up to 500 queries a call; the Tagging API up to 100 resources a page. */
const CW_QUERIES_PER_CALL = 500;
const TAGGING_RESOURCES_PER_PAGE = 100;
/** A shopper calls checkout many times (cart, address, payment, retries) per order placed. */
const ORDERS_PER_CHECKOUT_CALL = 1 / 150;
const REQUESTS_PER_ACTIVE_USER = 40;
const AVERAGE_ORDER_USD = 62;

export interface DemoSourceOptions {
  seed: number;
  /** The clock the account is anchored to. */
  now: () => Date;
}

const ok = { ok: true, attempts: 1 } as const;

export class DemoSource implements Source {
  readonly kind = "demo" as const;
  readonly incremental = false;
  readonly costSettings = "demo";
  readonly #meter = new Meter();
  readonly #byArn = new Map(DEMO_RESOURCES.map((r) => [r.arn, r]));
  /** Set for a sync: the demo is read whole, but billed as AWS would be asked (Source.billAs). */
  #billed: BilledPlan | null = null;

  constructor(private readonly options: DemoSourceOptions) {}

  async *resources(): AsyncIterable<SourceResource[] | { gap: SourceGap }> {
    for (let i = 0; i < DEMO_RESOURCES.length; i += TAGGING_RESOURCES_PER_PAGE) {
      this.#meter.record("tag:GetResources", ok);
      yield DEMO_RESOURCES.slice(i, i + TAGGING_RESOURCES_PER_PAGE).map(({ arn, name, type, region, tags }) => ({ arn, name, type, region, tags: { ...tags } }));
    }
  }

  /** The demo can group by every rule key at once (Cost Explorer cannot: the AWS source plans around that). */
  async *dailyCost(query: CostQuery): AsyncIterable<CostChunk> {
    const keys = tagKeysToGroupBy(query.rules, { serviceTagKey: query.serviceTagKey });
    const dimensions = [...FIXED_BREAKDOWNS, ...query.exploredTagKeys.map(tagBreakdown)];
    // Cost Explorer's pages for a range: the grouped ones and the ungrouped total, then each breakdown's.
    const bill = (lines: number, breakdowns: readonly number[]) => {
      const pages = (n: number) => Math.max(1, Math.ceil(n / CE_GROUPS_PER_PAGE));
      const calls = pages(lines) + 1 + breakdowns.reduce((n, b) => n + pages(b), 0);
      for (let c = 0; c < calls; c++) this.#meter.record("ce:GetCostAndUsage", ok);
    };
    // A sync bills only the ranges an incremental read would ask for: their lines counted out of the whole read.
    const billed = (this.#billed?.cost ?? []).map((range) => ({ range, lines: 0, breakdowns: dimensions.map(() => 0) }));
    const billedFor = (day: Day) => billed.filter(({ range }) => inRange(day, range));
    for (const range of query.ranges) {
      const lines = this.costLines(range, keys);
      const breakdowns = dimensions.map((dimension) => this.costBreakdownLines(range, keys, dimension, query.cellTagKey));
      if (this.#billed) {
        for (const line of lines) for (const b of billedFor(line.day)) b.lines++;
        breakdowns.forEach((bLines, d) => {
          for (const line of bLines) for (const b of billedFor(line.day)) b.breakdowns[d]!++;
        });
      } else {
        bill(lines.length, breakdowns.map((b) => b.length));
      }
      yield { lines };
      for (const breakdownLines of breakdowns) yield { breakdownLines };
      const totals = new Map<Day, { costMicroUsd: number; estimated: boolean }>();
      for (const line of lines) {
        const t = totals.get(line.day) ?? { costMicroUsd: 0, estimated: line.estimated };
        t.costMicroUsd += line.costMicroUsd;
        totals.set(line.day, t);
      }
      yield { totals: [...totals].map(([day, t]) => ({ day, ...t })) };
    }
    for (const b of billed) bill(b.lines, b.breakdowns);
  }

  /** Cost lines of a range, grouped by the given tag keys. */
  costLines(range: DayRange, keys: readonly string[]): CostLine[] {
    const today = toDay(this.options.now());
    // Cost Explorer has nothing for today yet; the last complete days are estimates.
    const last = range.to < today ? range.to : addDays(today, -1);
    const lines = new Map<string, CostLine>();
    for (const day of range.from <= last ? eachDay(range.from, last) : []) {
      for (const resource of DEMO_RESOURCES) {
        const tags = Object.fromEntries(keys.map((k) => [k, resource.tags[k] ?? ""]));
        const key = `${day}|${JSON.stringify(tags)}`;
        const line = lines.get(key) ?? { day, tags, costMicroUsd: 0, estimated: day >= addDays(today, -ESTIMATED_DAYS) };
        line.costMicroUsd += usdToMicro(this.#resourceCostUsd(resource, day, today));
        lines.set(key, line);
      }
    }
    return [...lines.values()];
  }

  /**
   * The same cost, grouped by the rule keys and one breakdown: the AWS service each
   * resource bills under, its region, its account, or its value of a tag key.
   */
  costBreakdownLines(range: DayRange, keys: readonly string[], dimension: BreakdownDimension, cellTagKey = "cell"): CostBreakdownLine[] {
    const today = toDay(this.options.now());
    const last = range.to < today ? range.to : addDays(today, -1);
    const lines = new Map<string, CostBreakdownLine>();
    const add = (day: Day, tags: Record<string, string>, value: string, usd: number) => {
      const key = `${day}|${JSON.stringify(tags)}|${value}`;
      const line = lines.get(key) ?? { day, tags, dimension, value, costMicroUsd: 0, estimated: day >= addDays(today, -ESTIMATED_DAYS) };
      line.costMicroUsd += usdToMicro(usd);
      lines.set(key, line);
    };
    const tagKey = dimension === "cell" ? cellTagKey : tagKeyOf(dimension);
    for (const day of range.from <= last ? eachDay(range.from, last) : []) {
      for (const resource of DEMO_RESOURCES) {
        const tags = Object.fromEntries(keys.map((k) => [k, resource.tags[k] ?? ""]));
        const usd = this.#resourceCostUsd(resource, day, today);
        if (dimension === "awsService") {
          // The one-day burst is data transfer out: its extra cost is billed as such.
          const burst = resource.service?.name === SCENARIOS.spike.service ? eventFactor(resource.service, day, today) : 1;
          add(day, tags, awsServiceOf(resource.type), usd / burst);
          if (burst !== 1) add(day, tags, DATA_TRANSFER_SERVICE, usd - usd / burst);
        } else add(day, tags, dimension === "region" ? resource.region : dimension === "account" ? resource.accountId : (resource.tags[tagKey as string] ?? ""), usd);
      }
    }
    return [...lines.values()].filter((l) => l.costMicroUsd !== 0);
  }

  /** The demo knows every resource's cost: each one's, day by day (what Cost Explorer gives only for EC2 instances, when enabled). */
  async resourceCosts(range: DayRange): Promise<ResourceCostAnswer> {
    const today = toDay(this.options.now());
    const last = range.to < today ? range.to : addDays(today, -1);
    const lines: ResourceCostLine[] = [];
    for (const day of range.from <= last ? eachDay(range.from, last) : []) {
      for (const resource of DEMO_RESOURCES) {
        const costMicroUsd = usdToMicro(this.#resourceCostUsd(resource, day, today));
        if (costMicroUsd !== 0) lines.push({ day, resource: resource.arn, costMicroUsd });
      }
    }
    return { lines };
  }

  async *resourceMetrics(groups: AsyncIterable<MetricGroup> | Iterable<MetricGroup>, window: MetricWindow): AsyncIterable<MetricGroupResult> {
    // Packed into calls of up to 500 queries, as the AWS source does.
    let asked = 0;
    for await (const group of groups) {
      const resources: DemoResource[] = [];
      const wanted = new Map<string, readonly MetricKind[]>();
      for (const request of group.requests) {
        const resource = this.#byArn.get(request.resource.arn);
        if (!resource) continue;
        resources.push(resource);
        wanted.set(resource.arn, request.kinds);
      }
      const series = demoResourceSeries(resources, window.start, window.end, window.periodSeconds, this.options.seed, this.options.now(), wanted);
      const queries = resources.reduce((n, r) => n + demoKinds(r, wanted.get(r.arn)).length, 0);
      const calls = Math.ceil((asked + queries) / CW_QUERIES_PER_CALL) - Math.ceil(asked / CW_QUERIES_PER_CALL);
      asked += queries;
      if (this.#billsMetrics()) this.#meter.add("cloudwatch:GetMetricData", { calls, metricsRequested: queries });
      yield { key: group.key, series };
    }
  }

  async getCustomMetric(ref: CloudWatchMetricRef, window: MetricWindow): Promise<MetricPoint[]> {
    if (this.#billsMetrics()) this.#meter.record("cloudwatch:GetMetricData", { ok: true, attempts: 1, metricsRequested: 1 });
    if (ref.namespace !== DEMO_NAMESPACE) return [];
    const { seed } = this.options;
    const now = this.options.now();
    const checkout = demoService("checkout");
    const web = demoService("web");
    if (!checkout || !web) return [];
    const periodMs = window.periodSeconds * 1000;
    const points: MetricPoint[] = [];
    const first = Math.floor(window.start.getTime() / periodMs) * periodMs;
    for (let t = first; t < Math.min(window.end.getTime(), now.getTime()); t += periodMs) {
      const t0 = new Date(t);
      const t1 = new Date(t + periodMs);
      const day = toDay(t0);
      const orders = requestsBetween(seed, checkout, null, t0, t1, now) * ORDERS_PER_CHECKOUT_CALL * jitter(0.03, seed, "orders", day);
      let value: number;
      switch (ref.metricName) {
        case "OrdersPlaced":
          value = Math.round(orders);
          break;
        case "RevenueUSD":
          value = Math.round(orders * AVERAGE_ORDER_USD * jitter(0.05, seed, "aov", day) * 100) / 100;
          break;
        case "ActiveUsers":
          value = Math.round((requestsBetween(seed, web, null, t0, t1, now) / REQUESTS_PER_ACTIVE_USER) * jitter(0.02, seed, "dau", day));
          break;
        default:
          return [];
      }
      points.push({ ts: t0, value });
    }
    return points;
  }

  async *operations(services: string[], range: DayRange): AsyncIterable<OperationChunk> {
    if (this.#billsMetrics()) this.#meter.record("cloudwatch:ListMetrics", ok);
    const now = this.options.now();
    const instrumented = services.filter((s) => DEMO_OPERATIONS[s]);
    if (instrumented.length === 0) return;
    const last = range.to < toDay(now) ? range.to : toDay(now);
    const days = range.from <= last ? eachDay(range.from, last) : [];
    // Four metrics per operation (requests, mean latency, faults, errors), one call per 500.
    const metrics = instrumented.reduce((n, s) => n + (DEMO_OPERATIONS[s]?.length ?? 0) * 4, 0);
    if (this.#billsMetrics()) this.#meter.record("cloudwatch:GetMetricData", { ok: true, attempts: 1, metricsRequested: metrics });
    for (const day of days) yield { operations: instrumented.flatMap((s) => demoOperationDays(s, day, this.options.seed, now)) };
  }

  usage(): SourceUsage {
    return this.#meter.usage();
  }

  billAs(plan: BilledPlan | null): void {
    this.#billed = plan;
  }

  #billsMetrics(): boolean {
    return this.#billed?.traffic ?? true;
  }

  #resourceCostUsd(resource: DemoResource, day: Day, today: Day): number {
    const { seed } = this.options;
    if (resource.shared) return resource.shared.usdPerDay * jitter(0.03, seed, "shared", resource.name, day);
    const service = resource.service;
    if (!service) return 0;
    return serviceCostUsd(seed, service, day, today) * resource.costShare * cellShare(resource.cell);
  }
}
