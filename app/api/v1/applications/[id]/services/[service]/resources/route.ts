import { csvResponse } from "@/lib/api/csv";
import { formatQuery, resolveService, serviceParams, usd } from "@/lib/api/query";
import { apiRoute } from "@/lib/auth/api-route";
import { toDay } from "@/lib/domain/day";
import { getServiceResources } from "@/lib/data/service-resources";

/** Every resource tagged with the service, by type and name, with its cost over the last 14 complete days (null where the source has no figure). */
export const GET = apiRoute({
  permission: "dashboard:read",
  params: serviceParams,
  resolve: resolveService,
  query: formatQuery,
  handler: async ({ object: { app, service }, query, db }) => {
    const { resources, costs } = await getServiceResources(db, app.accountId, service.id, toDay(new Date()));
    const rows = resources.map((r) => {
      const cost = costs.byResource.get(r.id);
      return { arn: r.arn, name: r.name, type: r.type, region: r.region, cell: r.cell, costUsd: cost === undefined ? null : usd(cost) };
    });
    if (query.format === "csv") return csvResponse(`${app.slug}-${service.name}-resources.csv`, rows, ["name", "type", "cell", "region", "arn", "costUsd"]);
    return { application: { id: app.slug, name: app.name }, service: service.name, costDays: costs.days, costNote: costs.note, resources: rows };
  },
});
