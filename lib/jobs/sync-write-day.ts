// One day moved out of staging into what pages read, in one transaction: its cost
// (when read this time, whole), its traffic (services whose metrics failed keep
// what they had), operations, business points, the allocation of the shared pools,
// and the day's status with its reconciliation. A page never sees half a day.
import type { Db } from "../db/client";
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

const num = (v: bigint | number) => Number(v);

export async function writeDay(db: Db, accountId: number, write: DayWrite, serviceIds: ReadonlyMap<string, number>, applicationIds: number[]): Promise<DayResult> {
  const { day, runId } = write;
  const [staged, traffic, operations] = await Promise.all([
    write.cost ? db.syncStageCost.findMany({ where: { runId, day } }) : [],
    write.traffic ? db.syncStageTraffic.findMany({ where: { runId, day } }) : [],
    write.traffic ? db.syncStageOperation.findMany({ where: { runId, day } }) : [],
  ]);

  const scopes = new Map<string, { accountId: number; day: Day; scope: string; applicationId: number | null; serviceId: number | null; costMicroUsd: bigint; estimated: boolean }>();
  let total: number | null = null;
  let lines = 0;
  let estimated = false;
  for (const row of staged) {
    estimated ||= row.estimated;
    if (row.isTotal) {
      total = (total ?? 0) + num(row.costMicroUsd);
      continue;
    }
    lines += num(row.costMicroUsd);
    const serviceId = row.applicationId !== null && row.service !== null ? (serviceIds.get(serviceKeyOf(row.applicationId, row.service)) ?? null) : null;
    const scope = costScope(row.applicationId, serviceId);
    const s = scopes.get(scope) ?? { accountId, day, scope, applicationId: row.applicationId, serviceId, costMicroUsd: 0n, estimated: false };
    s.costMicroUsd += row.costMicroUsd;
    s.estimated ||= row.estimated;
    scopes.set(scope, s);
  }
  const keep = [...write.keepTrafficServiceIds];

  const counts = await db.$transaction(async (tx) => {
    let c = zeroCounts();
    if (write.cost) {
      c = addCounts(
        c,
        await diffWrite({
          existing: await tx.costDay.findMany({ where: { accountId, day } }),
          desired: [...scopes.values()],
          keyOfExisting: (r) => r.scope,
          keyOfDesired: (r) => r.scope,
          same: (e, d) => e.costMicroUsd === d.costMicroUsd && e.estimated === d.estimated && e.applicationId === d.applicationId && e.serviceId === d.serviceId,
          create: (rows) => tx.costDay.createMany({ data: rows }),
          update: (e, d) => tx.costDay.update({ where: { id: e.id }, data: d }),
          remove: async (rows) => (await tx.costDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
        }),
      );
    }
    if (write.traffic) {
      const accountServices = { service: { application: { accountId } }, ...(keep.length ? { serviceId: { notIn: keep } } : {}) };
      c = addCounts(
        c,
        await diffWrite({
          existing: await tx.serviceDay.findMany({ where: { day, ...accountServices } }),
          desired: traffic.filter((t) => !write.keepTrafficServiceIds.has(t.serviceId)).map(({ serviceId, requestCount, count4xx, count5xx, throttleCount, latencyP99Ms }) => ({ serviceId, day, requestCount, count4xx, count5xx, throttleCount, latencyP99Ms })),
          keyOfExisting: (r) => String(r.serviceId),
          keyOfDesired: (r) => String(r.serviceId),
          same: (e, d) => e.requestCount === d.requestCount && e.count4xx === d.count4xx && e.count5xx === d.count5xx && e.throttleCount === d.throttleCount && e.latencyP99Ms === d.latencyP99Ms,
          create: (rows) => tx.serviceDay.createMany({ data: rows }),
          update: (e, d) => tx.serviceDay.update({ where: { id: e.id }, data: d }),
          remove: async (rows) => (await tx.serviceDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
        }),
      );
      c = addCounts(
        c,
        await diffWrite({
          existing: await tx.serviceOperationDay.findMany({ where: { day, ...accountServices } }),
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
    c = addCounts(c, await writeAllocation(tx, applicationIds, [day]));
    await saveDayStatus(tx, accountId, day, {
      ...write.status,
      // A day with nothing from Cost Explorer yet (today) is not final either.
      ...(write.cost ? { costEstimated: estimated || staged.length === 0, totalMicroUsd: total === null ? null : BigInt(total), linesMicroUsd: BigInt(lines) } : {}),
    });
    return c;
  });
  return { counts, reconciliation: write.cost && total !== null ? { totalMicroUsd: total, linesMicroUsd: lines } : null };
}
