// Reading a source into the sync's staging tables, as it answers: cost pages,
// each service's metrics, operations. Nothing a page, a user or a report sees is
// touched here; the day writer (sync-write-day.ts) moves each day out of staging
// in one transaction. Memory holds one answer at a time, whatever the account's size.
import { z } from "zod";
import type { Db } from "../db/client";
import { bulkInsert } from "../data/bulk-write";
import { isBreakdownDimension } from "../domain/breakdown";
import { addDays, dayStart, inRange, isDay, type Day, type DayRange } from "../domain/day";
import { planServiceMetrics } from "../domain/metric-plan";
import { rollupServiceDays, type RollupResource } from "../domain/rollup";
import { classify, type TagKeys, type TagRule } from "../domain/tag-rules";
import type { MetricGroup, Source, SourceGap, SourceResource } from "../sources/types";
import { addServices, checkFromSource, serviceKeyOf } from "./sync-inventory";

const big = (n: number) => BigInt(Math.round(n));

const costLineSchema = z.object({
  day: z.string().refine(isDay, "not a YYYY-MM-DD day"),
  tags: z.record(z.string(), z.string()),
  costMicroUsd: z.number().refine(Number.isSafeInteger, "not a whole number of micro-dollars"),
  estimated: z.boolean(),
});
const costTotalSchema = costLineSchema.omit({ tags: true });
const costBreakdownLineSchema = costLineSchema.extend({ dimension: z.string().refine(isBreakdownDimension, "not a breakdown dimension"), value: z.string().max(256) });

export async function stageCost(db: Db, options: { runId: number; source: Source; ranges: DayRange[]; rules: readonly TagRule[]; keys: TagKeys; exploredTagKeys: readonly string[]; onChunk?: () => void }): Promise<{ gaps: SourceGap[] }> {
  const { runId } = options;
  const gaps: SourceGap[] = [];
  for await (const chunk of options.source.dailyCost({ ranges: options.ranges, rules: options.rules, serviceTagKey: options.keys.serviceTagKey, cellTagKey: options.keys.cellTagKey, exploredTagKeys: options.exploredTagKeys })) {
    options.onChunk?.();
    if ("gap" in chunk) {
      gaps.push(chunk.gap);
      continue;
    }
    if ("totals" in chunk) {
      const totals = chunk.totals.map((t) => checkFromSource(costTotalSchema, t, "cost total"));
      await bulkInsert(db, "SyncStageCost", ["runId", "day", "applicationId", "service", "costMicroUsd", "estimated", "isTotal"], totals.map((t) => [runId, t.day, null, null, big(t.costMicroUsd), t.estimated, true]));
      continue;
    }
    if ("breakdownLines" in chunk) {
      // What each application's cost is made of (by AWS service, region, account, explored tag): summed per day, application, dimension and value.
      const summed = new Map<string, { day: Day; applicationId: number; dimension: string; value: string; cost: number; estimated: boolean }>();
      for (const raw of chunk.breakdownLines) {
        const line = checkFromSource(costBreakdownLineSchema, raw, "cost line of a breakdown");
        const { applicationId } = classify(line.tags, options.rules, options.keys);
        if (applicationId === null) continue;
        const key = `${line.day}|${applicationId}|${line.dimension}|${line.value}`;
        const s = summed.get(key) ?? { day: line.day, applicationId, dimension: line.dimension, value: line.value, cost: 0, estimated: false };
        s.cost += line.costMicroUsd;
        s.estimated ||= line.estimated;
        summed.set(key, s);
      }
      await bulkInsert(db, "SyncStageCost", ["runId", "day", "applicationId", "service", "costMicroUsd", "estimated", "isTotal", "breakdown", "breakdownValue"], [...summed.values()].map((s) => [runId, s.day, s.applicationId, null, big(s.cost), s.estimated, false, s.dimension, s.value]));
      continue;
    }
    // Lines of a page, summed per day and scope before they are kept.
    const scoped = new Map<string, { day: Day; applicationId: number | null; service: string | null; cost: number; estimated: boolean }>();
    for (const raw of chunk.lines) {
      const line = checkFromSource(costLineSchema, raw, "cost line");
      const { applicationId, service } = classify(line.tags, options.rules, options.keys);
      const key = `${line.day}|${applicationId ?? ""}|${service ?? ""}`;
      const s = scoped.get(key) ?? { day: line.day, applicationId, service, cost: 0, estimated: false };
      s.cost += line.costMicroUsd;
      s.estimated ||= line.estimated;
      scoped.set(key, s);
    }
    await bulkInsert(db, "SyncStageCost", ["runId", "day", "applicationId", "service", "costMicroUsd", "estimated", "isTotal"], [...scoped.values()].map((s) => [runId, s.day, s.applicationId, s.service, big(s.cost), s.estimated, false]));
  }
  return { gaps };
}

/** Services named in cost lines that no resource brought in (cost tagged with a service whose resources the listing does not show). */
export async function ensureCostServices(db: Db, runId: number): Promise<void> {
  // GROUP BY in the database: Prisma's `distinct` would fetch every staged line (a year of a large account) and dedupe in memory.
  const named = await db.syncStageCost.groupBy({ by: ["applicationId", "service"], where: { runId, isTotal: false, breakdown: null, applicationId: { not: null }, service: { not: null } } });
  await addServices(db, named.map((n) => ({ applicationId: n.applicationId as number, name: n.service as string })), new Map());
}

const SERVICES_PER_READ = 100;

