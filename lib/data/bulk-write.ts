// Many rows in one INSERT or UPDATE, their values as one JSON parameter that the database
// turns into rows: SQLite's json_each, PostgreSQL's json_populate_recordset. Prisma's
// createMany spent most of its time compiling the query (550-760 ms for 4,000 rows on
// SQLite here, and much memory); multi-row INSERTs with a bound parameter per value
// cost the client and the server their share of thousands of parameters, and an UPDATE
// per changed row a statement and a round trip each. The sync, the samples and metric
// imports write this way; `npm run bench -- --only writes` times it (README, Benchmark:
// 18,883 changed samples 6.1–6.9 → 0.6 s on SQLite, 10.8–11.2 → 0.9–1.0 s on PostgreSQL).
import { dialectOf, Prisma } from "../db/client";

/** Rows per statement: a few MB of JSON at most. */
const ROWS_PER_STATEMENT = 5_000;

/**
 * A timestamp in the text form Prisma itself writes on SQLite, so that its own
 * queries and unique keys see the same value. (PostgreSQL reads the same text into
 * its timestamp column, as it would a bound parameter.)
 */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/**
 * A Json column's object or array (a resource's tags) lands as that JSON: the column's own type on
 * PostgreSQL, its text on SQLite. (A bare string would land on SQLite as the string, not its JSON.)
 */
type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
type Value = bigint | JsonValue;

const wellFormed = (s: string) => s.replace(/\p{Surrogate}/gu, "\ufffd");

/**
 * JSON has no bigint: its digits, which either database reads back into its integer column. A
 * lone surrogate in a string (half of a cut emoji), a JSON value's keys and strings included,
 * becomes U+FFFD: PostgreSQL refuses the escape JSON.stringify writes for it, and SQLite would
 * store bytes that are not UTF-8 (as a bound parameter did: read back as three U+FFFD).
 */
function jsonValue(v: Value): JsonValue {
  if (typeof v === "bigint") return String(v);
  if (typeof v === "string") return wellFormed(v);
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return (v as readonly JsonValue[]).map(jsonValue);
  return Object.fromEntries(Object.entries(v).map(([key, x]) => [wellFormed(key), jsonValue(x)]));
}

/**
 * One statement per 5,000 rows, `head`, then the rows as JSON, then `tail`. PostgreSQL gets
 * objects, typed by the table's own row type; SQLite arrays, each value taken by position (its
 * column's affinity does the rest, as for a bound parameter).
 */
async function inStatements(tx: Prisma.TransactionClient, postgres: boolean, columns: readonly string[], rows: readonly (readonly Value[])[], head: string, tail: string): Promise<number> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const json = JSON.stringify(postgres ? chunk.map((row) => Object.fromEntries(columns.map((c, j) => [c, jsonValue(row[j] ?? null)]))) : chunk.map((row) => row.map(jsonValue)));
    await tx.$executeRaw`${Prisma.raw(head)}${json}${Prisma.raw(tail)}`;
  }
  return rows.length;
}

/**
 * Inserts rows given as value lists in the order of `columns`. Table and column names are
 * Frugal's own constants, never input. Each value lands as a bound parameter would: a number
 * as the same double (SQLite's and PostgreSQL's JSON readers round-trip them exactly), a
 * boolean as the column's boolean (1/0 on SQLite), a bigint from its digits.
 */
export function bulkInsert(tx: Prisma.TransactionClient, table: string, columns: readonly string[], rows: readonly Value[][]): Promise<number> {
  const list = columns.map((c) => `"${c}"`).join(", ");
  return dialectOf(tx) === "postgres"
    ? inStatements(tx, true, columns, rows, `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", `, "::json)")
    : inStatements(tx, false, columns, rows, `INSERT INTO "${table}" (${list}) SELECT ${columns.map((_, j) => `value->>${j}`).join(", ")} FROM json_each(`, ")");
}

/** Rows given as records: each one's `columns`, in that order. */
export function insertRecords<K extends string>(tx: Prisma.TransactionClient, table: string, columns: readonly K[], rows: readonly Record<K, Value>[]): Promise<number> {
  return bulkInsert(tx, table, columns, rows.map((row) => columns.map((c) => row[c])));
}

/**
 * Sets `columns` of the rows with these ids, each row's values in the order of `columns`,
 * a statement per 5,000 rows instead of one per row (10,000 changed rows: one statement and
 * a round trip each took seconds). Values land as in bulkInsert; each row goes as its id, then its values.
 */
export function bulkUpdate(tx: Prisma.TransactionClient, table: string, columns: readonly string[], rows: readonly { id: number; values: readonly Value[] }[]): Promise<number> {
  const withIds = rows.map((row) => [row.id, ...row.values]);
  return dialectOf(tx) === "postgres"
    ? inStatements(tx, true, ["id", ...columns], withIds, `UPDATE "${table}" AS t SET ${columns.map((c) => `"${c}" = j."${c}"`).join(", ")} FROM json_populate_recordset(NULL::"${table}", `, `::json) AS j WHERE t."id" = j."id"`)
    : inStatements(tx, false, ["id", ...columns], withIds, `UPDATE "${table}" SET ${columns.map((c, j) => `"${c}" = j.value->>${j + 1}`).join(", ")} FROM json_each(`, `) AS j WHERE "${table}"."id" = j.value->>0`);
}

/** Rows that differ from what is stored (diffWrite's pairs): `columns` of each stored row set from its desired record. */
export function updateRecords<K extends string>(tx: Prisma.TransactionClient, table: string, columns: readonly K[], pairs: readonly (readonly [{ id: number }, Record<K, Value>])[]): Promise<number> {
  return bulkUpdate(tx, table, columns, pairs.map(([stored, desired]) => ({ id: stored.id, values: columns.map((c) => desired[c]) })));
}
