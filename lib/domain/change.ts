/** Relative change from `previous` to `current` (0.1 = +10 %); null when there is nothing to compare with. */
export function relativeChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/** Cost per million requests in micro-dollars; null for no traffic (never Infinity or NaN). */
export function costPerMillionMicroUsd(costMicroUsd: number, requestCount: number): number | null {
  if (!(requestCount > 0)) return null;
  return Math.round((costMicroUsd * 1_000_000) / requestCount);
}
