// One day moved out of staging into what pages read, in one transaction: its cost
// (when read this time, whole), its traffic (services whose metrics failed keep
// what they had), operations, business points, the allocation of the shared pools,
// and the day's status with its reconciliation. A page never sees half a day.
// Inside the transaction the day is written a few whole applications at a time, so
// that memory holds one batch of services, not a large account's day.
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

export interface DayWrite {
  day: Day;
  runId: number;
  /** Cost was read this time, without a gap: replace the day's cost. */
  cost: boolean;
  /** Traffic (and operations) were read this time: replace them, but for these services. */
  traffic: boolean;
  keepTrafficServiceIds: ReadonlySet<number>;
  business: { metricIds: number[]; points: { metricId: number; ts: Date; value: number }[] } | null;
  status: DayStatusUpdate;
}

export interface DayResult {
  counts: WriteCounts;
  /** Lines (applications and unallocated) against Cost Explorer's total; null when no total was read. */
  reconciliation: { totalMicroUsd: number; linesMicroUsd: number } | null;
}

const num = (v: bigint | number | null) => Number(v ?? 0);
type Tx = Prisma.TransactionClient;

/**
 * The day's cost lines of some applications, summed per scope, replacing what is stored.
 * `null`: the unallocated line, and anything of an application the layout does not know.
 */
