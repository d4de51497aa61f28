// Splitting an application's shared pool (cost with no service tag: a shared
// database, NAT, load balancer) between its services. Money stays in integer
// micro-dollars: the pool is divided once, the leftover micro-dollars go to the
// largest fractional shares (ties by service name), so the parts always add up to
// the whole, credits (negative pools) included.

export type AllocationStrategy =
  | { kind: "requests" }
  | { kind: "even" }
  | { kind: "weights"; weights: Readonly<Record<string, number>> };

export const STRATEGY_KINDS = ["requests", "even", "weights"] as const;

export interface ServiceDay {
  service: string;
  ownCostMicroUsd: number;
  requestCount: number;
}

export interface AllocatedServiceDay extends ServiceDay {
  sharedCostMicroUsd: number;
}

export interface DayAllocation {
  services: AllocatedServiceDay[];
  /** Shared cost no service could carry (no service was active that day); shown apart, never dropped. */
  unassignedMicroUsd: number;
}

/**
 * Divides `total` (integer) in proportion to `weights` (>= 0, not all zero) by the
 * largest-remainder method. The result sums to `total` exactly.
 */
export function splitProportionally(total: number, weights: readonly { key: string; weight: number }[]): Map<string, number> {
  if (!Number.isSafeInteger(total)) throw new Error(`splitProportionally: ${total} is not a whole number of micro-dollars`);
  const sum = weights.reduce((a, w) => a + w.weight, 0);
  if (!(sum > 0)) throw new Error("splitProportionally: the weights add up to nothing");
  const sign = total < 0 ? -1 : 1;
  const magnitude = Math.abs(total);
  const parts = weights.map((w) => {
    const exact = (magnitude * w.weight) / sum;
    const floor = Math.floor(exact);
    return { key: w.key, floor, fraction: exact - floor };
  });
  let leftover = magnitude - parts.reduce((a, p) => a + p.floor, 0);
  const order = [...parts].sort((a, b) => b.fraction - a.fraction || a.key.localeCompare(b.key));
  for (const part of order) {
    if (leftover <= 0) break;
    part.floor += 1;
    leftover -= 1;
  }
  return new Map(parts.map((p) => [p.key, sign * p.floor || 0]));
}

/** The weight each service gets under a strategy; services with no activity that day take no part. */
function weightsFor(services: readonly ServiceDay[], strategy: AllocationStrategy): { key: string; weight: number }[] {
  const active = services.filter((s) => s.requestCount > 0 || s.ownCostMicroUsd !== 0);
  const even = () => active.map((s) => ({ key: s.service, weight: 1 }));
  switch (strategy.kind) {
    case "even":
      return even();
    case "requests": {
      const byRequests = active.map((s) => ({ key: s.service, weight: Math.max(0, s.requestCount) }));
      // A day without any traffic still has a shared bill: split it evenly rather than lose it.
      return byRequests.some((w) => w.weight > 0) ? byRequests : even();
    }
    case "weights": {
      const weighted = services.map((s) => ({ key: s.service, weight: Math.max(0, strategy.weights[s.service] ?? 0) })).filter((w) => w.weight > 0);
      return weighted.length > 0 ? weighted : even();
    }
  }
}

/** One day of one application: each service's own cost plus its share of the pool. */
export function allocateDay(sharedMicroUsd: number, services: readonly ServiceDay[], strategy: AllocationStrategy): DayAllocation {
  const weights = weightsFor(services, strategy);
  if (sharedMicroUsd === 0 || weights.length === 0) {
    return { services: services.map((s) => ({ ...s, sharedCostMicroUsd: 0 })), unassignedMicroUsd: sharedMicroUsd };
  }
  const shares = splitProportionally(sharedMicroUsd, weights);
  return { services: services.map((s) => ({ ...s, sharedCostMicroUsd: shares.get(s.service) ?? 0 })), unassignedMicroUsd: 0 };
}

/** Reads a stored strategy; anything unreadable falls back to the default (by requests). */
export function parseStrategy(kind: string, weights: unknown): AllocationStrategy {
  if (kind === "even") return { kind: "even" };
  if (kind === "weights" && weights && typeof weights === "object" && !Array.isArray(weights)) {
    const clean = Object.fromEntries(Object.entries(weights as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1]) && e[1] >= 0));
    return { kind: "weights", weights: clean };
  }
  return { kind: "requests" };
}
