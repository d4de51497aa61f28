// Many rows in one INSERT: Prisma's createMany spends most of its time compiling
// the query, 550-760 ms for 4,000 rows on SQLite here (and much memory); multi-row
// INSERTs of 500 rows take 42-72 ms. The sync, the samples and metric imports write
// their new rows this way.
//
// On PostgreSQL the rows go as one JSON parameter that the server turns into the
// table's rows (json_populate_recordset): 21,168 samples 2.0 s → 1.3 s here, and a
// 1,000-service sync 18.0–19.7 s → 16.2–16.4 s, against thousands of bound
// parameters per statement that each cost the client and the server their share.
import { dialectOf, Prisma } from "../db/client";

/** Rows per statement: with a dozen columns, well under SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_STATEMENT = 500;
/** Rows per statement on PostgreSQL, where they are one parameter: a few MB of JSON at most. */
const ROWS_PER_JSON_STATEMENT = 5_000;

/**
 * A timestamp in the text form Prisma itself writes on SQLite, so that its own
 * queries and unique keys see the same value. (A PostgreSQL flavour binds the Date.)
 */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

type Value = string | number | bigint | boolean | null;

/** Inserts rows given as value lists in the order of `columns`. Table and column names are Frugal's own constants, never input. */
export async function bulkInsert(tx: Prisma.TransactionClient, table: string, columns: readonly string[], rows: readonly Value[][]): Promise<number> {
  if (dialectOf(tx) === "postgres") return insertAsJson(tx, table, columns, rows);
  const head = Prisma.raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `);
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => Prisma.sql`(${Prisma.join(row)})`);
    await tx.$executeRaw`${head}${Prisma.join(values)}`;
  }
  return rows.length;
}

/**
 * Each value keeps its column's type: the table's row type reads the JSON (a timestamp from
 * sqlTimestamp's text, as a bound parameter would be read; a bigint from its digits).
 */
async function insertAsJson(tx: Prisma.TransactionClient, table: string, columns: readonly string[], rows: readonly Value[][]): Promise<number> {
  const list = columns.map((c) => `"${c}"`).join(", ");
  const head = Prisma.raw(`INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", `);
  for (let i = 0; i < rows.length; i += ROWS_PER_JSON_STATEMENT) {
    const records = rows.slice(i, i + ROWS_PER_JSON_STATEMENT).map((row) => Object.fromEntries(columns.map((c, j) => [c, typeof row[j] === "bigint" ? String(row[j]) : row[j]])));
    await tx.$executeRaw`${head}${JSON.stringify(records)}::json)`;
  }
  return rows.length;
}

/** Rows given as records: each one's `columns`, in that order. */
export function insertRecords<K extends string>(tx: Prisma.TransactionClient, table: string, columns: readonly K[], rows: readonly Record<K, Value>[]): Promise<number> {
  return bulkInsert(tx, table, columns, rows.map((row) => columns.map((c) => row[c])));
}
