// One PrismaClient per process (it survives Next.js dev reloads on globalThis).
import { databaseKind, env, type DatabaseKind } from "../env";
import { Prisma, PrismaClient } from "./generated/client";
import { PrismaClient as PostgresClient } from "./generated-pg/client";
import { BUSY_TIMEOUT_MS, createAdapterFactory } from "./adapter";

export type Db = PrismaClient;
export { Prisma };

const g = globalThis as unknown as { __frugalDb?: Db };

/** A client for DATABASE_URL (or `url`): both generated clients have the same model API, typed as the SQLite one's. */
export function createDb(url: string = env.DATABASE_URL): Db {
  if (databaseKind(url) === "postgres") {
    return new PostgresClient({ adapter: createAdapterFactory(url), transactionOptions: { maxWait: 10_000, timeout: 60_000 } }) as unknown as Db;
  }
  return new PrismaClient({
    adapter: createAdapterFactory(url),
    // A transaction may wait for the write lock as long as a connection does, and
    // Prisma's own limits (2 s to start, 5 s to run) must not cut it short first.
    transactionOptions: { maxWait: BUSY_TIMEOUT_MS + 5_000, timeout: BUSY_TIMEOUT_MS + 30_000 },
  });
}

export function db(): Db {
  return (g.__frugalDb ??= createDb());
}

/**
 * The database a client (or a transaction's client) talks to: the one place where raw SQL that
 * cannot be written for both chooses its dialect. Read from the client itself, not from
 * DATABASE_URL, since a test or the bench may hold a client for another database.
 */
export function dialectOf(client: Db | Prisma.TransactionClient): DatabaseKind {
  return (client as unknown as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgres" : "sqlite";
}
