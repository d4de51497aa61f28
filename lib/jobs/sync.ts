// Reads an account from its source and writes it into the database. All source
// calls happen first, so a failing source changes nothing; then each day is
// written in its own transaction, touching only rows that differ.
import { z } from "zod";
import type { Db } from "../db/client";
import { scopeCostLines, type ScopedCost } from "../domain/cost-rollup";
import { addDays, dayStart, eachDay, isDay, toDay, type Day } from "../domain/day";
import type { ResourceSeries } from "../domain/metrics";
import { rollupServiceDays, type ServiceDayTotals } from "../domain/rollup";
import { classify, orderRules, tagKeysToGroupBy, type Classification } from "../domain/tag-rules";
import type { CloudWatchMetricRef, CostLine, Source, SourceResource } from "../sources/types";
import { addCounts, zeroCounts, type WriteCounts } from "./diff-write";
import { failOrphanedRuns } from "./lease";
import { writeDay } from "./sync-write-day";
import { writeInventory } from "./sync-write-inventory";

export type SyncTrigger = "cli" | "startup" | "startup-retry" | "schedule" | "manual" | "test";

export interface SyncProgress {
  step: "reading" | "writing";
  label: string;
  done: number;
  total: number;
}

export interface SyncOptions {
  db: Db;
  source: Source;
  accountId: number;
  trigger: SyncTrigger;
  now?: Date;
  /** Days of history to read, today included. */
  days: number;
  onProgress?: (progress: SyncProgress) => void;
}

export interface SyncStats extends WriteCounts {
  resources: number;
  services: number;
  days: number;
}

export type SyncResult =
  | { runId: number; status: "succeeded"; durationMs: number; stats: SyncStats }
  | { runId: number; status: "failed"; durationMs: number; error: string };

const sourceResourceSchema = z.object({
  arn: z.string().min(1),
  name: z.string(),
  type: z.string().min(1),
  region: z.string(),
  tags: z.record(z.string(), z.string()),
});
const costLineSchema = z.object({
  day: z.string().refine(isDay, "not a YYYY-MM-DD day"),
  tags: z.record(z.string(), z.string()),
  costMicroUsd: z.number().refine(Number.isSafeInteger, "not a whole number of micro-dollars"),
  estimated: z.boolean(),
});
const cloudwatchRefSchema = z.object({
  namespace: z.string().min(1),
  metricName: z.string().min(1),
  dimensions: z.array(z.object({ name: z.string(), value: z.string() })),
  stat: z.enum(["Sum", "Average", "Maximum", "Minimum", "SampleCount"]),
});

