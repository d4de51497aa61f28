import type { Db } from "../db/client";
import type { Day } from "../domain/day";
import { writeAllocation } from "./allocation-write";
import { addCounts, diffWrite, type WriteCounts } from "./diff-write";
import { serviceKeyOf, type SyncSnapshot } from "./sync";

export function costScope(applicationId: number | null, serviceId: number | null): string {
  if (serviceId !== null) return `svc:${serviceId}`;
  if (applicationId !== null) return `app:${applicationId}`;
  return "unallocated";
}

const big = (n: number) => BigInt(Math.round(n));

/** One day of cost, traffic, allocated cost and synced business points, in one transaction. */
export async function writeDay(
  db: Db,
  accountId: number,
  day: Day,
  snapshot: SyncSnapshot,
  serviceIds: Map<string, number>,
  applicationIds: number[],
): Promise<WriteCounts> {
  const costs = snapshot.costs
    .filter((c) => c.day === day)
    .map((c) => {
      const serviceId = c.applicationId !== null && c.service !== null ? (serviceIds.get(serviceKeyOf(c.applicationId, c.service)) ?? null) : null;
      return {
        accountId,
        day,
        scope: costScope(c.applicationId, serviceId),
        applicationId: c.applicationId,
        serviceId,
        costMicroUsd: big(c.costMicroUsd),
        estimated: c.estimated,
      };
    });
  const traffic = [...snapshot.traffic].flatMap(([key, days]) => {
    const totals = days.get(day);
    const serviceId = serviceIds.get(key);
    if (!totals || serviceId === undefined) return [];
    return [
      {
        serviceId,
        day,
        requestCount: big(totals.requestCount),
        count4xx: big(totals.count4xx),
        count5xx: big(totals.count5xx),
        throttleCount: big(totals.throttleCount),
        latencyP99Ms: totals.latencyP99Ms === null ? null : Math.round(totals.latencyP99Ms * 10) / 10,
      },
    ];
  });
  const metricIds = [...snapshot.business.keys()];
  const points = [...snapshot.business].flatMap(([metricId, list]) =>
    list.filter((p) => p.day === day).map((p) => ({ metricId, ts: p.ts, day, value: p.value })),
  );

  return db.$transaction(async (tx) => {
    const costCounts = await diffWrite({
      existing: await tx.costDay.findMany({ where: { accountId, day } }),
      desired: costs,
      keyOfExisting: (r) => r.scope,
      keyOfDesired: (r) => r.scope,
      same: (e, d) => e.costMicroUsd === d.costMicroUsd && e.estimated === d.estimated && e.applicationId === d.applicationId && e.serviceId === d.serviceId,
      create: (rows) => tx.costDay.createMany({ data: rows }),
      update: (e, d) => tx.costDay.update({ where: { id: e.id }, data: d }),
      remove: async (rows) => (await tx.costDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
    });
    const trafficCounts = await diffWrite({
      existing: await tx.serviceDay.findMany({ where: { day, serviceId: { in: [...serviceIds.values()] } } }),
      desired: traffic,
      keyOfExisting: (r) => String(r.serviceId),
      keyOfDesired: (r) => String(r.serviceId),
      same: (e, d) =>
        e.requestCount === d.requestCount &&
        e.count4xx === d.count4xx &&
        e.count5xx === d.count5xx &&
        e.throttleCount === d.throttleCount &&
        e.latencyP99Ms === d.latencyP99Ms,
      create: (rows) => tx.serviceDay.createMany({ data: rows }),
      update: (e, d) => tx.serviceDay.update({ where: { id: e.id }, data: d }),
      remove: async (rows) => (await tx.serviceDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
    });
    const pointCounts = await diffWrite({
      existing: metricIds.length ? await tx.businessMetricPoint.findMany({ where: { day, metricId: { in: metricIds } } }) : [],
      desired: points,
      keyOfExisting: (r) => `${r.metricId}|${r.ts.toISOString()}`,
      keyOfDesired: (r) => `${r.metricId}|${r.ts.toISOString()}`,
      same: (e, d) => e.value === d.value,
      create: (rows) => tx.businessMetricPoint.createMany({ data: rows }),
      update: (e, d) => tx.businessMetricPoint.update({ where: { id: e.id }, data: { value: d.value } }),
      remove: async (rows) => (await tx.businessMetricPoint.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
    });
    const allocationCounts = await writeAllocation(tx, applicationIds, [day]);
    return [trafficCounts, pointCounts, allocationCounts].reduce(addCounts, costCounts);
  });
}
