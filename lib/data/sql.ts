/** SQLite hands back integers as bigint (safe-integer mode); everything above lib/data works with numbers. */
export function num(value: bigint | number | string | boolean | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === "bigint" ? Number(value) : Number(value);
  if (!Number.isFinite(n)) throw new Error(`Not a number from the database: ${String(value)}`);
  return n;
}
