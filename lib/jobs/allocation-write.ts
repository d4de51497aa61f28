// Keeps ServiceCostDay (and each application's daily sums, ApplicationCostDay) in step with
// CostDay and ServiceDay: after the sync writes a day, and after an application's
// allocation strategy changes (every day again).
import { insertRecords, updateRecords } from "../data/bulk-write";
import type { Db, Prisma } from "../db/client";
import { allocateDay, parseStrategy, type AllocationStrategy } from "../domain/allocation";
import type { Day } from "../domain/day";
import { addCounts, diffWrite, type WriteCounts } from "./diff-write";

type Client = Db | Prisma.TransactionClient;
const big = (n: number) => BigInt(n);

/**
 * Recomputes the allocated cost of the given applications, on the given days (all
 * days when omitted), from what is stored, and writes only the rows that differ.
 * Run it inside the transaction that changed the inputs.
 */
export async function writeAllocation(tx: Client, applicationIds: number[], days?: Day[]): Promise<WriteCounts> {
  const dayFilter = days ? { day: { in: days } } : {};
  // One after another: a transaction has one connection, and PostgreSQL's driver queues (and will refuse) queries sent on it at once.
  const apps = await tx.application.findMany({ where: { id: { in: applicationIds } }, select: { id: true, allocationStrategy: true, allocationWeights: true } });
  const services = await tx.service.findMany({ where: { applicationId: { in: applicationIds } }, select: { id: true, name: true, applicationId: true } });
  const costs = await tx.costDay.findMany({ where: { applicationId: { in: applicationIds }, ...dayFilter }, select: { day: true, applicationId: true, serviceId: true, costMicroUsd: true, estimated: true } });
  const traffic = await tx.serviceDay.findMany({ where: { service: { applicationId: { in: applicationIds } }, ...dayFilter }, select: { day: true, serviceId: true, requestCount: true } });
  const existing = await tx.serviceCostDay.findMany({ where: { applicationId: { in: applicationIds }, ...dayFilter } });
  const strategies = new Map<number, AllocationStrategy>(apps.map((a) => [a.id, parseStrategy(a.allocationStrategy, a.allocationWeights)]));
  const serviceById = new Map(services.map((s) => [s.id, s]));

  // (application, day) → the pool and each service's own cost and requests
  type Cell = { own: number; requests: number; estimated: boolean };
  const groups = new Map<string, { applicationId: number; day: Day; shared: number; sharedEstimated: boolean; services: Map<number, Cell> }>();
  const group = (applicationId: number, day: Day) => {
    const key = `${applicationId}|${day}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { applicationId, day, shared: 0, sharedEstimated: false, services: new Map() }));
    return g;
  };
  const cell = (g: ReturnType<typeof group>, serviceId: number) => {
    let c = g.services.get(serviceId);
    if (!c) g.services.set(serviceId, (c = { own: 0, requests: 0, estimated: false }));
    return c;
  };
  for (const row of costs) {
    if (row.applicationId === null) continue;
    const g = group(row.applicationId, row.day);
    if (row.serviceId === null) {
      g.shared += Number(row.costMicroUsd);
      g.sharedEstimated ||= row.estimated;
    } else {
      const c = cell(g, row.serviceId);
      c.own += Number(row.costMicroUsd);
      c.estimated ||= row.estimated;
    }
  }
  for (const row of traffic) {
    const service = serviceById.get(row.serviceId);
    if (service) cell(group(service.applicationId, row.day), row.serviceId).requests += Number(row.requestCount);
  }

  const desired = [...groups.values()].flatMap((g) => {
    const ids = [...g.services.keys()];
    const allocation = allocateDay(
      g.shared,
      ids.map((id) => ({ service: serviceById.get(id)?.name ?? String(id), ownCostMicroUsd: g.services.get(id)!.own, requestCount: g.services.get(id)!.requests })),
      strategies.get(g.applicationId) ?? { kind: "requests" },
    );
    return allocation.services.map((s, i) => {
      const serviceId = ids[i] as number;
      const c = g.services.get(serviceId)!;
      return {
        serviceId,
        applicationId: g.applicationId,
        day: g.day,
        ownCostMicroUsd: big(s.ownCostMicroUsd),
        sharedCostMicroUsd: big(s.sharedCostMicroUsd),
        requestCount: big(c.requests),
        estimated: c.estimated || (g.sharedEstimated && s.sharedCostMicroUsd !== 0),
      };
    });
  });

  const perService = await diffWrite({
    existing,
    desired,
    keyOfExisting: (r) => `${r.serviceId}|${r.day}`,
    keyOfDesired: (r) => `${r.serviceId}|${r.day}`,
    same: (e, d) => e.ownCostMicroUsd === d.ownCostMicroUsd && e.sharedCostMicroUsd === d.sharedCostMicroUsd && e.requestCount === d.requestCount && e.estimated === d.estimated,
    create: (rows) => insertRecords(tx, "ServiceCostDay", ["serviceId", "applicationId", "day", "ownCostMicroUsd", "sharedCostMicroUsd", "requestCount", "estimated"], rows),
    update: (changed) => updateRecords(tx, "ServiceCostDay", ["applicationId", "ownCostMicroUsd", "sharedCostMicroUsd", "requestCount", "estimated"], changed),
    remove: async (rows) => (await tx.serviceCostDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
  });

  // Per application and day, everything it spent (the pool too, split or not: a pool with no
  // service to take it is still the application's) and its requests: the applications list and
  // Explore by application read these.
  const rollup = [...groups.values()].map((g) => {
    const cells = [...g.services.values()];
    return {
      applicationId: g.applicationId,
      day: g.day,
      costMicroUsd: big(g.shared + cells.reduce((sum, c) => sum + c.own, 0)),
      sharedMicroUsd: big(g.shared),
      requestCount: big(cells.reduce((sum, c) => sum + c.requests, 0)),
      estimated: g.sharedEstimated || cells.some((c) => c.estimated),
    };
  });
  const applications = await diffWrite({
    existing: await tx.applicationCostDay.findMany({ where: { applicationId: { in: applicationIds }, ...dayFilter } }),
    desired: rollup,
    keyOfExisting: (r) => `${r.applicationId}|${r.day}`,
    keyOfDesired: (r) => `${r.applicationId}|${r.day}`,
    same: (e, d) => e.costMicroUsd === d.costMicroUsd && e.sharedMicroUsd === d.sharedMicroUsd && e.requestCount === d.requestCount && e.estimated === d.estimated,
    create: (rows) => insertRecords(tx, "ApplicationCostDay", ["applicationId", "day", "costMicroUsd", "sharedMicroUsd", "requestCount", "estimated"], rows),
    update: (changed) => updateRecords(tx, "ApplicationCostDay", ["costMicroUsd", "sharedMicroUsd", "requestCount", "estimated"], changed),
    remove: async (rows) => (await tx.applicationCostDay.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count,
  });
  return addCounts(perService, applications);
}
