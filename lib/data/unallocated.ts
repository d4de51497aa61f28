import type { Db } from "../db/client";
import type { DateRange } from "../domain/date-range";
import { eachDay, type Day } from "../domain/day";
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
  return rows.map((r) => ({ id: r.id, arn: r.arn, name: r.name, type: r.type, region: r.region, tags: (r.tags ?? {}) as Record<string, string> }));
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
