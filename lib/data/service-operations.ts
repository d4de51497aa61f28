// A service's operations over a range (Application Signals), with what each one
// costs: the service's allocated cost split by busy time, day by day
// (lib/domain/operations.ts).
import type { Db } from "../db/client";
import type { Day } from "../domain/day";
import { operationCosts, type OperationCosts } from "../domain/operations";
import { num } from "./sql";

export async function getServiceOperations(db: Db, serviceId: number, from: Day, to: Day): Promise<OperationCosts & { instrumented: boolean }> {
  const [ops, costs] = await Promise.all([
    db.serviceOperationDay.findMany({ where: { serviceId, day: { gte: from, lte: to } } }),
    db.serviceCostDay.findMany({ where: { serviceId, day: { gte: from, lte: to } }, select: { day: true, ownCostMicroUsd: true, sharedCostMicroUsd: true } }),
  ]);
  const byDay = new Map<Day, typeof ops>();
  for (const o of ops) byDay.set(o.day, [...(byDay.get(o.day) ?? []), o]);
  const result = operationCosts(
    costs.map((c) => ({
      day: c.day,
      serviceCostMicroUsd: num(c.ownCostMicroUsd) + num(c.sharedCostMicroUsd),
      operations: (byDay.get(c.day) ?? []).map((o) => ({ operation: o.operation, requestCount: num(o.requestCount), faultCount: num(o.faultCount), errorCount: num(o.errorCount), latencyAvgMs: o.latencyAvgMs })),
    })),
  );
  return { ...result, instrumented: ops.length > 0 };
}
