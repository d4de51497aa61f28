// Frugal about itself: every AWS call a sync makes, per API, with what it costs.
// Only successful requests are billed (each page of a paginated answer is one);
// failed ones and the SDK's retries are counted apart, since they tell how hard
// AWS pushed back.
import type { ApiUsage, SourceUsage } from "./types";

/** What AWS charges, in micro-dollars. */
export const PRICE_MICRO_USD = {
  /** Cost Explorer: $0.01 per request, every page included. */
  costExplorerRequest: 10_000,
  /** GetMetricData: $0.01 per 1,000 metrics requested (each query with a MetricStat; math expressions are free). */
  metricRequested: 10,
  /** ListMetrics and the other CloudWatch requests: $0.01 per 1,000 requests. */
  cloudWatchRequest: 10,
} as const;

export type ApiName =
  | "ce:GetCostAndUsage"
  | "ce:GetCostForecast"
  | "ce:GetCostAndUsageWithResources"
  | "cloudwatch:GetMetricData"
  | "cloudwatch:ListMetrics"
  | "tag:GetResources"
  | "sts:GetCallerIdentity"
  | "sts:AssumeRole";

export function priceOf(api: ApiName, metricsRequested = 0): number {
  switch (api) {
    case "ce:GetCostAndUsage":
    case "ce:GetCostForecast":
    case "ce:GetCostAndUsageWithResources":
      return PRICE_MICRO_USD.costExplorerRequest;
    case "cloudwatch:GetMetricData":
      return metricsRequested * PRICE_MICRO_USD.metricRequested;
    case "cloudwatch:ListMetrics":
      return PRICE_MICRO_USD.cloudWatchRequest;
    default:
      return 0;
  }
}

export class Meter {
  readonly #byApi = new Map<ApiName, ApiUsage>();

  record(api: ApiName, outcome: { ok: boolean; attempts: number; metricsRequested?: number }): void {
    const usage = this.#byApi.get(api) ?? { api, calls: 0, failed: 0, retries: 0, metricsRequested: 0, costMicroUsd: 0 };
    if (outcome.ok) {
      usage.calls++;
      usage.metricsRequested += outcome.metricsRequested ?? 0;
      usage.costMicroUsd += priceOf(api, outcome.metricsRequested ?? 0);
    } else usage.failed++;
    usage.retries += Math.max(0, outcome.attempts - 1);
    this.#byApi.set(api, usage);
  }

  /** Calls counted without making them (the demo says what the same reads would cost on AWS). */
  add(api: ApiName, usage: { calls: number; metricsRequested?: number }): void {
    const u = this.#byApi.get(api) ?? { api, calls: 0, failed: 0, retries: 0, metricsRequested: 0, costMicroUsd: 0 };
    u.calls += usage.calls;
    u.metricsRequested += usage.metricsRequested ?? 0;
    u.costMicroUsd += api === "cloudwatch:GetMetricData" ? priceOf(api, usage.metricsRequested ?? 0) : usage.calls * priceOf(api);
    this.#byApi.set(api, u);
  }

  byApi(): ApiUsage[] {
    return [...this.#byApi.values()].map((u) => ({ ...u })).sort((a, b) => a.api.localeCompare(b.api));
  }

  usage(): SourceUsage {
    let apiCallCount = 0;
    let apiCostMicroUsd = 0;
    for (const u of this.#byApi.values()) {
      apiCallCount += u.calls;
      apiCostMicroUsd += u.costMicroUsd;
    }
    return { apiCallCount, apiCostMicroUsd, byApi: this.byApi() };
  }
}

/** The attempts the SDK made for a request (it retries on its own), from a result or an error. */
export function attemptsOf(value: unknown): number {
  const metadata = (value as { $metadata?: { attempts?: number } } | null)?.$metadata;
  return typeof metadata?.attempts === "number" && metadata.attempts > 0 ? metadata.attempts : 1;
}

/** Sends one request and records it, whatever happens. */
export async function metered<T>(meter: Meter, api: ApiName, send: () => Promise<T>, metricsRequested = 0): Promise<T> {
  try {
    const result = await send();
    meter.record(api, { ok: true, attempts: attemptsOf(result), metricsRequested });
    return result;
  } catch (error) {
    meter.record(api, { ok: false, attempts: attemptsOf(error) });
    throw error;
  }
}

/** What the run's calls were, per API: the source's usage now less what it was when the run began. */
export function usageSince(before: SourceUsage, after: SourceUsage): SourceUsage {
  const byApi: ApiUsage[] = after.byApi
    .map((a) => {
      const b = before.byApi.find((x) => x.api === a.api);
      return b ? { ...a, calls: a.calls - b.calls, failed: a.failed - b.failed, retries: a.retries - b.retries, metricsRequested: a.metricsRequested - b.metricsRequested, costMicroUsd: a.costMicroUsd - b.costMicroUsd } : a;
    })
    .filter((u) => u.calls || u.failed || u.retries);
  return { apiCallCount: after.apiCallCount - before.apiCallCount, apiCostMicroUsd: after.apiCostMicroUsd - before.apiCostMicroUsd, byApi };
}

/** A run's stored usage (SyncRun.apiUsage, JSON): its well-formed entries. */
export function storedUsage(value: unknown): ApiUsage[] {
  return Array.isArray(value) ? (value as ApiUsage[]).filter((u) => u && typeof u.api === "string") : [];
}

/** Adds runs' usage into totals per API. */
export function addUsage(totals: Map<string, ApiUsage>, usage: readonly ApiUsage[]): void {
  for (const u of usage) {
    const a = totals.get(u.api) ?? { api: u.api, calls: 0, failed: 0, retries: 0, metricsRequested: 0, costMicroUsd: 0 };
    a.calls += u.calls;
    a.failed += u.failed;
    a.retries += u.retries;
    a.metricsRequested += u.metricsRequested;
    a.costMicroUsd += u.costMicroUsd;
    totals.set(u.api, a);
  }
}
