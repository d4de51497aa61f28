import { Prisma, type Db } from "../db/client";
import type { DateRange } from "../domain/date-range";
import { eachDay, type Day } from "../domain/day";
import { topResourcesByCost, type ResourceCosts } from "./resource-cost";
import { num } from "./sql";

export interface UnallocatedResource {
  id: number;
  arn: string;
  name: string;
  type: string;
  region: string;
  tags: Record<string, string>;
}

export async function getUnallocatedResources(db: Db, accountId: number): Promise<UnallocatedResource[]> {
  const rows = await db.resource.findMany({
    where: { accountId, applicationId: null, goneSince: null },
    orderBy: [{ type: "asc" }, { name: "asc" }],
  });
  return rows.map(unallocated);
}

function unallocated(r: { id: number; arn: string; name: string; type: string; region: string; tags: unknown }): UnallocatedResource {
  return { id: r.id, arn: r.arn, name: r.name, type: r.type, region: r.region, tags: (r.tags ?? {}) as Record<string, string> };
}

export interface UnallocatedTop {
  /** Every resource no rule selects. */
  total: number;
  /** The costliest of them over the last 14 complete days, then those without a figure, by type and name. */
  resources: UnallocatedResource[];
  costs: ResourceCosts;
}

/** What the unallocated page lists: an account that has not tagged yet may have thousands of resources no rule selects. */
export async function getUnallocatedTop(db: Db, accountId: number, today: Day, limit: number): Promise<UnallocatedTop> {
  const where = Prisma.sql`r."accountId" = ${accountId} AND r."applicationId" IS NULL AND r."goneSince" IS NULL`;
  const { total, rows, costs } = await topResourcesByCost(db, accountId, where, today, limit, (ids) => db.resource.findMany({ where: { id: { in: ids } } }));
  return { total, resources: rows.map(unallocated), costs };
}

export interface CoverageDay {
  day: Day;
  unallocatedMicroUsd: number;
  totalMicroUsd: number;
}

/** Daily unallocated and total cost, a row for every day of the range. */
export async function getUnallocatedDaily(db: Db, accountId: number, range: DateRange): Promise<CoverageDay[]> {
  const rows = await db.$queryRaw<{ day: string; unallocated: bigint | number | null; total: bigint | number | null }[]>`
    SELECT "day",
           SUM(CASE WHEN "applicationId" IS NULL THEN "costMicroUsd" ELSE 0 END) AS "unallocated",
           SUM("costMicroUsd") AS "total"
    FROM "CostDay"
    WHERE "accountId" = ${accountId} AND "day" >= ${range.from} AND "day" <= ${range.to}
    GROUP BY "day"`;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return eachDay(range.from, range.to).map((day) => ({
    day,
    unallocatedMicroUsd: num(byDay.get(day)?.unallocated),
    totalMicroUsd: num(byDay.get(day)?.total),
  }));
}
