// The built-in demo account behind the Source interface. Deterministic: the
// same seed and the same "now" give the same numbers, day after day.
import { addDays, eachDay, toDay, type Day } from "../../domain/day";
import type { MetricPoint, ResourceSeries } from "../../domain/metrics";
import { usdToMicro } from "../../domain/money";
import type { CloudWatchMetricRef, CostLine, CostQuery, MetricQuery, Source, SourceResource, SourceUsage } from "../types";
import { DEMO_NAMESPACE } from "./catalog";
import { demoResourceSeries, demoService } from "./metrics";
import { cellShare, requestsBetween, serviceCostUsd } from "./model";
import { jitter } from "./random";
import { DEMO_RESOURCES, type DemoResource } from "./resources";

/** Cost Explorer's days are final after about two days; until then they are estimates. */
const ESTIMATED_DAYS = 2;
/** What the same calls would cost on AWS: $0.01 a Cost Explorer request, $0.01 per 1,000 CloudWatch metrics; tagging is free. */
const CE_REQUEST_MICRO_USD = 10_000;
const CW_METRIC_MICRO_USD = 10;
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

export class DemoSource implements Source {
  readonly kind = "demo" as const;
  #usage: SourceUsage = { apiCallCount: 0, apiCostMicroUsd: 0 };

  constructor(private readonly options: DemoSourceOptions) {}

  async listResources(): Promise<SourceResource[]> {
    this.#count(Math.ceil(DEMO_RESOURCES.length / TAGGING_RESOURCES_PER_PAGE), 0);
    return DEMO_RESOURCES.map(({ arn, name, type, region, tags }) => ({ arn, name, type, region, tags: { ...tags } }));
  }

  async getDailyCost(query: CostQuery): Promise<CostLine[]> {
    const today = toDay(this.options.now());
    // Cost Explorer has nothing for today yet; the last complete days are estimates.
    const last = query.to < today ? query.to : addDays(today, -1);
    const lines = new Map<string, CostLine>();
    for (const day of query.from <= last ? eachDay(query.from, last) : []) {
      for (const resource of DEMO_RESOURCES) {
        const tags = Object.fromEntries(query.groupByTagKeys.map((k) => [k, resource.tags[k] ?? ""]));
        const key = `${day}|${JSON.stringify(tags)}`;
        const line = lines.get(key) ?? { day, tags, costMicroUsd: 0, estimated: day >= addDays(today, -ESTIMATED_DAYS) };
        line.costMicroUsd += usdToMicro(this.#resourceCostUsd(resource, day, today));
        lines.set(key, line);
      }
    }
    const pages = Math.max(1, Math.ceil(lines.size / CE_GROUPS_PER_PAGE));
    this.#count(pages, pages * CE_REQUEST_MICRO_USD);
    return [...lines.values()];
  }

  async getResourceMetrics(query: MetricQuery): Promise<ResourceSeries[]> {
    const wanted = new Set(query.resources.map((r) => r.arn));
    const resources = DEMO_RESOURCES.filter((r) => wanted.has(r.arn));
    const series = demoResourceSeries(resources, query.start, query.end, query.periodSeconds, this.options.seed, this.options.now());
    this.#count(Math.max(1, Math.ceil(series.length / CW_QUERIES_PER_CALL)), series.length * CW_METRIC_MICRO_USD);
    return series;
  }

  async getCustomMetric(ref: CloudWatchMetricRef, query: Omit<MetricQuery, "resources">): Promise<MetricPoint[]> {
    this.#count(1, CW_METRIC_MICRO_USD);
    if (ref.namespace !== DEMO_NAMESPACE) return [];
    const { seed } = this.options;
    const now = this.options.now();
    const checkout = demoService("checkout");
    const web = demoService("web");
    if (!checkout || !web) return [];
    const periodMs = query.periodSeconds * 1000;
    const points: MetricPoint[] = [];
    const first = Math.floor(query.start.getTime() / periodMs) * periodMs;
    for (let t = first; t < Math.min(query.end.getTime(), now.getTime()); t += periodMs) {
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

  usage(): SourceUsage {
    return { ...this.#usage };
  }

  #resourceCostUsd(resource: DemoResource, day: Day, today: Day): number {
    const { seed } = this.options;
    if (resource.shared) return resource.shared.usdPerDay * jitter(0.03, seed, "shared", resource.name, day);
    const service = resource.service;
    if (!service) return 0;
    return serviceCostUsd(seed, service, day, today) * resource.costShare * cellShare(resource.cell);
  }

  #count(calls: number, costMicroUsd: number) {
    this.#usage.apiCallCount += calls;
    this.#usage.apiCostMicroUsd += costMicroUsd;
  }
}
