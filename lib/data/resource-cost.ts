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

export async function getResourceCosts(db: Db, accountId: number, resourceIds: readonly number[], today: Day): Promise<ResourceCosts> {
  const [rows, account] = await Promise.all([
    resourceIds.length ? db.resourceCostDay.groupBy({ by: ["resourceId"], where: { resourceId: { in: [...resourceIds] }, day: { gte: addDays(today, -RESOURCE_COST_DAYS), lt: today } }, _sum: { costMicroUsd: true } }) : [],
    db.cloudAccount.findUnique({ where: { id: accountId }, select: { resourceCostNote: true } }),
  ]);
  return { byResource: new Map(rows.map((r) => [r.resourceId, num(r._sum.costMicroUsd)])), note: account?.resourceCostNote ?? null, days: RESOURCE_COST_DAYS };
}
