import { Prisma, type Db } from "../db/client";
/** SQLite hands back integers as bigint (safe-integer mode); everything above lib/data works with numbers. */
export function num(value: bigint | number | string | boolean | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === "bigint" ? Number(value) : Number(value);
  if (!Number.isFinite(n)) throw new Error(`Not a number from the database: ${String(value)}`);
  return n;
}

/**
 * An application's cost per day and whether any of it is still an estimate. Grouped by
 * day and estimate, then folded: PostgreSQL has no MAX of a boolean (SQLite stores 0/1).
 */
export async function dailyCostWithEstimate(db: Db, applicationId: number, range: { from: string; to: string }): Promise<{ day: string; costMicroUsd: number; estimated: boolean }[]> {
  const rows = await db.costDay.groupBy({ by: ["day", "estimated"], where: { applicationId, day: { gte: range.from, lte: range.to } }, _sum: { costMicroUsd: true }, orderBy: { day: "asc" } });
  const out: { day: string; costMicroUsd: number; estimated: boolean }[] = [];
  for (const r of rows) {
    const last = out.at(-1);
    if (last?.day === r.day) {
      last.costMicroUsd += num(r._sum.costMicroUsd);
      last.estimated ||= r.estimated;
    } else out.push({ day: r.day, costMicroUsd: num(r._sum.costMicroUsd), estimated: r.estimated });
  }
  return out;
}

/** `MAX` of a boolean column as 0 or 1, on SQLite and PostgreSQL alike. */
export const anyTrue = (column: string) => Prisma.raw(`MAX(CASE WHEN ${column} THEN 1 ELSE 0 END)`);
