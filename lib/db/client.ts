// One PrismaClient per process (it survives Next.js dev reloads on globalThis).
import { PrismaClient } from "./generated/client";
import { BUSY_TIMEOUT_MS, createAdapterFactory } from "./adapter";

export type Db = PrismaClient;
export { Prisma } from "./generated/client";

const g = globalThis as unknown as { __frugalDb?: Db };

export function createDb(url?: string): Db {
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
