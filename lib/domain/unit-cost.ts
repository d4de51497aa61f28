// Unit costs: what one request, one order or one active user costs. Every
// division guards its denominator: no traffic is "no traffic", never Infinity or NaN.

/** Cost per million requests, in micro-dollars; null without traffic. */
export function costPerMillionMicroUsd(costMicroUsd: number, requestCount: number): number | null {
  if (!(requestCount > 0)) return null;
  return Math.round((costMicroUsd * 1_000_000) / requestCount);
}

/** Cost per business unit (an order, an active user-day, a GB), in micro-dollars; null when there were none. */
export function costPerUnitMicroUsd(costMicroUsd: number, units: number): number | null {
  if (!(units > 0)) return null;
  return Math.round(costMicroUsd / units);
}

export type Aggregation = "sum" | "mean";

/**
 * A business metric over several days: orders add up ('sum'); active users are a
 * level, so a range shows their daily mean ('mean'). Null when no day has data.
 */
export function aggregateMetric(dailyValues: readonly number[], aggregation: Aggregation): number | null {
  if (dailyValues.length === 0) return null;
  const total = dailyValues.reduce((a, v) => a + v, 0);
  return aggregation === "sum" ? total : total / dailyValues.length;
}

/**
 * Cost per unit over a range. For a 'mean' metric (daily active users) the unit is
 * a unit-day: the range's cost over the sum of the daily values, which equals the
 * average day's cost over the average day's users.
 */
export function unitCostOverRange(costMicroUsd: number, dailyValues: readonly number[]): number | null {
  return costPerUnitMicroUsd(costMicroUsd, dailyValues.reduce((a, v) => a + v, 0));
}

export interface CompleteDay {
  costMicroUsd: number;
  requestCount: number;
}

/** Days of cost per request an estimate for today is based on. */
export const ESTIMATE_BASIS_DAYS = 7;

/**
 * Today's cost so far, before Cost Explorer has it: today's requests at the cost
 * per request of the last complete days. Null without a basis (no recent traffic).
 */
export function estimateCostSoFar(recentDays: readonly CompleteDay[], requestsToday: number): number | null {
  const basis = recentDays.slice(-ESTIMATE_BASIS_DAYS);
  const cost = basis.reduce((a, d) => a + d.costMicroUsd, 0);
  const requests = basis.reduce((a, d) => a + d.requestCount, 0);
  if (!(requests > 0) || !(requestsToday >= 0)) return null;
  return Math.round((cost * requestsToday) / requests);
}

/** Cost as a share of revenue (0.05 = 5 %); null without revenue. */
export function shareOfRevenue(costMicroUsd: number, revenueMicroUsd: number): number | null {
  if (!(revenueMicroUsd > 0)) return null;
  return costMicroUsd / revenueMicroUsd;
}

/**
 * The business metric of an application's headline unit cost: the one its people chose,
 * else the first declared that is not revenue (a revenue metric gives a share of revenue,
 * not a cost per unit), else the first declared. Declaring a metric never replaces a choice.
 */
export function headlineMetric<M extends { id: number; unit: string }>(metrics: readonly M[], chosenId: number | null): M | null {
  const declared = [...metrics].sort((a, b) => a.id - b.id);
  return declared.find((m) => m.id === chosenId) ?? declared.find((m) => m.unit !== "USD") ?? declared[0] ?? null;
}
