import { csvResponse } from "@/lib/api/csv";
import { rangeOf, rangeQuery, usd } from "@/lib/api/query";
import { apiRoute } from "@/lib/auth/api-route";
import { requireAccountId } from "@/lib/data/account-id";
import { getUnallocatedDaily, getUnallocatedResources } from "@/lib/data/unallocated";
import { ForbiddenError } from "@/lib/errors";

/** Cost that matches no application's tag rules, per day, and the resources behind it (CSV: the resources). */
export const GET = apiRoute({
  permission: "dashboard:read",
  query: rangeQuery,
  handler: async ({ principal, query, db }) => {
    // Account-wide: a token belongs to one application and sees nothing beyond it.
    if (principal.kind === "token") throw new ForbiddenError("Unallocated cost is account-wide; it needs a user session.");
    const accountId = await requireAccountId(db);
    const resources = (await getUnallocatedResources(db, accountId)).map((r) => ({ arn: r.arn, name: r.name, type: r.type, region: r.region, tags: Object.entries(r.tags).map(([k, v]) => `${k}=${v}`).join("; ") }));
    if (query.format === "csv") return csvResponse("unallocated-resources.csv", resources, ["name", "type", "region", "arn", "tags"]);
    const range = rangeOf(query);
    const days = await getUnallocatedDaily(db, accountId, range);
    return { range, days: days.map((d) => ({ date: d.day, unallocatedCostUsd: usd(d.unallocatedMicroUsd), totalCostUsd: usd(d.totalMicroUsd) })), resources };
  },
});
