import { csvResponse } from "@/lib/api/csv";
import { applicationParams, ratio, rangeOf, rangeQuery, resolveApplication, usd } from "@/lib/api/query";
import { apiRoute } from "@/lib/auth/api-route";
import { costWindow } from "@/lib/data/cost-window";
import { getApplicationEconomics } from "@/lib/data/service-economics";
import { toDay } from "@/lib/domain/day";
import { SCALE_LABEL_TEXT } from "@/lib/domain/trends";

const COLUMNS = ["name", "costUsd", "ownCostUsd", "sharedCostUsd", "requestCount", "costPerMillionRequestsUsd", "previousCostUsd", "change", "previousCostPerMillionRequestsUsd", "costPerMillionChange", "errorRate5xx", "scaleSlope", "scale", "estimated"];

/** An application's services over a range: own cost, share of the shared pool, requests, unit cost and its change. */
export const GET = apiRoute({
  permission: "dashboard:read",
  params: applicationParams,
  resolve: resolveApplication,
  query: rangeQuery,
  handler: async ({ object: app, query, db }) => {
    const range = rangeOf(query);
    const now = new Date();
    const economics = await getApplicationEconomics(db, app.id, await costWindow(db, app.accountId, range), toDay(now));
    const services = economics.services.map((s) => ({
      name: s.name,
      costUsd: usd(s.costMicroUsd),
      ownCostUsd: usd(s.ownCostMicroUsd),
      sharedCostUsd: usd(s.sharedCostMicroUsd),
      requestCount: s.requestCount,
      costPerMillionRequestsUsd: usd(s.costPerMillionMicroUsd),
      previousCostUsd: usd(s.previousCostMicroUsd),
      change: ratio(s.change),
      previousCostPerMillionRequestsUsd: usd(s.previousCostPerMillionMicroUsd),
      costPerMillionChange: ratio(s.costPerMillionChange),
      errorRate5xx: s.errorRate === null ? null : Math.round(s.errorRate * 1e6) / 1e6,
      scaleSlope: s.scale ? Math.round(s.scale.slope * 1000) / 1000 : null,
      scale: s.scale ? SCALE_LABEL_TEXT[s.scale.label] : null,
      estimated: s.estimated,
    }));
    if (query.format === "csv") return csvResponse(`${app.slug}-services-${range.from}-${range.to}.csv`, services, COLUMNS);
    return {
      application: { id: app.slug, name: app.name },
      range,
      costRange: economics.window.costRange,
      totalCostUsd: usd(economics.totalCostMicroUsd),
      previousTotalCostUsd: usd(economics.previousTotalCostMicroUsd),
      sharedCostUsd: usd(economics.sharedCostMicroUsd),
      unassignedSharedCostUsd: usd(economics.unassignedSharedMicroUsd),
      requestCount: economics.requestCount,
      costPerMillionRequestsUsd: usd(economics.costPerMillionMicroUsd),
      estimated: economics.estimated,
      today: economics.today && { date: economics.today.day, requestCount: economics.today.requestCount, estimatedCostSoFarUsd: usd(economics.today.estimatedCostMicroUsd) },
      topMovers: economics.movers.map((m) => ({ name: m.name, costPerMillionRequestsUsd: usd(m.current), previousCostPerMillionRequestsUsd: usd(m.previous), change: ratio(m.change) })),
      services,
    };
  },
});
