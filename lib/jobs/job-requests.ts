// Jobs people ask for ("Sync now") go through the database: the dashboard writes a
// request and waits for its outcome without doing the work; a worker (any instance's)
// claims it, runs it and writes the outcome back. No job runs where pages render,
// and with several instances each request runs once.
import type { Db, Prisma } from "../db/client";
import { ConflictError } from "../errors";
import { untilEndedOr } from "./request-events";
import { runnerLabel } from "./runner";
import type { SyncResult } from "./sync";
import { syncAccount } from "./sync-account";

/** How often a worker looks for requests, and how often a waiting dashboard looks for the outcome. */
export const REQUEST_POLL_MS = 1_000;
const WAIT_POLL_MS = 250;
/** A request no worker has taken by then is abandoned, and the person told so. */
export const UNCLAIMED_AFTER_MS = 30_000;

export type JobOutcome = { status: "done"; result: SyncResult } | { status: "failed"; error: string } | { status: "abandoned"; error: string };

export async function requestSync(db: Db, accountId: number, requestedBy: string): Promise<number> {
  return (await db.jobRequest.create({ data: { kind: "sync", accountId, requestedBy } })).id;
}

/** Takes the oldest pending request, if another worker has not: one claim wins. */
export async function claimRequest(db: Db, now = new Date()): Promise<{ id: number; kind: string; accountId: number } | null> {
  for (const candidate of await db.jobRequest.findMany({ where: { status: "pending" }, orderBy: { requestedAt: "asc" }, take: 5 })) {
    const taken = await db.jobRequest.updateMany({ where: { id: candidate.id, status: "pending" }, data: { status: "running", startedAt: now, runner: runnerLabel() } });
    if (taken.count === 1) return candidate;
  }
  return null;
}

/** A sync a person asked for, run here; refused while another holds the account's lease. */
export async function runManualSync(db: Db, accountId: number): Promise<SyncResult> {
  const run = await syncAccount(db, accountId, { trigger: "manual" });
  if (!run.acquired) throw new ConflictError("A sync is running already; its results will show when it ends.");
  return run.value;
}

/** Runs one claimed request and writes its outcome. */
export async function runRequest(db: Db, request: { id: number; kind: string; accountId: number }): Promise<void> {
  try {
    if (request.kind !== "sync") throw new Error(`unknown job '${request.kind}'`);
    const run = await runManualSync(db, request.accountId);
    await db.jobRequest.update({ where: { id: request.id }, data: { status: "done", finishedAt: new Date(), result: run as unknown as Prisma.InputJsonValue } });
  } catch (error) {
    await db.jobRequest.update({ where: { id: request.id }, data: { status: "failed", finishedAt: new Date(), error: error instanceof Error ? error.message : String(error) } });
  }
}

/** The worker's loop: claims and runs requests one at a time until stopped; `wake` looks at once. */
export function serveRequests(db: Db, options: { pollMs?: number; onSleep?: () => void; onEnded?: (id: number) => void } = {}): { stop: () => void; wake: () => void } {
  let stopped = false;
  let running = false;
  /** Woken while a look was under way: look again as soon as it ends, as its last claim may have come too early. */
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    running = true;
    do {
      again = false;
      try {
        for (let request = await claimRequest(db); request && !stopped; request = await claimRequest(db)) {
          await runRequest(db, request);
          options.onEnded?.(request.id);
        }
      } catch (error) {
        console.error("[frugal] job requests:", error instanceof Error ? error.message : error);
      }
    } while (again && !stopped);
    running = false;
    if (stopped) return;
    timer = setTimeout(() => void tick(), options.pollMs ?? REQUEST_POLL_MS);
    options.onSleep?.();
  };
  void tick();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    wake: () => {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      if (timer) clearTimeout(timer);
      void tick();
    },
  };
}

/**
 * Waits for a request's outcome, looking every pollMs or as soon as the worker beside this process
 * says it ended (request-events.ts); one that no worker takes within UNCLAIMED_AFTER_MS is abandoned.
 */
export async function waitForRequest(db: Db, id: number, options: { unclaimedAfterMs?: number; pollMs?: number } = {}): Promise<JobOutcome> {
  const unclaimedAfter = options.unclaimedAfterMs ?? UNCLAIMED_AFTER_MS;
  const started = Date.now();
  for (;;) {
    const request = await db.jobRequest.findUniqueOrThrow({ where: { id } });
    if (request.status === "done") return { status: "done", result: request.result as unknown as SyncResult };
    if (request.status === "failed") return { status: "failed", error: request.error ?? "unknown error" };
    if (request.status === "pending" && Date.now() - started > unclaimedAfter) {
      const abandoned = await db.jobRequest.updateMany({ where: { id, status: "pending" }, data: { status: "abandoned", finishedAt: new Date() } });
      if (abandoned.count === 1) return { status: "abandoned", error: `No worker took the job within ${Math.round(unclaimedAfter / 1000)} s: is one running (FRUGAL_ROLE=all or worker)?` };
    }
    await untilEndedOr(id, options.pollMs ?? WAIT_POLL_MS);
  }
}
