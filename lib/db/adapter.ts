// Picks the Prisma driver adapter from DATABASE_URL: SQLite (better-sqlite3), the
// embedded default, for file: URLs; PostgreSQL (node-postgres) for postgres:// ones
// (see README, "Storage").
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { parse } from "pg-connection-string";
import { databaseKind, env, sqlitePath } from "../env";

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
  if (databaseKind(url) === "postgres") return new PostgresFactory(url);
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

/** Connections per process to PostgreSQL (each instance runs a web and a worker process). */
export const POSTGRES_POOL_SIZE = 10;

/**
 * PostgreSQL through node-postgres, with what the WebAssembly schema engine needs
 * (../shared/notes/offline-setup.md, pitfalls 4-6): the shadow database of a diff is a
 * temporary database on the same server (the role needs CREATEDB), dropped WITH
 * (FORCE) afterwards; the engine's catalog queries return Postgres' internal "char"
 * type (OID 18), reported as text; a migration script is sent whole, in one
 * simple-protocol query (one implicit transaction), not split on ";". Connection
 * fields are passed apart, never as a connection string that could override the
 * shadow database's name with the real one.
 */
class PostgresFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";
  private readonly config: pg.PoolConfig;

  constructor(url: string) {
    const { host, port, user, password, database, ssl, options } = parse(url);
    this.config = { host: host ?? undefined, port: port ? Number(port) : undefined, user, password, database: database ?? undefined, ssl: ssl as pg.PoolConfig["ssl"], options, max: POSTGRES_POOL_SIZE };
  }

  connect(): Promise<SqlDriverAdapter> {
    return this.open(this.config);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const main = await this.connect();
    const name = `frugal_shadow_${randomUUID().replaceAll("-", "")}`;
    await main.executeScript(`CREATE DATABASE "${name}"`);
    const shadow = await this.open({ ...this.config, database: name, max: 2 });
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  }

  private async open(config: pg.PoolConfig): Promise<SqlDriverAdapter> {
    type Result = { fields?: { dataTypeID: number }[] };
    const fix = (result: Result | Result[]) => {
      for (const r of Array.isArray(result) ? result : [result]) for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
      return result;
    };
    class Client extends pg.Client {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      override query(...args: any[]): any {
        const last = args[args.length - 1];
        if (typeof last === "function") {
          args[args.length - 1] = (error: unknown, result: Result) => last(error, error ? result : fix(result));
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          return (super.query as any)(...args);
        }
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const returned = (super.query as any)(...args);
        return returned && typeof returned.then === "function" ? returned.then(fix) : returned;
      }
    }
    const pool = new pg.Pool({ ...config, Client });
    const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
    adapter.executeScript = async (script: string) => {
      await pool.query(script);
    };
    return adapter;
  }
}