type ResourceRow = { id: number; arn: string; name: string; type: string; region: string; tags: unknown; serviceId: number | null };

/**
 * Each service's daily traffic over the range, from its planned metrics
 * (lib/domain/metric-plan.ts), rolled up and staged. A service whose metrics could
 * not be read is reported, so that its stored traffic is left as it was.
 */
export async function stageTraffic(
  db: Db,
  options: { runId: number; accountId: number; source: Source; range: DayRange; now: Date; onGroup?: (done: number, total: number) => void },
): Promise<{ gaps: SourceGap[]; failedServiceIds: Set<number> }> {
  const { runId, range } = options;
  const services = await db.service.findMany({ where: { application: { accountId: options.accountId } }, select: { id: true, applicationId: true, name: true }, orderBy: { id: "asc" } });
  const inFlight = new Map<string, { serviceId: number; resources: RollupResource[] }>();

  async function* groups(): AsyncIterable<MetricGroup> {
    for (let i = 0; i < services.length; i += SERVICES_PER_READ) {
      const batch = services.slice(i, i + SERVICES_PER_READ);
      const rows: ResourceRow[] = await db.resource.findMany({
        where: { serviceId: { in: batch.map((s) => s.id) }, goneSince: null },
        select: { id: true, arn: true, name: true, type: true, region: true, tags: true, serviceId: true },
      });
      for (const service of batch) {
        const own = rows.filter((r) => r.serviceId === service.id);
        const planned = planServiceMetrics(own, "daily");
        if (planned.length === 0) continue;
        const key = serviceKeyOf(service.applicationId, service.name);
        inFlight.set(key, { serviceId: service.id, resources: own.map((r) => ({ arn: r.arn, type: r.type, serviceKey: key })) });
        yield { key, requests: planned.map((p) => ({ resource: toSourceResource(p.resource), kinds: p.kinds })) };
      }
    }
  }

  const window = { start: dayStart(range.from), end: dayStart(addDays(range.to, 1)), periodSeconds: 86_400 };
  const gaps: SourceGap[] = [];
  const failedServiceIds = new Set<number>();
  let done = 0;
  for await (const result of options.source.resourceMetrics(groups(), window)) {
    const entry = inFlight.get(result.key);
    inFlight.delete(result.key);
    options.onGroup?.(++done, services.length);
    if (!entry) continue;
    if ("gap" in result) {
      gaps.push(result.gap);
      failedServiceIds.add(entry.serviceId);
      continue;
    }
    const days = rollupServiceDays(entry.resources, result.series).get(result.key);
    if (!days) continue;
    const rows = [...days]
      .filter(([day]) => inRange(day, range))
      .map(([day, t]) => [runId, entry.serviceId, day, big(t.requestCount), big(t.count4xx), big(t.count5xx), big(t.throttleCount), t.latencyP99Ms === null ? null : Math.round(t.latencyP99Ms * 10) / 10]);
    await bulkInsert(db, "SyncStageTraffic", ["runId", "serviceId", "day", "requestCount", "count4xx", "count5xx", "throttleCount", "latencyP99Ms"], rows as (string | number | bigint | null)[][]);
  }
  return { gaps, failedServiceIds };
}

function toSourceResource(r: ResourceRow): SourceResource {
  return { arn: r.arn, name: r.name, type: r.type, region: r.region, tags: (r.tags ?? {}) as Record<string, string> };
}

/**
 * Per-operation figures (Application Signals) for the account's services. A service
 * is matched by its name; a name that two applications share is left out, since the
 * operations could be either's.
 */
export async function stageOperations(db: Db, options: { runId: number; accountId: number; source: Source; range: DayRange }): Promise<{ gaps: SourceGap[]; ambiguous: string[] }> {
  const services = await db.service.findMany({ where: { application: { accountId: options.accountId } }, select: { id: true, name: true } });
  const byName = new Map<string, number | null>();
  for (const s of services) byName.set(s.name, byName.has(s.name) ? null : s.id);
  const names = [...byName].filter(([, id]) => id !== null).map(([name]) => name);
  const ambiguous = [...byName].filter(([, id]) => id === null).map(([name]) => name);
  const gaps: SourceGap[] = [];
  if (names.length === 0) return { gaps, ambiguous };
  for await (const chunk of options.source.operations(names, options.range)) {
    if ("gap" in chunk) {
      gaps.push(chunk.gap);
      continue;
    }
    const rows = chunk.operations
      .filter((o) => isDay(o.day) && o.day >= options.range.from && o.day <= options.range.to && Number.isFinite(o.requestCount))
      .flatMap((o) => {
        const serviceId = byName.get(o.service);
        if (!serviceId) return [];
        return [[options.runId, serviceId, o.day, o.operation.slice(0, 256), big(o.requestCount), big(o.faultCount), big(o.errorCount), o.latencyAvgMs === null || !Number.isFinite(o.latencyAvgMs) ? null : o.latencyAvgMs]];
      });
    await bulkInsert(db, "SyncStageOperation", ["runId", "serviceId", "day", "operation", "requestCount", "faultCount", "errorCount", "latencyAvgMs"], rows as (string | number | bigint | null)[][]);
  }
  return { gaps, ambiguous };
}

/** Staging rows of a run, when it ends whichever way. */
export async function clearStaging(db: Db, runId: number): Promise<void> {
  await db.syncStageCost.deleteMany({ where: { runId } });
  await db.syncStageTraffic.deleteMany({ where: { runId } });
  await db.syncStageOperation.deleteMany({ where: { runId } });
}

