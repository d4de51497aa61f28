// Keeps the recent high-resolution traffic the overload signals read: 1-minute
// samples for the last 3 hours and 5-minute samples for the last 2 days, per
// service and cell. A batch of services at a time, reads the source, then writes in
// one transaction only what differs; then prunes what has aged out (1-minute samples
// roll up into 5-minute ones first). Runs after every sync and, more often, on its own.
import type { Db, Prisma } from "../db/client";
import { bulkInsert, bulkUpdate, sqlTimestamp } from "../data/bulk-write";
import { rollupSamples, rollupToFiveMinutes, SAMPLE_VALUE_FIELDS, type Sample, type SampleResource } from "../domain/samples";
import { planServiceMetrics } from "../domain/metric-plan";
import type { ResourceSeries } from "../domain/metrics";
import type { MetricGroup, MetricWindow, Source, SourceResource } from "../sources/types";
import { serviceKeyOf } from "./sync-inventory";

export const MINUTE_RETENTION_MS = 3 * 3600_000;
export const FIVE_MINUTE_RETENTION_MS = 48 * 3600_000;

export interface SampleSyncResult {
  inserted: number;
  updated: number;
  unchanged: number;
  pruned: number;
}

const VALUE_FIELDS = SAMPLE_VALUE_FIELDS;
type Row = { [K in (typeof VALUE_FIELDS)[number]]: number | null };

const INT_FIELDS = new Set(["requests", "count2xx", "count4xx", "count5xx", "throttles", "retries", "queueSent", "queueDeleted"]);

function valuesOf(s: Sample): Row {
  const row = {} as Row;
  for (const f of VALUE_FIELDS) {
    const v = s[f];
    row[f] = v === null ? null : INT_FIELDS.has(f) ? Math.round(v) : Math.round(v * 1000) / 1000;
  }
  return row;
}

const floorTo = (t: number, ms: number) => Math.floor(t / ms) * ms;

type NewSample = { serviceId: number; cell: string; periodSeconds: number; ts: Date } & Row;

/** The columns of a MetricSample row as the bulk inserts write them. */
export const SAMPLE_COLUMNS = ["serviceId", "cell", "periodSeconds", "ts", ...VALUE_FIELDS] as const;

async function insertSamples(tx: Prisma.TransactionClient, rows: NewSample[]): Promise<void> {
  await bulkInsert(tx, "MetricSample", SAMPLE_COLUMNS, rows.map((r) => [r.serviceId, r.cell, r.periodSeconds, sqlTimestamp(r.ts), ...VALUE_FIELDS.map((f) => r[f])]));
}

/** Services read and written together: a large account's recent metrics are never all in memory. */
export const SAMPLE_SERVICES_PER_BATCH = 50;

/**
 * `fiveMinute`: also read the 5-minute samples of the last 2 days from the source
 * (after a pause). Without it only the 1-minute samples are read, and 5-minute
 * samples are made from them where none is stored yet: one read per metric instead
 * of two, which is what CloudWatch charges for.
 *
 * Services go a batch at a time: read (both resolutions) first, then written in one
 * transaction, so a failing read changes nothing for the services it was reading.
 */
export async function syncSamples(db: Db, source: Source, accountId: number, now = new Date(), { fiveMinute = true, servicesPerBatch = SAMPLE_SERVICES_PER_BATCH } = {}): Promise<SampleSyncResult> {
  const minuteStart = new Date(floorTo(now.getTime() - MINUTE_RETENTION_MS, 60_000));
  const fiveStart = new Date(floorTo(now.getTime() - FIVE_MINUTE_RETENTION_MS, 300_000));
  const result: SampleSyncResult = { inserted: 0, updated: 0, unchanged: 0, pruned: 0 };
  const services = await db.service.findMany({ where: { application: { accountId } }, select: { id: true }, orderBy: { id: "asc" } });
  for (let i = 0; i < services.length; i += servicesPerBatch) {
    const batch = services.slice(i, i + servicesPerBatch).map((s) => s.id);
    const counts = await syncBatch(db, source, batch, { now, minuteStart, fiveStart, fiveMinute });
    result.inserted += counts.inserted;
    result.updated += counts.updated;
    result.unchanged += counts.unchanged;
  }
  const pruned = await db.metricSample.deleteMany({
    where: { service: { application: { accountId } }, OR: [{ periodSeconds: 60, ts: { lt: minuteStart } }, { periodSeconds: 300, ts: { lt: fiveStart } }] },
  });
  result.pruned = pruned.count;
  return result;
}

