import { z } from "zod";
import { csvResponse } from "@/lib/api/csv";
import { rangeOf, rangeQuery, resolveApplication, usd } from "@/lib/api/query";
import { apiRoute } from "@/lib/auth/api-route";
import { getServiceSeries } from "@/lib/data/economics-series";

/** One service, day by day: own cost, share of the pool, requests, cost per 1M requests. */
export const GET = apiRoute({
  permission: "dashboard:read",
  params: z.object({ id: z.string().min(1), service: z.string().min(1) }),
  resolve: async (ctx) => {
    const app = await resolveApplication(ctx);
    if (!app) return null;
    const service = await ctx.db.service.findUnique({ where: { applicationId_name: { applicationId: app.object.id, name: ctx.params.service } } });
    return service && { target: app.target, object: { app: app.object, service } };
  },
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
    return { application: { id: app.slug, name: app.name }, service: service.name, range, days };
  },
});
