// The server's own clock: a sync on start and then on FRUGAL_SYNC_CRON, and the
// overload signals (1-minute samples, incidents, notifications) on FRUGAL_SIGNALS_CRON. Each
// run takes the account's lease first, so with several instances (or a CLI sync
// under way) one sync runs at a time and the others skip.
import { Cron } from "croner";
import { db } from "../db/client";
import { env, signalsCron } from "../env";
import { beat, HEARTBEAT_EVERY_MS } from "./heartbeat";
import { schedulesJobsHere } from "./runner";
import { tickReports } from "./reports";
import { defaultAccountId } from "../data/account-id";
import { signalsAccount, syncAccount } from "./sync-account";
import type { SyncProgress, SyncTrigger } from "./sync";

const g = globalThis as unknown as { __frugalScheduler?: Cron; __frugalSignals?: Cron; __frugalReports?: Cron; __frugalHeartbeat?: NodeJS.Timeout };
/**
 * Wait this long after start before the first sync. Where the scheduler shares its process with
 * the pages (`next dev`), the server answers first; the worker that `npm start` runs renders no
 * page and runs below the dashboard's priority (nice 10), so it starts at once.
 */
const startupDelayMs = () => (env.FRUGAL_PROCESS === "worker" ? 0 : 2_000);

export async function scheduledSync(trigger: SyncTrigger, log: Pick<Console, "info" | "error"> = console): Promise<void> {
  const database = db();
  const accountId = await defaultAccountId(database);
  if (accountId === null) {
    log.info("[frugal] no account to sync yet");
    return;
  }
  // Progress in the log: each reading step, and the days written in quarters.
  let lastStep = "";
  let lastQuarter = -1;
  const onProgress = (p: SyncProgress) => {
    if (p.step === "reading" && p.label !== lastStep) log.info(`[frugal] sync: reading ${(lastStep = p.label)}`);
    const quarter = p.step === "writing" ? Math.floor((p.done / p.total) * 4) : -1;
    if (quarter > lastQuarter) {
      lastQuarter = quarter;
      log.info(`[frugal] sync: writing days, ${quarter * 25} %`);
    }
  };
  const result = await syncAccount(database, accountId, { trigger, onProgress });
  if (!result.acquired && trigger === "startup") {
    // Another instance syncs, or one that died still holds the lease: try again once it has expired.
    const wait = Math.max(1_000, result.expiresAt.getTime() - Date.now() + 1_000);
    log.info(`[frugal] startup sync waits for ${result.holder}'s lease (${Math.round(wait / 1000)} s)`);
    setTimeout(() => void scheduledSync("startup-retry", log).catch((error: unknown) => log.error("[frugal] sync crashed:", error)), wait).unref();
  } else if (!result.acquired) log.info(`[frugal] sync skipped: ${result.holder} holds the lease`);
  else if (result.value.status === "failed") log.error(`[frugal] sync #${result.value.runId} failed: ${result.value.error}`);
  else log.info(`[frugal] sync #${result.value.runId} done in ${result.value.durationMs} ms`);
}

const log = (line: string) => console.info(line);

export function startScheduler(): void {
  if (env.FRUGAL_SCHEDULER === "off" || !schedulesJobsHere() || g.__frugalScheduler) return;
  const run = (trigger: SyncTrigger) => () => {
    scheduledSync(trigger).catch((error: unknown) => console.error("[frugal] sync crashed:", error));
  };
  g.__frugalScheduler = new Cron(env.FRUGAL_SYNC_CRON, { timezone: "UTC", protect: true }, run("schedule"));
  setTimeout(run("startup"), startupDelayMs()).unref();
  // Overload signals between syncs: the last 3 hours at 1-minute resolution (and the last 2 days at 5 after a pause).
  g.__frugalSignals = new Cron(signalsCron(), { timezone: "UTC", protect: true }, () => {
    scheduledSignals().catch((error: unknown) => console.error("[frugal] overload signals crashed:", error));
  });
  // Scheduled reports: due runs made once (across instances), generated, delivered; retries of failed sends.
  g.__frugalReports = new Cron("* * * * *", { timezone: "UTC", protect: true }, () => {
    tickReports(db())
      .then((r) => {
        if (r.created || r.generated || r.deliveries.delivered || r.deliveries.failed) log(`[frugal] reports: ${r.created} due, ${r.generated} made, ${r.deliveries.delivered} sent, ${r.deliveries.retrying} to retry, ${r.deliveries.failed} failed`);
      })
      .catch((error: unknown) => console.error("[frugal] reports crashed:", error));
  });
  // Tells GET /api/ready on every instance that jobs are scheduled somewhere.
  const heartbeat = () => void beat(db()).catch((error: unknown) => console.error("[frugal] worker heartbeat failed:", error instanceof Error ? error.message : error));
  heartbeat();
  g.__frugalHeartbeat = setInterval(heartbeat, HEARTBEAT_EVERY_MS);
  g.__frugalHeartbeat.unref();
}

export async function scheduledSignals(): Promise<void> {
  const database = db();
  const accountId = await defaultAccountId(database);
  if (accountId !== null) await signalsAccount(database, accountId, { fiveMinute: "when-needed" });
}

/** Stops the scheduler's clocks (the worker process, on SIGTERM); a run under way finishes or its lease expires. */
export function stopScheduler(): void {
  g.__frugalScheduler?.stop();
  g.__frugalSignals?.stop();
  g.__frugalReports?.stop();
  clearInterval(g.__frugalHeartbeat);
  g.__frugalScheduler = undefined;
  g.__frugalSignals = undefined;
  g.__frugalReports = undefined;
  g.__frugalHeartbeat = undefined;
}
