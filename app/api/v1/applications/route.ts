import { csvResponse } from "@/lib/api/csv";
import { percent, rangeOf, rangeQuery, usd } from "@/lib/api/query";
import { apiRoute } from "@/lib/auth/api-route";
import { requireAccountId } from "@/lib/data/account-id";
import { getApplicationsOverview } from "@/lib/data/applications";

/** Every application's cost, requests and unit cost over a range; a read token sees its own application only. */
export const GET = apiRoute({
  permission: "dashboard:read",
  query: rangeQuery,
  handler: async ({ principal, query, db }) => {
    const range = rangeOf(query);
    const overview = await getApplicationsOverview(db, await requireAccountId(db), range);
    const visible = principal.kind === "token" ? overview.applications.filter((a) => a.id === principal.applicationId) : overview.applications;
    const applications = visible.map((a) => ({
      id: a.slug,
      name: a.name,
      costUsd: usd(a.costMicroUsd),
      previousCostUsd: usd(a.previousCostMicroUsd),
      changePercent: percent(a.change),
      requestCount: a.requestCount,
      costPerMillionRequestsUsd: usd(a.costPerMillionMicroUsd),
      serviceCount: a.serviceCount,
      tagCoverage: a.tagCoverage === null ? null : Math.round(a.tagCoverage * 10_000) / 10_000,
    }));
    if (query.format === "csv") {
      return csvResponse(`applications-${range.from}-${range.to}.csv`, applications, ["id", "name", "costUsd", "previousCostUsd", "changePercent", "requestCount", "costPerMillionRequestsUsd", "serviceCount", "tagCoverage"]);
    }
    const window = overview.window;
    return {
      range,
      costRange: window.costRange,
      lastCostDay: window.lastCostDay,
      applications,
      ...(principal.kind === "user"
        ? { totalCostUsd: usd(overview.totalMicroUsd), unallocatedCostUsd: usd(overview.unallocatedMicroUsd), tagCoverage: overview.tagCoverage === null ? null : Math.round(overview.tagCoverage * 10_000) / 10_000 }
        : {}),
    };
  },
});
