// What each resource cost over the last 14 days, where the source has it (the
// sync's ResourceCostDay), and why not when it has none.
import { Prisma, type Db } from "../db/client";
import { addDays, type Day } from "../domain/day";
import { RESOURCE_COST_DAYS } from "../sources/types";
import { num } from "./sql";

export interface ResourceCosts {
  /** Micro-dollars over the last 14 complete days, per resource id; a resource absent here has no figure. */
  byResource: Map<number, number>;
  /** Why there is no cost per resource (not enabled, not permitted), or null. */
  note: string | null;
  days: number;
}

/** The days a resource's cost is summed over: from `from`, before `before` (today, which has no figure yet). */
export function resourceCostDays(today: Day): { from: Day; before: Day } {
  return { from: addDays(today, -RESOURCE_COST_DAYS), before: today };
}

/** The sums, read beside the account's reason for having none. */
async function resourceCostsOf(db: Db, accountId: number, sums: Promise<Map<number, number>>): Promise<ResourceCosts> {
  const [byResource, account] = await Promise.all([sums, db.cloudAccount.findUnique({ where: { id: accountId }, select: { resourceCostNote: true } })]);
  return { byResource, note: account?.resourceCostNote ?? null, days: RESOURCE_COST_DAYS };
}

/**
 * Ids per query: Prisma does not split a grouped query's id list, and refuses one past the
 * database's bound parameters (999 on SQLite), which a service with a thousand resources passes.
 */
const IDS_PER_QUERY = 500;

export async function getResourceCosts(db: Db, accountId: number, resourceIds: readonly number[], today: Day): Promise<ResourceCosts> {
  const days = resourceCostDays(today);
  const sums = async () => {
    const byResource = new Map<number, number>();
    for (let i = 0; i < resourceIds.length; i += IDS_PER_QUERY) {
      const rows = await db.resourceCostDay.groupBy({ by: ["resourceId"], where: { resourceId: { in: resourceIds.slice(i, i + IDS_PER_QUERY) }, day: { gte: days.from, lt: days.before } }, _sum: { costMicroUsd: true } });
      for (const r of rows) byResource.set(r.resourceId, num(r._sum.costMicroUsd));
    }
    return byResource;
  };
  return resourceCostsOf(db, accountId, sums());
}

export interface TopResources<R> {
  /** Every resource the condition selects. */
  total: number;
  /** The first `limit` of them: costliest over the window first, then those without a figure by type and name. */
  rows: R[];
  /** Their figures, for the cost column. */
  costs: ResourceCosts;
}

/**
 * Resources a page lists when there may be thousands (an account not tagged yet, a service of
 * many functions): the ones worth looking at first are those that cost the most. One query sums
 * each selected resource's cost over the window for it alone, orders, counts all (a window
 * count, taken before the cut) and cuts; `read` then fetches the rows for the ranked ids, and
 * the account's note is read beside it. `where` is a condition on `r`, the Resource row.
 */
export async function topResourcesByCost<R extends { id: number }>(db: Db, accountId: number, where: Prisma.Sql, today: Day, limit: number, read: (ids: number[]) => Promise<R[]>): Promise<TopResources<R>> {
  const days = resourceCostDays(today);
  const ranked = db.$queryRaw<{ id: number | bigint; cost: number | bigint | null; total: number | bigint }[]>`
    SELECT r."id", SUM(d."costMicroUsd") AS "cost", COUNT(*) OVER () AS "total"
    FROM "Resource" r
    LEFT JOIN "ResourceCostDay" d ON d."resourceId" = r."id" AND d."day" >= ${days.from} AND d."day" < ${days.before}
    WHERE ${where}
    GROUP BY r."id", r."type", r."name"
    ORDER BY CASE WHEN SUM(d."costMicroUsd") IS NULL THEN 1 ELSE 0 END, SUM(d."costMicroUsd") DESC, r."type", r."name", r."id"
    LIMIT ${limit}`;
  const ids = ranked.then((rows) => rows.map((r) => num(r.id)));
  const [top, byId, costs] = await Promise.all([
    ranked,
    ids.then(read).then((rows) => new Map(rows.map((r) => [r.id, r]))),
    resourceCostsOf(db, accountId, ranked.then((rows) => new Map(rows.filter((r) => r.cost !== null).map((r) => [num(r.id), num(r.cost)])))),
  ]);
  return {
    total: num(top[0]?.total),
    // A resource deleted between the two reads is left out.
    rows: top.flatMap((r) => byId.get(num(r.id)) ?? []),
    costs,
  };
}