async function syncBatch(db: Db, source: Source, serviceIdList: number[], o: { now: Date; minuteStart: Date; fiveStart: Date; fiveMinute: boolean }): Promise<Omit<SampleSyncResult, "pruned">> {
  const { now } = o;
  const resources = await db.resource.findMany({
    where: { goneSince: null, serviceId: { in: serviceIdList } },
    include: { cell: { select: { name: true } }, service: { select: { id: true, name: true, applicationId: true } } },
  });
  const serviceIds = new Map<string, number>();
  const sampleResources: SampleResource[] = [];
  const byGroup = new Map<string, { resource: SourceResource; type: string }[]>();
  for (const r of resources) {
    if (!r.service) continue;
    const key = serviceKeyOf(r.service.applicationId, r.service.name);
    const cell = r.cell?.name ?? "";
    serviceIds.set(key, r.service.id);
    sampleResources.push({ arn: r.arn, type: r.type, serviceKey: key, cell });
    const group = `${key}\u0000${cell}`;
    const list = byGroup.get(group) ?? [];
    list.push({ resource: { arn: r.arn, name: r.name, type: r.type, region: r.region, tags: (r.tags ?? {}) as Record<string, string> }, type: r.type });
    byGroup.set(group, list);
  }
  if (sampleResources.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  // Only the metrics the signals read, per service and cell (lib/domain/metric-plan.ts).
  const groups: MetricGroup[] = [...byGroup].map(([key, list]) => ({ key, requests: planServiceMetrics(list, "samples").map((p) => ({ resource: p.resource.resource, kinds: p.kinds })) }));
  const read = async (window: MetricWindow) => {
    const series: ResourceSeries[] = [];
    for await (const result of source.resourceMetrics(groups, window)) {
      if ("gap" in result) throw new Error(`Recent metrics could not be read: ${result.gap.reason}`);
      series.push(...result.series);
    }
    return series;
  };

  // Read everything of the batch first: a failing source changes nothing.
  const minutes = rollupSamples(sampleResources, await read({ start: o.minuteStart, end: now, periodSeconds: 60 }), 60, now);
  const fives = o.fiveMinute ? rollupSamples(sampleResources, await read({ start: o.fiveStart, end: now, periodSeconds: 300 }), 300, now) : [];
  const keyOf = (s: { serviceKey: string; cell: string; periodSeconds: number; ts: Date }) => `${s.serviceKey}\u0000${s.cell}\u0000${s.periodSeconds}\u0000${s.ts.getTime()}`;
  const have = new Set(fives.map(keyOf));
  // Made from 1-minute samples: only where the source gave no 5-minute sample, and never over a stored one.
  const madeUp = new Set<string>();
  const rolled = rollupToFiveMinutes(minutes).filter((s) => !have.has(keyOf(s)));
  for (const s of rolled) madeUp.add(keyOf(s));
  const wanted = [...minutes, ...fives, ...rolled];

  const result = { inserted: 0, updated: 0, unchanged: 0 };
  if (wanted.length === 0) return result;
  // Only stored samples a wanted one could match: from the earliest wanted. A run without the 5-minute
  // read wants the last 3 hours, so it reads a quarter of what the 2 days stored would be.
  let earliest = Infinity;
  for (const s of wanted) earliest = Math.min(earliest, s.ts.getTime());
  const since = new Date(earliest);
  await db.$transaction(
    async (tx) => {
      const existing = await tx.metricSample.findMany({ where: { serviceId: { in: serviceIdList }, ts: { gte: since } } });
      const byKey = new Map(existing.map((e) => [`${e.serviceId}\u0000${e.cell}\u0000${e.periodSeconds}\u0000${e.ts.getTime()}`, e]));
      const creates: NewSample[] = [];
      const updates: { id: number; values: (number | null)[] }[] = [];
      for (const s of wanted) {
        const serviceId = serviceIds.get(s.serviceKey);
        if (serviceId === undefined) continue;
        const values = valuesOf(s);
        const row = byKey.get(`${serviceId}\u0000${s.cell}\u0000${s.periodSeconds}\u0000${s.ts.getTime()}`);
        if (!row) {
          creates.push({ serviceId, cell: s.cell, periodSeconds: s.periodSeconds, ts: s.ts, ...values });
        } else if (!madeUp.has(keyOf(s)) && VALUE_FIELDS.some((f) => row[f] !== values[f])) {
          updates.push({ id: row.id, values: VALUE_FIELDS.map((f) => values[f]) });
        } else result.unchanged++;
      }
      // A sample read again can differ (its minute was still filling when last read): all at once.
      result.updated = await bulkUpdate(tx, "MetricSample", VALUE_FIELDS, updates);
      await insertSamples(tx, creates);
      result.inserted = creates.length;
    },
    { timeout: 60_000 },
  );
  return result;
}
