import type { Db } from "../db/client";
import { env } from "../env";
import { sourceFor } from "../sources";
import type { Source } from "../sources/types";
import { evaluateAllAnomalies } from "./evaluate-anomalies";
import { evaluateBudgets } from "./evaluate-budgets";
import { evaluateAllLimits } from "./evaluate-limits";
import { leaseName, withLease, type LeaseResult } from "./lease";
import { runSignals, type FiveMinuteRead, type SignalsRunResult } from "./signals-run";
import { runSync, type SyncProgress, type SyncResult, type SyncTrigger } from "./sync";

/** A sync renews its lease while it runs; one that dies frees it within this long. */
const SYNC_LEASE_MS = 60_000;

export interface SyncAccountOptions {
  trigger: SyncTrigger;
  days?: number;
  source?: Source;
  onProgress?: (progress: SyncProgress) => void;
}

/**
 * Runs a sync of the account unless another process is already syncing it, then
 * evaluates the cost limits against the fresh data (proposals, automatic apply),
 * looks for cost anomalies and holds each month's projection against its budget.
 */
export function syncAccount(db: Db, accountId: number, options: SyncAccountOptions): Promise<LeaseResult<SyncResult>> {
  return withLease(db, leaseName({ kind: "sync", accountId }), SYNC_LEASE_MS, async () => {
    const result = await runSync({
      db,
      source: options.source ?? (await sourceFor(db, accountId)),
      costRefreshMs: env.FRUGAL_COST_REFRESH_HOURS * 3_600_000,
      accountId,
      trigger: options.trigger,
      days: options.days ?? env.FRUGAL_SYNC_DAYS,
      onProgress: options.onProgress,
      forecasts: env.FRUGAL_AWS_FORECAST === "daily",
    });
    if (result.status === "succeeded") {
      try {
        await evaluateAllLimits(db, accountId);
      } catch (error) {
        // The data is in; a failed evaluation must not turn the sync into a failure.
        console.error("[frugal] evaluating cost limits failed:", error instanceof Error ? error.message : error);
      }
      try {
        await evaluateAllAnomalies(db, accountId);
      } catch (error) {
        console.error("[frugal] evaluating cost anomalies failed:", error instanceof Error ? error.message : error);
      }
      try {
        await evaluateBudgets(db, accountId);
      } catch (error) {
        console.error("[frugal] evaluating budgets failed:", error instanceof Error ? error.message : error);
      }
      // Fresh signals after the sync, unless their own schedule has just run them: each run bills every sampled metric.
      if (!(await signalsRanRecently(db, accountId))) {
        const signals = await signalsAccount(db, accountId, { source: options.source, fiveMinute: "when-needed" });
        if (signals.acquired === false) console.info(`[frugal] overload signals skipped: ${signals.holder} is evaluating them`);
      }
    }
    return result;
  });
}

/** A signals run this recent makes another one right after a sync pointless. */
const SIGNALS_FRESH_MS = 4 * 60_000;

async function signalsRanRecently(db: Db, accountId: number, now = new Date()): Promise<boolean> {
  const run = await db.syncRun.findFirst({ where: { accountId, trigger: "signals", status: "succeeded", startedAt: { gte: new Date(now.getTime() - SIGNALS_FRESH_MS) } }, select: { id: true } });
  return run !== null;
}

/** Fresh high-resolution samples, overload signals, incidents and notifications, one run at a time per account. */
export async function signalsAccount(db: Db, accountId: number, options: { source?: Source; fiveMinute: FiveMinuteRead; now?: Date }): Promise<LeaseResult<SignalsRunResult | null>> {
  return withLease(db, leaseName({ kind: "signals", accountId }), SYNC_LEASE_MS, async () => {
    try {
      return await runSignals(db, options.source ?? (await sourceFor(db, accountId)), accountId, { fiveMinute: options.fiveMinute, now: options.now });
    } catch (error) {
      console.error("[frugal] overload signals failed:", error instanceof Error ? error.message : error);
      return null;
    }
  });
}

