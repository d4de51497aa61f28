// Days moved out of staging into what pages read, a few whole days in one
// transaction: their cost (when read this time, whole), traffic (services whose
// metrics failed keep what they had), operations, business points, the allocation of
// the shared pools, and each day's status with its reconciliation. A page never sees
// half a day. Inside the transaction the days are written a few whole applications at
// a time, so that memory holds one batch of services, not a large account's days; and
// a transaction takes as many whole days as make one batch, so that a small account's
// sync is a few transactions of a month each, not ninety of a few statements each.
import { insertRecords, sqlTimestamp, updateRecords } from "../data/bulk-write";
import type { Db, Prisma } from "../db/client";
import type { Day } from "../domain/day";
import { writeAllocation } from "./allocation-write";
import { addCounts, diffWrite, zeroCounts, type WriteCounts } from "./diff-write";
import { saveDayStatus, type DayStatusUpdate } from "./sync-days";
import { serviceKeyOf } from "./sync-inventory";

export function costScope(applicationId: number | null, serviceId: number | null): string {
  if (serviceId !== null) return `svc:${serviceId}`;
  if (applicationId !== null) return `app:${applicationId}`;
  return "unallocated";
}

/** Services written together: whole applications (one's allocation needs all of its services), about this many at a time. */
export const SERVICES_PER_BATCH = 500;

/**
 * Service-days one transaction writes: as many whole days as make one batch (an account
 * of 500 services or more writes a day at a time, a batch of services at a time, as
 * before; 200 services two days; the demo's 11 services a month). So memory holds no
 * more than a batch did, and SQLite's write lock is held no longer than a large day's.
 */
export const SERVICE_DAYS_PER_WRITE = SERVICES_PER_BATCH;
/** And never more days than this in one transaction. */
export const MAX_DAYS_PER_WRITE = 31;

/** How many days one transaction takes for an account of this many services. */
export function daysPerWrite(services: number, serviceDaysPerWrite = SERVICE_DAYS_PER_WRITE): number {
  return Math.min(MAX_DAYS_PER_WRITE, Math.max(1, Math.floor(serviceDaysPerWrite / Math.max(1, services))));
}

export interface DayLayout {
  /** `serviceKeyOf(applicationId, name)` → service id */
  serviceIds: ReadonlyMap<string, number>;
  applicationIds: number[];
  batches: { applicationIds: number[]; serviceIds: number[] }[];
}

/** Applications packed into batches of about `servicesPerBatch` services (an application larger than that is a batch of its own). */
export function dayLayout(services: readonly { id: number; applicationId: number; name: string }[], applicationIds: readonly number[], servicesPerBatch = SERVICES_PER_BATCH): DayLayout {
  const byApp = new Map<number, number[]>(applicationIds.map((id) => [id, []]));
  for (const s of services) byApp.get(s.applicationId)?.push(s.id);
  const batches: DayLayout["batches"] = [];
  let current: DayLayout["batches"][number] = { applicationIds: [], serviceIds: [] };
  for (const [applicationId, ids] of byApp) {
    if (current.applicationIds.length && current.serviceIds.length + ids.length > servicesPerBatch) {
      batches.push(current);
      current = { applicationIds: [], serviceIds: [] };
    }
    current.applicationIds.push(applicationId);
    current.serviceIds.push(...ids);
  }
  if (current.applicationIds.length) batches.push(current);
  return { serviceIds: new Map(services.map((s) => [serviceKeyOf(s.applicationId, s.name), s.id])), applicationIds: [...applicationIds], batches };
}

/** A business metric's point of the day. */
export type BusinessPoint = { metricId: number; ts: Date; day: Day; value: number };

export interface DayWrite {
  day: Day;
  runId: number;
  /** Cost was read this time, without a gap: replace the day's cost. */
  cost: boolean;
  /** Traffic (and operations) were read this time: replace them, but for these services. */
  traffic: boolean;
  keepTrafficServiceIds: ReadonlySet<number>;
  business: { metricIds: number[]; points: BusinessPoint[] } | null;
  status: DayStatusUpdate;
}

/** What decides how a day is written: days written together must agree on it. */
const shapeOf = (w: DayWrite) => `${w.cost}|${w.traffic}|${w.business !== null}`;

