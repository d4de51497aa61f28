// Picks the Prisma driver adapter from DATABASE_URL. SQLite (better-sqlite3) is the
// embedded default; a PostgreSQL adapter slots in here (see README, "Storage").
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { env, sqlitePath } from "../env";

/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

export function createAdapterFactory(url: string = env.DATABASE_URL): SqlMigrationAwareDriverAdapterFactory {
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaBetterSqlite3({ url: file, timeout: BUSY_TIMEOUT_MS }, { shadowDatabaseUrl: ":memory:" });
}
