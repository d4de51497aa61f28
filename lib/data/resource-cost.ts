// What each resource cost over the last 14 days, where the source has it (the
// sync's ResourceCostDay), and why not when it has none.
import type { Db } from "../db/client";
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

/** The sums read (or being read, beside the note), with the account's reason for having none. */
export async function resourceCostsOf(db: Db, accountId: number, sums: Map<number, number> | Promise<Map<number, number>>): Promise<ResourceCosts> {
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
