// Picks the Prisma driver adapter from DATABASE_URL. SQLite (better-sqlite3) is the
// embedded default; a PostgreSQL adapter slots in here (see README, "Storage").
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { env, sqlitePath } from "../env";

/**
 * How long a connection waits for another process's write lock before giving up
 * (SQLITE_BUSY). Longer than any write Frugal makes lasts: a command or a request
 * waits its turn rather than failing because a sync is writing.
 */
export const BUSY_TIMEOUT_MS = 30_000;

/**
 * The file holds password hashes, session tokens and webhook URLs: readable by its
 * owner only, in a folder only its owner can list. SQLite gives the -wal and -shm
 * files the database file's mode.
 */
export function restrictDatabaseFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, "", { mode: 0o600, flag: "wx" });
  } catch {
    // it exists
  }
  for (const suffix of ["", "-wal", "-shm"]) {
    try {
      if ((fs.statSync(file + suffix).mode & 0o077) !== 0) fs.chmodSync(file + suffix, 0o600);
    } catch {
      // not there, or not ours to change
    }
  }
}

/**
 * Transactions start with BEGIN IMMEDIATE: they take the write lock first, waiting
 * up to the busy timeout for it. With the adapter's plain (deferred) BEGIN, a
 * transaction that read before writing failed at once with SQLITE_BUSY ("Operation
 * has timed out") whenever another process had written in between, whatever the
 * busy timeout.
 */
function immediateTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const client = (adapter as unknown as { client?: { prepare: (sql: string) => unknown } }).client;
  if (client && typeof client.prepare === "function") {
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
  }
  return adapter;
}

export function createAdapterFactory(url: string = env.DATABASE_URL): SqlMigrationAwareDriverAdapterFactory {
  const file = sqlitePath(url);
  restrictDatabaseFile(file);
  const factory = new PrismaBetterSqlite3({ url: file, timeout: BUSY_TIMEOUT_MS }, { shadowDatabaseUrl: ":memory:" });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => immediateTransactions(await factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}
