import { csvResponse } from "@/lib/api/csv";
import { rangeOf, rangeQuery, resolveService, serviceParams, usd } from "@/lib/api/query";
import { apiRoute } from "@/lib/auth/api-route";
import { getServiceSeries } from "@/lib/data/economics-series";
import { getServiceOperations } from "@/lib/data/service-operations";

/** One service, day by day: own cost, share of the pool, requests, cost per 1M requests; and its operations (Application Signals) with their share of the cost. */
export const GET = apiRoute({
  permission: "dashboard:read",
  params: serviceParams,
  resolve: resolveService,
  query: rangeQuery,
  handler: async ({ object: { app, service }, query, db }) => {
    const range = rangeOf(query);
    const days = (await getServiceSeries(db, service.id, range)).map((d) => ({
      date: d.day,
      costUsd: d.hasCost ? usd(d.ownCostMicroUsd + d.sharedCostMicroUsd) : null,
      ownCostUsd: d.hasCost ? usd(d.ownCostMicroUsd) : null,
      sharedCostUsd: d.hasCost ? usd(d.sharedCostMicroUsd) : null,
      requestCount: d.requestCount,
      costPerMillionRequestsUsd: d.hasCost ? usd(d.costPerMillionMicroUsd) : null,
      estimated: d.estimated,
    }));
    if (query.format === "csv") {
      return csvResponse(`${app.slug}-${service.name}-${range.from}-${range.to}.csv`, days, ["date", "costUsd", "ownCostUsd", "sharedCostUsd", "requestCount", "costPerMillionRequestsUsd", "estimated"]);
    }
    const ops = await getServiceOperations(db, service.id, range.from, range.to);
    const operations = {
      method: "The service's cost each day split over its operations by busy time (requests × mean latency); an estimate.",
      coveredCostUsd: usd(ops.coveredMicroUsd),
      uncoveredCostUsd: usd(ops.uncoveredMicroUsd),
      items: ops.operations.map((o) => ({
        operation: o.operation,
        requestCount: o.requestCount,
        faultCount: o.faultCount,
        errorCount: o.errorCount,
        latencyAvgMs: o.latencyAvgMs === null ? null : Math.round(o.latencyAvgMs * 10) / 10,
        busyShare: Math.round(o.busyShare * 1e6) / 1e6,
        costUsd: usd(o.costMicroUsd),
        costPerMillionRequestsUsd: usd(o.costPerMillionMicroUsd),
      })),
    };
    return { application: { id: app.slug, name: app.name }, service: service.name, range, days, operations };
  },
});