/** Days in order, cut into runs written together: at most `maxDays` each, of one shape. */
export function groupDayWrites(writes: readonly DayWrite[], maxDays: number): DayWrite[][] {
  const groups: DayWrite[][] = [];
  for (const w of writes) {
    const last = groups.at(-1);
    if (last && last.length < maxDays && shapeOf(last[0]!) === shapeOf(w)) last.push(w);
    else groups.push([w]);
  }
  return groups;
}

/** Lines (applications and unallocated) against Cost Explorer's total. */
export interface Reconciliation {
  totalMicroUsd: number;
  linesMicroUsd: number;
}

export interface DaysResult {
  counts: WriteCounts;
  /** Per day written, in order; null when no total was read for it. */
  reconciliations: (Reconciliation | null)[];
}

const num = (v: bigint | number | null) => Number(v ?? 0);
type Tx = Prisma.TransactionClient;

/**
 * The day's cost lines of some applications, summed per scope, replacing what is stored.
 * `null`: the unallocated line, and anything of an application the layout does not know.
 */
async function writeCost(tx: Tx, accountId: number, runId: number, days: Day[], layout: DayLayout, applicationIds: number[] | null): Promise<WriteCounts> {
  const { serviceIds } = layout;
  const day = { in: days };
  const apps =
    applicationIds !== null
      ? { applicationId: { in: applicationIds } }
      : layout.applicationIds.length
        ? { OR: [{ applicationId: null }, { applicationId: { notIn: layout.applicationIds } }] }
        : {};
  const staged = await tx.syncStageCost.findMany({ where: { runId, day, isTotal: false, breakdown: null, ...apps }, select: { day: true, applicationId: true, service: true, costMicroUsd: true, estimated: true } });
  const scopes = new Map<string, { accountId: number; day: Day; scope: string; applicationId: number | null; serviceId: number | null; costMicroUsd: bigint; estimated: boolean }>();
  for (const row of staged) {
    const serviceId = row.applicationId !== null && row.service !== null ? (serviceIds.get(serviceKeyOf(row.applicationId, row.service)) ?? null) : null;
    const scope = costScope(row.applicationId, serviceId);
    const key = `${row.day}|${scope}`;
    const s = scopes.get(key) ?? { accountId, day: row.day, scope, applicationId: row.applicationId, serviceId, costMicroUsd: 0n, estimated: false };
    s.costMicroUsd += row.costMicroUsd;
    s.estimated ||= row.estimated;
    scopes.set(key, s);
  }
  return diffWrite({
    existing: await tx.costDay.findMany({ where: { accountId, day, ...apps } }),
    desired: [...scopes.values()],
    keyOfExisting: (r) => `${r.day}|${r.scope}`,
    keyOfDesired: (r) => `${r.day}|${r.scope}`,
    same: (e, d) => e.costMicroUsd === d.costMicroUsd && e.estimated === d.estimated && e.applicationId === d.applicationId && e.serviceId === d.serviceId,
    create: (rows) => insertRecords(tx, "CostDay", ["accountId", "day", "scope", "applicationId", "serviceId", "costMicroUsd", "estimated"], rows),
    update: (changed) => updateRecords(tx, "CostDay", ["applicationId", "serviceId", "costMicroUsd", "estimated"], changed),
    remove: async (rows) => (await tx.costDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
  });
}

/**
 * Some applications' cost of the day by each breakdown (AWS service, region,
 * account, explored tags), replacing what is stored: a dimension no longer read (a
 * tag key no longer explored) goes. A source that gives no breakdown (none staged
 * for the day) leaves what is stored.
 */
async function writeBreakdowns(tx: Tx, runId: number, days: Day[], applicationIds: number[]): Promise<WriteCounts> {
  const day = { in: days };
  const staged = await tx.syncStageCost.findMany({ where: { runId, day, breakdown: { not: null }, applicationId: { in: applicationIds } }, select: { day: true, applicationId: true, breakdown: true, breakdownValue: true, costMicroUsd: true, estimated: true } });
  // A day with no breakdown staged keeps what is stored (the source gives none).
  const stagedDays = new Set(staged.map((r) => r.day));
  if (stagedDays.size === 0) return zeroCounts();
  const keyOf = (r: { day: Day; applicationId: number; dimension: string; value: string }) => `${r.day}|${r.applicationId}|${r.dimension}|${r.value}`;
  const desired = new Map<string, { applicationId: number; day: Day; dimension: string; value: string; costMicroUsd: bigint; estimated: boolean }>();
  for (const row of staged) {
    const d0 = { applicationId: row.applicationId as number, day: row.day, dimension: row.breakdown as string, value: row.breakdownValue ?? "", costMicroUsd: 0n, estimated: false };
    const d = desired.get(keyOf(d0)) ?? d0;
    d.costMicroUsd += row.costMicroUsd;
    d.estimated ||= row.estimated;
    desired.set(keyOf(d), d);
  }
  return diffWrite({
    existing: await tx.costBreakdownDay.findMany({ where: { day: { in: [...stagedDays] }, applicationId: { in: applicationIds } } }),
    desired: [...desired.values()],
    keyOfExisting: keyOf,
    keyOfDesired: keyOf,
    same: (e, d) => e.costMicroUsd === d.costMicroUsd && e.estimated === d.estimated,
    create: (rows) => insertRecords(tx, "CostBreakdownDay", ["applicationId", "day", "dimension", "value", "costMicroUsd", "estimated"], rows),
    update: (changed) => updateRecords(tx, "CostBreakdownDay", ["costMicroUsd", "estimated"], changed),
    remove: async (rows) => (await tx.costBreakdownDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
  });
}

/** Traffic and operations of some services, replacing what is stored, but for services whose metrics failed this time. */
async function writeTraffic(tx: Tx, runId: number, days: Day[], keepServiceIds: ReadonlySet<number>, serviceIds: number[]): Promise<WriteCounts> {
  const ids = serviceIds.filter((id) => !keepServiceIds.has(id));
  if (ids.length === 0) return zeroCounts();
  const serviceId = { in: ids };
  const day = { in: days };
  // In turn, not at once: one transaction, one connection.
  const traffic = await tx.syncStageTraffic.findMany({ where: { runId, day, serviceId } });
  const operations = await tx.syncStageOperation.findMany({ where: { runId, day, serviceId } });
  const counts = await diffWrite({
    existing: await tx.serviceDay.findMany({ where: { day, serviceId } }),
    desired: traffic.map(({ serviceId, day, requestCount, count4xx, count5xx, throttleCount, latencyP99Ms }) => ({ serviceId, day, requestCount, count4xx, count5xx, throttleCount, latencyP99Ms })),
    keyOfExisting: (r) => `${r.day}|${r.serviceId}`,
    keyOfDesired: (r) => `${r.day}|${r.serviceId}`,
    same: (e, d) => e.requestCount === d.requestCount && e.count4xx === d.count4xx && e.count5xx === d.count5xx && e.throttleCount === d.throttleCount && e.latencyP99Ms === d.latencyP99Ms,
    create: (rows) => insertRecords(tx, "ServiceDay", ["serviceId", "day", "requestCount", "count4xx", "count5xx", "throttleCount", "latencyP99Ms"], rows),
    update: (changed) => updateRecords(tx, "ServiceDay", ["requestCount", "count4xx", "count5xx", "throttleCount", "latencyP99Ms"], changed),
    remove: async (rows) => (await tx.serviceDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
  });
  return addCounts(
    counts,
    await diffWrite({
      existing: await tx.serviceOperationDay.findMany({ where: { day, serviceId } }),
      desired: operations.map(({ serviceId, day, operation, requestCount, faultCount, errorCount, latencyAvgMs }) => ({ serviceId, day, operation, requestCount, faultCount, errorCount, latencyAvgMs })),
      keyOfExisting: (r) => `${r.day}|${r.serviceId}|${r.operation}`,
      keyOfDesired: (r) => `${r.day}|${r.serviceId}|${r.operation}`,
      same: (e, d) => e.requestCount === d.requestCount && e.faultCount === d.faultCount && e.errorCount === d.errorCount && e.latencyAvgMs === d.latencyAvgMs,
      create: (rows) => insertRecords(tx, "ServiceOperationDay", ["serviceId", "day", "operation", "requestCount", "faultCount", "errorCount", "latencyAvgMs"], rows),
      update: (changed) => updateRecords(tx, "ServiceOperationDay", ["requestCount", "faultCount", "errorCount", "latencyAvgMs"], changed),
      remove: async (rows) => (await tx.serviceOperationDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
    }),
  );
}

/** Days of one shape (`groupDayWrites`), in order, written in one transaction. */
export async function writeDays(db: Db, accountId: number, writes: readonly DayWrite[], layout: DayLayout): Promise<DaysResult> {
  const first = writes[0];
  if (!first) return { counts: zeroCounts(), reconciliations: [] };
  if (writes.some((w) => shapeOf(w) !== shapeOf(first) || w.runId !== first.runId)) throw new Error("writeDays: days written together must be of one shape (groupDayWrites)");
  const { runId, cost, traffic } = first;
  const days = writes.map((w) => w.day);
  // The reconciliation from sums in the database: no line is held for it.
  const sums = new Map<Day, { total: number | null; lines: number; estimated: boolean; staged: number }>(days.map((d) => [d, { total: null, lines: 0, estimated: false, staged: 0 }]));
  if (cost) {
    for (const g of await db.syncStageCost.groupBy({ by: ["day", "isTotal", "estimated"], where: { runId, day: { in: days }, breakdown: null }, _sum: { costMicroUsd: true }, _count: { _all: true } })) {
      const s = sums.get(g.day);
      if (!s) continue;
      s.staged += g._count._all;
      s.estimated ||= g.estimated;
      if (g.isTotal) s.total = (s.total ?? 0) + num(g._sum.costMicroUsd);
      else s.lines += num(g._sum.costMicroUsd);
    }
  }

  const counts = await db.$transaction(async (tx) => {
    let c = zeroCounts();
    for (const batch of layout.batches) {
      if (cost) c = addCounts(c, await writeCost(tx, accountId, runId, days, layout, batch.applicationIds));
      if (cost) c = addCounts(c, await writeBreakdowns(tx, runId, days, batch.applicationIds));
      if (traffic) c = addCounts(c, await writeTraffic(tx, runId, days, first.keepTrafficServiceIds, batch.serviceIds));
      c = addCounts(c, await writeAllocation(tx, batch.applicationIds, days));
    }
    // The unallocated line (and anything staged for an application the layout does not know).
    if (cost) c = addCounts(c, await writeCost(tx, accountId, runId, days, layout, null));
    if (first.business) {
      const metricIds = first.business.metricIds;
      const points = writes.flatMap((w) => w.business?.points ?? []);
      c = addCounts(
        c,
        await diffWrite({
          existing: metricIds.length ? await tx.businessMetricPoint.findMany({ where: { day: { in: days }, metricId: { in: metricIds } } }) : [],
          desired: points,
          keyOfExisting: (r) => `${r.metricId}|${r.ts.toISOString()}`,
          keyOfDesired: (r) => `${r.metricId}|${r.ts.toISOString()}`,
          same: (e, d) => e.value === d.value,
          create: (rows) => insertRecords(tx, "BusinessMetricPoint", ["metricId", "ts", "day", "value"], rows.map((r) => ({ ...r, ts: sqlTimestamp(r.ts) }))),
          update: (changed) => updateRecords(tx, "BusinessMetricPoint", ["value"], changed),
          remove: async (rows) => (await tx.businessMetricPoint.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
        }),
      );
    }
    for (const w of writes) {
      const s = sums.get(w.day)!;
      await saveDayStatus(tx, accountId, w.day, {
        ...w.status,
        // A day with nothing from Cost Explorer yet (today) is not final either.
        ...(cost ? { costEstimated: s.estimated || s.staged === 0, totalMicroUsd: s.total === null ? null : BigInt(s.total), linesMicroUsd: BigInt(s.lines) } : {}),
      });
    }
    return c;
  });
  return {
    counts,
    reconciliations: days.map((d) => {
      const s = sums.get(d)!;
      return cost && s.total !== null ? { totalMicroUsd: s.total, linesMicroUsd: s.lines } : null;
    }),
  };
}
