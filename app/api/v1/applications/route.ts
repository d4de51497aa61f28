import { csvResponse } from "@/lib/api/csv";
import { rangeOf, rangeQuery, ratio, usd } from "@/lib/api/query";
import { apiRoute } from "@/lib/auth/api-route";
import { requireAccountId } from "@/lib/data/account-id";
import { getApplicationsOverview } from "@/lib/data/applications";
import { relativeChange } from "@/lib/domain/change";

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
      change: ratio(a.change),
      requestCount: a.requestCount,
      costPerMillionRequestsUsd: usd(a.costPerMillionMicroUsd),
      serviceCount: a.serviceCount,
      serviceTagCoverage: ratio(a.tagCoverage),
    }));
    if (query.format === "csv") {
      // With the unallocated line, the rows add up to the page's total (a token sees its application only).
      const rows =
        principal.kind === "user"
          ? [
              ...applications,
              { id: "unallocated", name: "Unallocated (matches no tag rule)", costUsd: usd(overview.unallocatedMicroUsd), previousCostUsd: usd(overview.previousUnallocatedMicroUsd), change: ratio(relativeChange(overview.unallocatedMicroUsd, overview.previousUnallocatedMicroUsd)), requestCount: null, costPerMillionRequestsUsd: null, serviceCount: null, serviceTagCoverage: null },
            ]
          : applications;
      return csvResponse(`applications-${range.from}-${range.to}.csv`, rows, ["id", "name", "costUsd", "previousCostUsd", "change", "requestCount", "costPerMillionRequestsUsd", "serviceCount", "serviceTagCoverage"]);
    }
    const window = overview.window;
    return {
      range,
      costRange: window.costRange,
      lastCostDay: window.lastCostDay,
      applications,
      ...(principal.kind === "user"
        ? { totalCostUsd: usd(overview.totalMicroUsd), unallocatedCostUsd: usd(overview.unallocatedMicroUsd), tagCoverage: ratio(overview.tagCoverage) }
        : {}),
    };
  },
});
