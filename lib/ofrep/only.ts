// What a FRUGAL_ROLE=ofrep front answers besides OFREP: its own liveness and readiness,
// from its snapshot, and a 404 that says where the dashboard is. Such an instance
// proxies nothing, so OFREP gets a process whose HTTP code has served OFREP alone
// (README, Benchmarks: a front that has proxied pages answers 15-25 % fewer evaluations).
import { reply, type OfrepResponse } from "./handler";
import type { SnapshotStore } from "./snapshot";

/** The snapshot as a load balancer's check shows it. */
function snapshotState(store: SnapshotStore, now: number) {
  const snapshot = store.current();
  if (!snapshot) return { loaded: false as const, error: store.lastError };
  const ageMs = now - snapshot.loadedAt;
  return { loaded: true as const, ageMs, stale: ageMs > store.staleAfterMs, error: store.lastError };
}

/**
 * `/api/health`: 200 while the process runs. `/api/ready`: 200 once the switch states are
 * loaded, and still 200 when the database stops answering and they grow old: the instance
 * keeps serving the last states it read (static stability), which is better than every
 * OFREP instance leaving the load balancer at once. Anything else: 404.
 */
export function ofrepOnlyAnswer(path: string, store: SnapshotStore, now = Date.now()): OfrepResponse {
  if (path === "/api/health") return reply(200, { status: "ok", role: "ofrep", snapshot: snapshotState(store, now) });
  if (path === "/api/ready") {
    const snapshot = snapshotState(store, now);
    if (!snapshot.loaded) return reply(503, { status: "not_ready", role: "ofrep", reason: "The switch states are not loaded yet.", snapshot }, ["retry-after", "1"]);
    return reply(200, { status: "ready", role: "ofrep", snapshot });
  }
  return reply(404, {
    error: { code: "NOT_FOUND", message: `This instance (FRUGAL_ROLE=ofrep) answers only OFREP (/ofrep/v1/evaluate/flags), /api/health and /api/ready; ${path} is served by the instances with FRUGAL_ROLE=web or all.` },
  });
}
