// One OFREP runtime per process: the snapshot store (started) and the rate limiter.
// The store reads the database on a worker thread (snapshot-worker.ts), so that
// nothing the database does can hold up the thread that answers evaluations.
// On globalThis, since the custom server and the Next.js bundle each load this module.
import { signingKeyOfThisInstance } from "../auth/tokens";
import { env } from "../env";
import type { OfrepDeps } from "./handler";
import { RateLimiter } from "./rate-limit";
import { SnapshotStore } from "./snapshot";
import { workerLoader } from "./worker-loader";

const g = globalThis as unknown as { __frugalOfrep?: OfrepDeps & { close: () => Promise<void> } };

export function ofrepRuntime(): OfrepDeps & { close: () => Promise<void> } {
  if (!g.__frugalOfrep) {
    const loader = workerLoader();
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
