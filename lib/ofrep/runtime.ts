// One OFREP runtime per process: the snapshot store (started) and the rate limiter.
// The production front process (server.ts) reads the database on a worker thread
// (worker-loader.ts), so that nothing the database does can hold up the thread that
// answers evaluations; `npm run dev`'s route reads it in-process.
// On globalThis, since the custom server and the Next.js bundle each load this module.
import { signingKeyOfThisInstance } from "../auth/tokens";
import { db } from "../db/client";
import { env } from "../env";
import type { OfrepDeps } from "./handler";
import { RateLimiter } from "./rate-limit";
import { databaseLoader, SnapshotStore, type SnapshotLoader } from "./snapshot";

export interface SnapshotSource {
  load: SnapshotLoader;
  flushUsage: (tokenIds: number[]) => Promise<void>;
  close: () => Promise<void>;
}

export type OfrepRuntime = OfrepDeps & { close: () => Promise<void> };

const g = globalThis as unknown as { __frugalOfrep?: OfrepRuntime };

/** Reads the snapshot on the calling thread: for development only. */
function inProcess(): SnapshotSource {
  const database = db();
  return {
    load: databaseLoader(database),
    flushUsage: async (ids) => {
      await database.apiToken.updateMany({ where: { id: { in: ids } }, data: { lastUsedAt: new Date() } });
    },
    close: async () => undefined,
  };
}

export function ofrepRuntime(source: () => SnapshotSource = inProcess): OfrepRuntime {
  if (!g.__frugalOfrep) {
    const loader = source();
    const store = new SnapshotStore(loader.load, {
      intervalMs: env.FRUGAL_OFREP_REFRESH_MS,
      timeoutMs: Math.max(500, env.FRUGAL_OFREP_REFRESH_MS - 200),
      signingKey: signingKeyOfThisInstance(),
      flushUsage: loader.flushUsage,
    }).start();
    g.__frugalOfrep = {
      store,
      limiter: new RateLimiter(env.FRUGAL_OFREP_RATE_LIMIT),
      close: async () => {
        store.stop();
        await loader.close();
      },
    };
  }
  return g.__frugalOfrep;
}
