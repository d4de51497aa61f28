import type { Day } from "./day";
import { classify, type TagKeys, type TagRule, type Tags } from "./tag-rules";

export interface CostLineInput {
  day: Day;
  tags: Tags;
  costMicroUsd: number;
  estimated: boolean;
}

/** Cost of one day in one scope: a service, an application's shared pool (service null), or unallocated (application null). */
export interface ScopedCost {
  day: Day;
  applicationId: number | null;
  service: string | null;
  costMicroUsd: number;
  /** True when any part of it is still an estimate. */
  estimated: boolean;
}

/**
 * Attributes cost lines (grouped by tags) to applications and services through
 * the ordered tag rules, and sums them per day and scope. Credits (negative
 * lines) are summed like any other line, so a scope can end up negative.
 */
export function scopeCostLines(lines: readonly CostLineInput[], orderedRules: readonly TagRule[], keys: TagKeys): ScopedCost[] {
  const scopes = new Map<string, ScopedCost>();
  for (const line of lines) {
    const { applicationId, service } = classify(line.tags, orderedRules, keys);
    const key = `${line.day}|${applicationId ?? ""}|${service ?? ""}`;
    const scope = scopes.get(key);
    if (scope) {
      scope.costMicroUsd += line.costMicroUsd;
      scope.estimated ||= line.estimated;
    } else {
      scopes.set(key, { day: line.day, applicationId, service, costMicroUsd: line.costMicroUsd, estimated: line.estimated });
    }
  }
  return [...scopes.values()];
}

/** Tag coverage: the share of cost that lands in an application. Null when there is no cost at all. */
export function tagCoverage(allocatedMicroUsd: number, totalMicroUsd: number): number | null {
  if (totalMicroUsd <= 0) return null;
  return Math.min(1, Math.max(0, allocatedMicroUsd / totalMicroUsd));
}
