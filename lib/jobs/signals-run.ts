// One run of the overload pipeline: fresh high-resolution samples from the source,
// the signals, incidents and load-shedding proposals, then the queued webhook
// messages. After every sync (with the 5-minute samples of the last 2 days) and on
// its own, more often, with the 1-minute samples only. Recorded as a sync run with
// trigger 'signals', so that what its CloudWatch calls cost is counted too.
import type { Db } from "../db/client";
import { toDay } from "../domain/day";
import type { Source } from "../sources/types";
import { deliverWebhooks, type DeliveryResult } from "./deliver-webhooks";
import { failOrphanedRuns } from "./lease";
import { usageSince } from "../sources/meter";
import { evaluateAllOverload, type OverloadEvaluation } from "./evaluate-overload";
import { syncSamples, type SampleSyncResult } from "./sync-samples";

export interface SignalsRunResult {
  samples: SampleSyncResult;
  evaluations: OverloadEvaluation[];
  deliveries: DeliveryResult;
}

export async function runSignals(db: Db, source: Source, accountId: number, options: { now?: Date; fiveMinute: boolean }): Promise<SignalsRunResult> {
  const now = options.now ?? new Date();
  const usageBefore = source.usage();
  const started = performance.now();
  const run = await db.syncRun.create({ data: { accountId, trigger: "signals", status: "running", fromDay: toDay(now), toDay: toDay(now) } });
  await failOrphanedRuns(db, accountId, "signals", run.id);
  try {
    const samples = await syncSamples(db, source, accountId, now, { fiveMinute: options.fiveMinute });
    const evaluations = await evaluateAllOverload(db, accountId, now);
    const deliveries = await deliverWebhooks(db, now);
    const usage = usageSince(usageBefore, source.usage());
    await db.syncRun.update({
      where: { id: run.id },
      data: {
        status: "succeeded",
        finishedAt: new Date(),
        durationMs: Math.round(performance.now() - started),
        stats: { samples: { ...samples }, deliveries: { ...deliveries }, incidentsOpened: evaluations.reduce((a, e) => a + e.opened, 0) },
        apiCallCount: usage.apiCallCount,
        apiCostMicroUsd: BigInt(usage.apiCostMicroUsd),
        apiUsage: usage.byApi.map((u) => ({ ...u })),
      },
    });
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
