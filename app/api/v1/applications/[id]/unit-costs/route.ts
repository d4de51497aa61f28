import { z } from "zod";
import { csvResponse } from "@/lib/api/csv";
import { applicationParams, rangeOf, rangeQuery, resolveApplication, usd } from "@/lib/api/query";
import { apiRoute } from "@/lib/auth/api-route";
import { getUnitCosts, listMetrics } from "@/lib/data/business-metrics";
import { BadRequestError } from "@/lib/errors";

/** The application's cost per unit of a business metric (an order, an active user-day...), day by day. */
export const GET = apiRoute({
  permission: "dashboard:read",
  params: applicationParams,
  resolve: resolveApplication,
  query: rangeQuery.extend({
    metric: z.string().optional(),
    granularity: z.enum(["day"], { message: "granularity must be 'day'" }).default("day"),
  }),
  handler: async ({ object: app, query, db }) => {
    const range = rangeOf(query);
    const metrics = await listMetrics(db, app.id);
    const names = metrics.map((m) => m.name).join(", ") || "none yet";
    if (!query.metric) throw new BadRequestError(`Say which business metric: ?metric=<name>. ${app.name} has: ${names}.`, undefined, "MISSING_METRIC");
    const metric = metrics.find((m) => m.name === query.metric);
    if (!metric) throw new BadRequestError(`${app.name} has no business metric '${query.metric}'; it has: ${names}.`, undefined, "UNKNOWN_METRIC");
    const unitCosts = await getUnitCosts(db, app.id, metric, range, metrics);
    const points = unitCosts.days.map((d) => ({ date: d.day, costUsd: usd(d.costMicroUsd), value: d.value, unitCostUsd: usd(d.unitCostMicroUsd), estimated: d.estimated }));
    if (query.format === "csv") return csvResponse(`${app.slug}-cost-per-${metric.name}-${range.from}-${range.to}.csv`, points, ["date", "costUsd", "value", "unitCostUsd", "estimated"]);
    return {
      application: { id: app.slug, name: app.name },
      metric: { name: metric.name, unit: metric.unit, aggregation: metric.aggregation, perUnit: metric.aggregation === "mean" ? `${metric.unit}-day` : metric.unit },
      granularity: query.granularity,
      range,
      total: {
        costUsd: usd(unitCosts.total.costMicroUsd),
        value: unitCosts.total.value,
        unitCostUsd: usd(unitCosts.total.unitCostMicroUsd),
        days: unitCosts.total.days,
        costShareOfRevenue: unitCosts.total.shareOfRevenue === null ? null : Math.round(unitCosts.total.shareOfRevenue * 1e6) / 1e6,
      },
      points,
    };
  },
});
