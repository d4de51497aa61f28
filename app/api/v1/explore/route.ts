import { csvResponse } from "@/lib/api/csv";
import { apiRoute } from "@/lib/auth/api-route";
import { requireAccountId } from "@/lib/data/account-id";
import { runExplore } from "@/lib/data/explore";
import { toDay } from "@/lib/domain/day";
import { bucketValue, ExploreQueryError, parseExploreQuery, type Params } from "@/lib/domain/explore";
import { BadRequestError } from "@/lib/errors";

const usd = (micro: number | null) => (micro === null ? null : Math.round(micro) / 1e6);
const ratio = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);

/** Repeated parameters (f=…&f=…) kept as lists. */
function paramsOf(url: string): Params {
  const out: Params = {};
  for (const [key, value] of new URL(url).searchParams) {
    const seen = out[key];
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

/**
 * Explore over the API: the same parameters as the page (measure, group, granularity,
 * range or from/to, compare, f and x filters), answering JSON or, with format=csv,
 * the table the page shows. A read token sees its own application only.
 */
export const GET = apiRoute({
  permission: "dashboard:read",
  handler: async ({ request, principal, db }) => {
    const params = paramsOf(request.url);
    const accountId = await requireAccountId(db);
    let query;
    try {
      query = parseExploreQuery(params, toDay(new Date()));
      if (principal.kind === "token") {
        const app = await db.application.findUniqueOrThrow({ where: { id: principal.applicationId }, select: { slug: true } });
        query = { ...query, filters: [...query.filters.filter((f) => f.dimension !== "application" || f.exclude), { dimension: "application" as const, value: app.slug, exclude: false }] };
      }
      const result = await runExplore(db, accountId, query);
      const { view, labels } = result;
      // Every measure is dollars: a day's cost, per 1M requests, or per business unit.
      const value = usd;
      const groups = view.groups.map((g) => ({
        key: g.key,
        label: labels[g.key] ?? g.key,
        costUsd: usd(g.totalCostMicroUsd),
        requests: g.totalRequests,
        valueUsd: value(g.value),
        compareValueUsd: value(g.compareValue),
        change: ratio(g.change),
        share: ratio(g.share),
        points: view.buckets.map((b, i) => ({ date: b, valueUsd: value(bucketValue(query!, g, i, result.units, b)) })),
      }));
      if (params.format === "csv") {
        return csvResponse(
          `explore-${query.group}-${query.range.from}-${query.range.to}.csv`,
          [...groups, { key: "total", label: "Total", costUsd: usd(view.total.totalCostMicroUsd), requests: view.total.totalRequests, valueUsd: value(view.total.value), compareValueUsd: value(view.total.compareValue), change: ratio(view.total.change), share: 1 }],
          ["key", "label", "costUsd", "requests", "valueUsd", "compareValueUsd", "change", "share"],
        );
      }
      return {
        query: { measure: query.measure, group: query.group, granularity: query.granularity, range: query.range, compare: query.compare, comparisonRange: view.comparisonRange, filters: query.filters },
        unit: result.unit,
        buckets: view.buckets,
        groups,
        total: { costUsd: usd(view.total.totalCostMicroUsd), requests: view.total.totalRequests, valueUsd: value(view.total.value), compareValueUsd: value(view.total.compareValue), change: ratio(view.total.change) },
        comparison: view.compareBuckets.map((b, i) => ({ date: b, valueUsd: value(view.compareSeries[i] ?? null) })),
        // Month to date in cost: the month's projection (spent so far plus the days left at the last week's rate).
        forecast: result.forecast && { month: result.forecast.month, projectedUsd: usd(result.forecast.projectedMicroUsd), lowUsd: usd(result.forecast.lowMicroUsd), highUsd: usd(result.forecast.highMicroUsd), toDateUsd: usd(result.forecast.toDateMicroUsd), daysLeft: result.forecast.daysLeft },
      };
    } catch (error) {
      if (error instanceof ExploreQueryError) throw new BadRequestError(error.message);
      throw error;
    }
  },
});
