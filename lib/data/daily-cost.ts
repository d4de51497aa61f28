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

/** Daily cost of the account per application (by slug), unallocated last. */
export async function getDailyCostByApplication(db: Db, accountId: number, range: DateRange): Promise<DailyCostSeries> {
  const [rows, apps] = await Promise.all([
    db.$queryRaw<{ day: string; applicationId: number | null; costMicroUsd: bigint | number; estimated: bigint | number | boolean }[]>`
      SELECT "day", "applicationId", SUM("costMicroUsd") AS "costMicroUsd", ${anyTrue('"estimated"')} AS "estimated"
      FROM "CostDay"
      WHERE "accountId" = ${accountId} AND "day" >= ${range.from} AND "day" <= ${range.to}
      GROUP BY "day", "applicationId"`,
    db.application.findMany({ where: { accountId }, orderBy: { slug: "asc" }, select: { id: true, slug: true } }),
  ]);
  const slugOf = new Map(apps.map((a) => [a.id, a.slug]));
  const keyed = rows.map((r) => ({
    day: r.day,
    costMicroUsd: r.costMicroUsd,
    estimated: num(r.estimated) === 1,
    key: r.applicationId === null ? UNALLOCATED_SERIES : (slugOf.get(num(r.applicationId)) ?? UNALLOCATED_SERIES),
  }));
  return fill(range, [...apps.map((a) => a.slug), UNALLOCATED_SERIES], keyed);
}
