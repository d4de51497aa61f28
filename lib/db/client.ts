// One PrismaClient per process (it survives Next.js dev reloads on globalThis).
import { PrismaClient } from "./generated/client";
import { createAdapterFactory } from "./adapter";

export type Db = PrismaClient;
export { Prisma } from "./generated/client";

const g = globalThis as unknown as { __frugalDb?: Db };

export function createDb(url?: string): Db {
  return new PrismaClient({ adapter: createAdapterFactory(url) });
}

export function db(): Db {
  return (g.__frugalDb ??= createDb());
}
