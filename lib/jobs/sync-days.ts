// What the sync remembers per day (SyncDay): when cost and traffic were read,
// whether Cost Explorer still called the day an estimate, under which rules, what
// failed, and whether the day's lines added up to the account's total.
import { createHash } from "node:crypto";
import type { Db, Prisma } from "../db/client";
import { FIXED_BREAKDOWNS, tagBreakdown } from "../domain/breakdown";
import type { Day } from "../domain/day";
import type { DayStatus } from "../domain/sync-plan";
import type { TagRule } from "../domain/tag-rules";

/**
 * Cost read under other rules, another cost metric, other filters or other
 * breakdowns (an explored tag key added or removed) is read again: this names them.
 */
export function costQueryHash(rules: readonly TagRule[], serviceTagKey: string, costSettings: string, exploredTagKeys: readonly string[] = []): string {
  const breakdowns = [...FIXED_BREAKDOWNS, ...[...exploredTagKeys].sort().map(tagBreakdown)];
  const material = JSON.stringify({ rules: rules.map((r) => [r.position, r.key, r.value, r.applicationId]), serviceTagKey, costSettings, breakdowns });
  return createHash("sha256").update(material).digest("hex").slice(0, 32);
}

export async function loadDayStatuses(db: Db, accountId: number, from: Day, to: Day): Promise<Map<Day, DayStatus>> {
  const rows = await db.syncDay.findMany({ where: { accountId, day: { gte: from, lte: to } } });
  return new Map(
    rows.map((r) => [
      r.day,
      {
        costReadAt: r.costReadAt?.getTime() ?? null,
        costEstimated: r.costEstimated,
        costQueryHash: r.costQueryHash,
        costGap: r.costGap !== null,
        trafficReadAt: r.trafficReadAt?.getTime() ?? null,
        trafficGap: r.trafficGap !== null,
      },
    ]),
  );
}

export type DayStatusUpdate = Omit<Prisma.SyncDayUncheckedCreateInput, "id" | "accountId" | "day">;

export async function saveDayStatus(tx: Db | Prisma.TransactionClient, accountId: number, day: Day, update: DayStatusUpdate): Promise<void> {
  await tx.syncDay.upsert({ where: { accountId_day: { accountId, day } }, update, create: { accountId, day, ...update } });
}

/** A reconciliation difference of at least a cent is a mismatch: smaller ones are the rounding of many lines to micro-dollars. */
export const RECONCILIATION_TOLERANCE_MICRO_USD = 10_000;

