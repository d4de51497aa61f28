// One run of the overload pipeline: fresh high-resolution samples from the source,
// the signals, incidents and load-shedding proposals, then the queued webhook
// messages. After every sync and on its own, more often. The 1-minute samples of the
// last 3 hours are read every time; the 5-minute samples of the last 2 days only
// when the stored ones have a hole (the first run, or after a pause longer than
// 3 hours): otherwise they are made from the 1-minute ones, since CloudWatch bills
// every metric of every read. Recorded as a sync run with trigger 'signals', so
// that what its calls cost is counted too.
import type { Db } from "../db/client";
import { toDay } from "../domain/day";
import type { Source } from "../sources/types";
import { compactSignalsRuns } from "./compact-runs";
import { deliverWebhooks, type DeliveryResult } from "./deliver-webhooks";
import { failOrphanedRuns } from "./lease";
import { usageSince } from "../sources/meter";
import { evaluateAllOverload, type OverloadEvaluation } from "./evaluate-overload";
import { MINUTE_RETENTION_MS, syncSamples, type SampleSyncResult } from "./sync-samples";
import { runnerLabel } from "./runner";

export interface SignalsRunResult {
  samples: SampleSyncResult;
  evaluations: OverloadEvaluation[];
  deliveries: DeliveryResult;
}

/** Read the 5-minute samples too: always, never, or only when the stored ones have a hole. */
export type FiveMinuteRead = boolean | "when-needed";

/** A run this recent read 1-minute samples that reach back to where this run's begin, less a margin for late starts. */
const CONTINUITY_MS = MINUTE_RETENTION_MS - 10 * 60_000;

async function storedSamplesHaveHole(db: Db, accountId: number, now: Date): Promise<boolean> {
  const previous = await db.syncRun.findFirst({
    where: { accountId, trigger: "signals", status: "succeeded", startedAt: { gte: new Date(now.getTime() - CONTINUITY_MS), lte: now } },
    select: { id: true },
  });
  return previous === null;
}

export async function runSignals(db: Db, source: Source, accountId: number, options: { now?: Date; fiveMinute: FiveMinuteRead }): Promise<SignalsRunResult> {
  const now = options.now ?? new Date();
  const usageBefore = source.usage();
  const started = performance.now();
  const fiveMinute = options.fiveMinute === "when-needed" ? await storedSamplesHaveHole(db, accountId, now) : options.fiveMinute;
  const run = await db.syncRun.create({ data: { accountId, trigger: "signals", runner: runnerLabel(), status: "running", startedAt: now, fromDay: toDay(now), toDay: toDay(now) } });
  await failOrphanedRuns(db, accountId, "signals", run.id);
  try {
    const samples = await syncSamples(db, source, accountId, now, { fiveMinute });
    const evaluations = await evaluateAllOverload(db, accountId, now);
    const deliveries = await deliverWebhooks(db, now);
    const usage = usageSince(usageBefore, source.usage());
    await db.syncRun.update({
      where: { id: run.id },
      data: {
        status: "succeeded",
        finishedAt: new Date(),
        durationMs: Math.round(performance.now() - started),
        stats: { samples: { ...samples }, fiveMinuteRead: fiveMinute, deliveries: { ...deliveries }, incidentsOpened: evaluations.reduce((a, e) => a + e.opened, 0) },
        apiCallCount: usage.apiCallCount,
        apiCostMicroUsd: BigInt(usage.apiCostMicroUsd),
        apiUsage: usage.byApi.map((u) => ({ ...u })),
      },
    });
    // Housekeeping: a failure here leaves the runs as they were, for the next run to fold.
    await compactSignalsRuns(db, accountId, now).catch((error: unknown) => console.error("[frugal] folding old signals runs into day totals failed:", error));
    return { samples, evaluations, deliveries };
  } catch (error) {
    const usage = usageSince(usageBefore, source.usage());
    await db.syncRun.update({
      where: { id: run.id },
      data: {
        status: "failed",
        finishedAt: new Date(),
        durationMs: Math.round(performance.now() - started),
        error: (error instanceof Error ? error.message : String(error)).slice(0, 2000),
        apiCallCount: usage.apiCallCount,
        apiCostMicroUsd: BigInt(usage.apiCostMicroUsd),
        apiUsage: usage.byApi.map((u) => ({ ...u })),
      },
    });
    throw error;
  }
}