async function writeCost(tx: Tx, accountId: number, write: DayWrite, layout: DayLayout, applicationIds: number[] | null): Promise<WriteCounts> {
  const { day, runId } = write;
  const { serviceIds } = layout;
  const apps =
    applicationIds !== null
      ? { applicationId: { in: applicationIds } }
      : layout.applicationIds.length
        ? { OR: [{ applicationId: null }, { applicationId: { notIn: layout.applicationIds } }] }
        : {};
  const staged = await tx.syncStageCost.findMany({ where: { runId, day, isTotal: false, breakdown: null, ...apps }, select: { applicationId: true, service: true, costMicroUsd: true, estimated: true } });
  const scopes = new Map<string, { accountId: number; day: Day; scope: string; applicationId: number | null; serviceId: number | null; costMicroUsd: bigint; estimated: boolean }>();
  for (const row of staged) {
    const serviceId = row.applicationId !== null && row.service !== null ? (serviceIds.get(serviceKeyOf(row.applicationId, row.service)) ?? null) : null;
    const scope = costScope(row.applicationId, serviceId);
    const s = scopes.get(scope) ?? { accountId, day, scope, applicationId: row.applicationId, serviceId, costMicroUsd: 0n, estimated: false };
    s.costMicroUsd += row.costMicroUsd;
    s.estimated ||= row.estimated;
    scopes.set(scope, s);
  }
  return diffWrite({
    existing: await tx.costDay.findMany({ where: { accountId, day, ...apps } }),
    desired: [...scopes.values()],
    keyOfExisting: (r) => r.scope,
    keyOfDesired: (r) => r.scope,
    same: (e, d) => e.costMicroUsd === d.costMicroUsd && e.estimated === d.estimated && e.applicationId === d.applicationId && e.serviceId === d.serviceId,
    create: (rows) => tx.costDay.createMany({ data: rows }),
    update: (e, d) => tx.costDay.update({ where: { id: e.id }, data: d }),
    remove: async (rows) => (await tx.costDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
  });
}

/**
 * Some applications' cost of the day by each breakdown (AWS service, region,
 * account, explored tags), replacing what is stored: a dimension no longer read (a
 * tag key no longer explored) goes. A source that gives no breakdown (none staged
 * for the day) leaves what is stored.
 */
async function writeBreakdowns(tx: Tx, write: DayWrite, applicationIds: number[]): Promise<WriteCounts> {
  const { day, runId } = write;
  const staged = await tx.syncStageCost.findMany({ where: { runId, day, breakdown: { not: null }, applicationId: { in: applicationIds } }, select: { applicationId: true, breakdown: true, breakdownValue: true, costMicroUsd: true, estimated: true } });
  if (staged.length === 0) return zeroCounts();
  const keyOf = (r: { applicationId: number; dimension: string; value: string }) => `${r.applicationId}|${r.dimension}|${r.value}`;
  const desired = new Map<string, { applicationId: number; day: Day; dimension: string; value: string; costMicroUsd: bigint; estimated: boolean }>();
  for (const row of staged) {
    const d0 = { applicationId: row.applicationId as number, day, dimension: row.breakdown as string, value: row.breakdownValue ?? "", costMicroUsd: 0n, estimated: false };
    const d = desired.get(keyOf(d0)) ?? d0;
    d.costMicroUsd += row.costMicroUsd;
    d.estimated ||= row.estimated;
    desired.set(keyOf(d), d);
  }
  return diffWrite({
    existing: await tx.costBreakdownDay.findMany({ where: { day, applicationId: { in: applicationIds } } }),
    desired: [...desired.values()],
    keyOfExisting: keyOf,
    keyOfDesired: keyOf,
    same: (e, d) => e.costMicroUsd === d.costMicroUsd && e.estimated === d.estimated,
    create: (rows) => tx.costBreakdownDay.createMany({ data: rows }),
    update: (e, d) => tx.costBreakdownDay.update({ where: { id: e.id }, data: { costMicroUsd: d.costMicroUsd, estimated: d.estimated } }),
    remove: async (rows) => (await tx.costBreakdownDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
  });
}

/** Traffic and operations of some services, replacing what is stored, but for services whose metrics failed this time. */
async function writeTraffic(tx: Tx, write: DayWrite, serviceIds: number[]): Promise<WriteCounts> {
  const { day, runId } = write;
  const ids = serviceIds.filter((id) => !write.keepTrafficServiceIds.has(id));
  if (ids.length === 0) return zeroCounts();
  const serviceId = { in: ids };
  // In turn, not at once: one transaction, one connection.
  const traffic = await tx.syncStageTraffic.findMany({ where: { runId, day, serviceId } });
  const operations = await tx.syncStageOperation.findMany({ where: { runId, day, serviceId } });
  const counts = await diffWrite({
    existing: await tx.serviceDay.findMany({ where: { day, serviceId } }),
    desired: traffic.map(({ serviceId, requestCount, count4xx, count5xx, throttleCount, latencyP99Ms }) => ({ serviceId, day, requestCount, count4xx, count5xx, throttleCount, latencyP99Ms })),
    keyOfExisting: (r) => String(r.serviceId),
    keyOfDesired: (r) => String(r.serviceId),
    same: (e, d) => e.requestCount === d.requestCount && e.count4xx === d.count4xx && e.count5xx === d.count5xx && e.throttleCount === d.throttleCount && e.latencyP99Ms === d.latencyP99Ms,
    create: (rows) => tx.serviceDay.createMany({ data: rows }),
    update: (e, d) => tx.serviceDay.update({ where: { id: e.id }, data: d }),
    remove: async (rows) => (await tx.serviceDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
  });
  return addCounts(
    counts,
    await diffWrite({
      existing: await tx.serviceOperationDay.findMany({ where: { day, serviceId } }),
      desired: operations.map(({ serviceId, operation, requestCount, faultCount, errorCount, latencyAvgMs }) => ({ serviceId, day, operation, requestCount, faultCount, errorCount, latencyAvgMs })),
      keyOfExisting: (r) => `${r.serviceId}|${r.operation}`,
      keyOfDesired: (r) => `${r.serviceId}|${r.operation}`,
      same: (e, d) => e.requestCount === d.requestCount && e.faultCount === d.faultCount && e.errorCount === d.errorCount && e.latencyAvgMs === d.latencyAvgMs,
      create: (rows) => tx.serviceOperationDay.createMany({ data: rows }),
      update: (e, d) => tx.serviceOperationDay.update({ where: { id: e.id }, data: d }),
      remove: async (rows) => (await tx.serviceOperationDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
    }),
  );
}

export async function writeDay(db: Db, accountId: number, write: DayWrite, layout: DayLayout): Promise<DayResult> {
  const { day, runId } = write;
  // The reconciliation from sums in the database: no line is held for it.
  let total: number | null = null;
  let lines = 0;
  let estimated = false;
  let staged = 0;
  if (write.cost) {
    for (const g of await db.syncStageCost.groupBy({ by: ["isTotal", "estimated"], where: { runId, day, breakdown: null }, _sum: { costMicroUsd: true }, _count: { _all: true } })) {
      staged += g._count._all;
      estimated ||= g.estimated;
      if (g.isTotal) total = (total ?? 0) + num(g._sum.costMicroUsd);
      else lines += num(g._sum.costMicroUsd);
    }
  }

  const counts = await db.$transaction(async (tx) => {
    let c = zeroCounts();
    for (const batch of layout.batches) {
      if (write.cost) c = addCounts(c, await writeCost(tx, accountId, write, layout, batch.applicationIds));
      if (write.cost) c = addCounts(c, await writeBreakdowns(tx, write, batch.applicationIds));
      if (write.traffic) c = addCounts(c, await writeTraffic(tx, write, batch.serviceIds));
      c = addCounts(c, await writeAllocation(tx, batch.applicationIds, [day]));
    }
    // The unallocated line (and anything staged for an application the layout does not know).
    if (write.cost) c = addCounts(c, await writeCost(tx, accountId, write, layout, null));
    if (write.business) {
      const { metricIds, points } = write.business;
      c = addCounts(
        c,
        await diffWrite({
          existing: metricIds.length ? await tx.businessMetricPoint.findMany({ where: { day, metricId: { in: metricIds } } }) : [],
          desired: points.map((p) => ({ ...p, day })),
          keyOfExisting: (r) => `${r.metricId}|${r.ts.toISOString()}`,
          keyOfDesired: (r) => `${r.metricId}|${r.ts.toISOString()}`,
          same: (e, d) => e.value === d.value,
          create: (rows) => tx.businessMetricPoint.createMany({ data: rows }),
          update: (e, d) => tx.businessMetricPoint.update({ where: { id: e.id }, data: { value: d.value } }),
          remove: async (rows) => (await tx.businessMetricPoint.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
        }),
      );
    }
    await saveDayStatus(tx, accountId, day, {
      ...write.status,
      // A day with nothing from Cost Explorer yet (today) is not final either.
      ...(write.cost ? { costEstimated: estimated || staged === 0, totalMicroUsd: total === null ? null : BigInt(total), linesMicroUsd: BigInt(lines) } : {}),
    });
    return c;
  });
  return { counts, reconciliation: write.cost && total !== null ? { totalMicroUsd: total, linesMicroUsd: lines } : null };
}