function checkFromSource<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The source returned an invalid ${what}: ${issue?.path.join(".")} ${issue?.message}`);
  }
  return parsed.data;
}

export const serviceKeyOf = (applicationId: number, service: string) => `${applicationId}/${service}`;

/** Everything a sync read, before anything is written. */
export interface SyncSnapshot {
  resources: { resource: SourceResource; classification: Classification }[];
  costs: ScopedCost[];
  traffic: Map<string, Map<Day, ServiceDayTotals>>;
  business: Map<number, { ts: Date; day: Day; value: number }[]>;
}

async function readSource(opts: SyncOptions, from: Day, to: Day, progress: (label: string, done: number) => void): Promise<SyncSnapshot> {
  const { db, source, accountId } = opts;
  const account = await db.cloudAccount.findUniqueOrThrow({ where: { id: accountId } });
  const rules = orderRules(await db.tagRule.findMany({ where: { accountId } }));
  const keys = { serviceTagKey: account.serviceTagKey, cellTagKey: account.cellTagKey };

  progress("resources", 0);
  const resources = z.array(sourceResourceSchema).parse(await source.listResources());
  const classified = resources.map((resource) => ({ resource, classification: classify(resource.tags, rules, keys) }));

  progress("cost", 1);
  const lines: CostLine[] = (await source.getDailyCost({ from, to, groupByTagKeys: tagKeysToGroupBy(rules, keys) })).map((line) =>
    checkFromSource(costLineSchema, line, "cost line"),
  );
  const costs = scopeCostLines(lines, rules, keys);

  progress("metrics", 2);
  const withService = classified.filter((c) => c.classification.applicationId !== null && c.classification.service !== null);
  const series: ResourceSeries[] = await source.getResourceMetrics({
    resources: withService.map((c) => c.resource),
    start: dayStart(from),
    end: dayStart(addDays(to, 1)),
    periodSeconds: 86_400,
  });
  const traffic = rollupServiceDays(
    withService.map(({ resource, classification }) => ({
      arn: resource.arn,
      type: resource.type,
      serviceKey: serviceKeyOf(classification.applicationId as number, classification.service as string),
    })),
    series,
  );

  progress("business metrics", 3);
  const metrics = await db.businessMetric.findMany({ where: { application: { accountId }, origin: "cloudwatch" } });
  const business = new Map<number, { ts: Date; day: Day; value: number }[]>();
  for (const metric of metrics) {
    const ref: CloudWatchMetricRef = checkFromSource(cloudwatchRefSchema, metric.cloudwatch, `mapping of metric '${metric.name}'`);
    const points = await source.getCustomMetric(ref, { start: dayStart(from), end: dayStart(addDays(to, 1)), periodSeconds: 86_400 });
    business.set(
      metric.id,
      points.filter((p) => Number.isFinite(p.value)).map((p) => ({ ts: p.ts, day: toDay(p.ts), value: p.value })),
    );
  }
  return { resources: classified, costs, traffic, business };
}

export async function runSync(opts: SyncOptions): Promise<SyncResult> {
  const { db, source, accountId, trigger } = opts;
  const now = opts.now ?? new Date();
  const to = toDay(now);
  const from = addDays(to, -(opts.days - 1));
  const started = performance.now();
  const usageBefore = source.usage();
  const run = await db.syncRun.create({ data: { accountId, trigger, status: "running", fromDay: from, toDay: to } });
  await failOrphanedRuns(db, accountId, "sync", run.id);
  const days = eachDay(from, to);
  const readSteps = 4;
  const total = readSteps + 1 + days.length;
  const report = (step: SyncProgress["step"], label: string, done: number) => opts.onProgress?.({ step, label, done, total });

  try {
    const snapshot = await readSource(opts, from, to, (label, done) => report("reading", label, done));
    report("writing", "resources", readSteps);
    const inventory = await writeInventory(db, accountId, snapshot, now);
    let counts = addCounts(zeroCounts(), inventory.counts);
    const applicationIds = (await db.application.findMany({ where: { accountId }, select: { id: true } })).map((a) => a.id);
    for (const [index, day] of days.entries()) {
      report("writing", day, readSteps + 1 + index);
      counts = addCounts(counts, await writeDay(db, accountId, day, snapshot, inventory.serviceIds, applicationIds));
    }
    report("writing", "done", total);
    const stats: SyncStats = { ...counts, resources: snapshot.resources.length, services: inventory.serviceIds.size, days: days.length };
    const durationMs = Math.round(performance.now() - started);
    const usage = source.usage();
    await db.syncRun.update({
      where: { id: run.id },
      data: {
        status: "succeeded",
        finishedAt: new Date(),
        durationMs,
        stats: { ...stats },
        apiCallCount: usage.apiCallCount - usageBefore.apiCallCount,
        apiCostMicroUsd: BigInt(usage.apiCostMicroUsd - usageBefore.apiCostMicroUsd),
      },
    });
    return { runId: run.id, status: "succeeded", durationMs, stats };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const durationMs = Math.round(performance.now() - started);
    const usage = source.usage();
    await db.syncRun.update({
      where: { id: run.id },
      data: {
        status: "failed",
        finishedAt: new Date(),
        durationMs,
        error: message.slice(0, 2000),
        apiCallCount: usage.apiCallCount - usageBefore.apiCallCount,
        apiCostMicroUsd: BigInt(usage.apiCostMicroUsd - usageBefore.apiCostMicroUsd),
      },
    });
    return { runId: run.id, status: "failed", durationMs, error: message };
  }
}
