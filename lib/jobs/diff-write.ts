// Writes the rows a sync wants in place of the rows that are there, touching only
// what differs, so that running the same sync twice changes nothing.

export interface WriteCounts {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export const zeroCounts = (): WriteCounts => ({ inserted: 0, updated: 0, deleted: 0, unchanged: 0 });

export function addCounts(a: WriteCounts, b: WriteCounts): WriteCounts {
  return { inserted: a.inserted + b.inserted, updated: a.updated + b.updated, deleted: a.deleted + b.deleted, unchanged: a.unchanged + b.unchanged };
}

export interface DiffPlan<E, D> {
  existing: readonly E[];
  desired: readonly D[];
  keyOfExisting: (row: E) => string;
  keyOfDesired: (row: D) => string;
  same: (existing: E, desired: D) => boolean;
  create: (rows: D[]) => Promise<unknown>;
  /** Every stored row that differs, with what it should be: all at once (lib/data/bulk-write.ts updateRecords). */
  update: (changed: [existing: E, desired: D][]) => Promise<unknown>;
  /** Deletes (or retires) rows the sync no longer reports and says how many it changed; omit to keep them. */
  remove?: (rows: E[]) => Promise<number>;
}

export async function diffWrite<E, D>(plan: DiffPlan<E, D>): Promise<WriteCounts> {
  const counts = zeroCounts();
  const existing = new Map(plan.existing.map((row) => [plan.keyOfExisting(row), row]));
  const toCreate: D[] = [];
  const changed: [E, D][] = [];
  for (const row of plan.desired) {
    const key = plan.keyOfDesired(row);
    const current = existing.get(key);
    existing.delete(key);
    if (!current) toCreate.push(row);
    else if (plan.same(current, row)) counts.unchanged++;
    else changed.push([current, row]);
  }
  if (changed.length > 0) {
    await plan.update(changed);
    counts.updated += changed.length;
  }
  if (toCreate.length > 0) {
    await plan.create(toCreate);
    counts.inserted += toCreate.length;
  }
  const leftover = [...existing.values()];
  if (plan.remove && leftover.length > 0) counts.deleted += await plan.remove(leftover);
  return counts;
}
