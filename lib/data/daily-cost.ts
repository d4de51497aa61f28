import type { Db } from "../db/client";
import type { DateRange } from "../domain/date-range";
import { eachDay, type Day } from "../domain/day";
import { anyTrue, num } from "./sql";

export const UNALLOCATED_SERIES = "unallocated";

export interface DailyCostSeries {
  /** Series names in stack order. */
  series: string[];
  /** A row for every day of the range; micro-dollars per series. */
  days: { day: Day; estimated: boolean; values: Record<string, number> }[];
}

function fill(range: DateRange, series: string[], rows: { day: string; key: string; costMicroUsd: bigint | number; estimated: boolean }[]): DailyCostSeries {
  const byDay = new Map(eachDay(range.from, range.to).map((day) => [day, { day, estimated: false, values: {} as Record<string, number> }]));
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    entry.values[row.key] = (entry.values[row.key] ?? 0) + num(row.costMicroUsd);
    entry.estimated ||= row.estimated;
  }
  return { series, days: [...byDay.values()] };
}

/** Daily cost of the account per application (by slug, from each one's daily sums), unallocated last. */
export async function getDailyCostByApplication(db: Db, accountId: number, range: DateRange): Promise<DailyCostSeries> {
  const [apps, own, unallocated] = await Promise.all([
    db.application.findMany({ where: { accountId }, orderBy: { slug: "asc" }, select: { id: true, slug: true } }),
    db.applicationCostDay.findMany({ where: { application: { accountId }, day: { gte: range.from, lte: range.to } }, select: { day: true, applicationId: true, costMicroUsd: true, estimated: true } }),
    db.$queryRaw<{ day: string; costMicroUsd: bigint | number; estimated: bigint | number | boolean }[]>`
      SELECT "day", SUM("costMicroUsd") AS "costMicroUsd", ${anyTrue('"estimated"')} AS "estimated"
      FROM "CostDay"
      WHERE "accountId" = ${accountId} AND "applicationId" IS NULL AND "day" >= ${range.from} AND "day" <= ${range.to}
      GROUP BY "day"`,
  ]);
  const slugOf = new Map(apps.map((a) => [a.id, a.slug]));
  const keyed = [
    ...own.map((r) => ({ day: r.day, costMicroUsd: r.costMicroUsd, estimated: r.estimated, key: slugOf.get(r.applicationId) ?? UNALLOCATED_SERIES })),
    ...unallocated.map((r) => ({ day: r.day, costMicroUsd: r.costMicroUsd, estimated: num(r.estimated) === 1, key: UNALLOCATED_SERIES })),
  ];
  return fill(range, [...apps.map((a) => a.slug), UNALLOCATED_SERIES], keyed);
}
