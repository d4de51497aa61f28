// One OFREP runtime per process: the snapshot store (started) and the rate limiter.
// On globalThis, since the custom server and the Next.js bundle each load this module.
import { db } from "../db/client";
import { env } from "../env";
import type { OfrepDeps } from "./handler";
import { RateLimiter } from "./rate-limit";
import { SnapshotStore, databaseLoader } from "./snapshot";

const g = globalThis as unknown as { __frugalOfrep?: OfrepDeps };

export function ofrepRuntime(): OfrepDeps {
  if (!g.__frugalOfrep) {
    const database = db();
    const store = new SnapshotStore(databaseLoader(database), {
      intervalMs: env.FRUGAL_OFREP_REFRESH_MS,
      timeoutMs: Math.max(500, env.FRUGAL_OFREP_REFRESH_MS - 200),
      flushUsage: async (ids) => {
        await database.apiToken.updateMany({ where: { id: { in: ids } }, data: { lastUsedAt: new Date() } });
      },
    }).start();
    g.__frugalOfrep = { store, limiter: new RateLimiter(env.FRUGAL_OFREP_RATE_LIMIT) };
  }
  return g.__frugalOfrep;
}
