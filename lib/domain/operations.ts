// Cost per request per operation (CloudWatch Application Signals). A service's
// allocated cost is split over its operations in proportion to their busy time —
// requests × mean latency — on each day, by the largest-remainder method, so the
// operations' costs add up to the service's cost to the micro-dollar. It is an
// estimate: it assumes a busy millisecond costs the same in every operation.
import { splitProportionally } from "./allocation";
import type { Day } from "./day";

export interface OperationUsage {
  operation: string;
  requestCount: number;
  faultCount: number;
  errorCount: number;
  /** Mean latency in milliseconds; null when not known. */
  latencyAvgMs: number | null;
}

export interface ServiceOperationDayInput {
  day: Day;
  /** The service's allocated cost that day (own cost and its share of the pool). */
  serviceCostMicroUsd: number;
  operations: readonly OperationUsage[];
}

export interface OperationCost {
  operation: string;
  requestCount: number;
  faultCount: number;
  errorCount: number;
  /** Request-weighted mean latency over the days. */
  latencyAvgMs: number | null;
  /** Share of the service's busy time, 0..1. */
  busyShare: number;
  costMicroUsd: number;
  /** null: no requests. */
  costPerMillionMicroUsd: number | null;
}

export interface OperationCosts {
  operations: OperationCost[];
  /** The service's cost on days with operation data: what the operations' costs add up to. */
  coveredMicroUsd: number;
  /** The service's cost on days without operation data (before instrumentation, or no traffic): not split. */
  uncoveredMicroUsd: number;
}

const busyOf = (o: OperationUsage) => o.requestCount * (o.latencyAvgMs ?? 0);

/** One day: the service's cost over its operations by busy time; by requests when no latency is known; nothing without requests. */
export function splitDay(serviceCostMicroUsd: number, operations: readonly OperationUsage[]): Map<string, number> | null {
  const byBusy = operations.map((o) => ({ key: o.operation, weight: busyOf(o) }));
  const weights = byBusy.some((w) => w.weight > 0) ? byBusy : operations.map((o) => ({ key: o.operation, weight: o.requestCount }));
  if (!weights.some((w) => w.weight > 0)) return null;
  return splitProportionally(serviceCostMicroUsd, weights);
}

export function operationCosts(days: readonly ServiceOperationDayInput[]): OperationCosts {
  const acc = new Map<string, { requests: number; faults: number; errors: number; latencySum: number; latencyWeight: number; busy: number; cost: number }>();
  let covered = 0;
  let uncovered = 0;
  let busyTotal = 0;
  for (const day of days) {
    const split = splitDay(day.serviceCostMicroUsd, day.operations);
    if (!split) {
      uncovered += day.serviceCostMicroUsd;
      continue;
    }
    covered += day.serviceCostMicroUsd;
    for (const o of day.operations) {
      const a = acc.get(o.operation) ?? { requests: 0, faults: 0, errors: 0, latencySum: 0, latencyWeight: 0, busy: 0, cost: 0 };
      a.requests += o.requestCount;
      a.faults += o.faultCount;
      a.errors += o.errorCount;
      if (o.latencyAvgMs !== null && o.requestCount > 0) {
        a.latencySum += o.latencyAvgMs * o.requestCount;
        a.latencyWeight += o.requestCount;
      }
      a.busy += busyOf(o);
      busyTotal += busyOf(o);
      a.cost += split.get(o.operation) ?? 0;
      acc.set(o.operation, a);
    }
  }
  const operations = [...acc].map(([operation, a]) => ({
    operation,
    requestCount: a.requests,
    faultCount: a.faults,
    errorCount: a.errors,
    latencyAvgMs: a.latencyWeight > 0 ? a.latencySum / a.latencyWeight : null,
    busyShare: busyTotal > 0 ? a.busy / busyTotal : 0,
    costMicroUsd: a.cost,
    costPerMillionMicroUsd: a.requests > 0 ? Math.round((a.cost * 1e6) / a.requests) : null,
  }));
  operations.sort((x, y) => y.costMicroUsd - x.costMicroUsd || x.operation.localeCompare(y.operation));
  return { operations, coveredMicroUsd: covered, uncoveredMicroUsd: uncovered };
}
