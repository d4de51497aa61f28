// Monthly budgets on one value of an explored tag key (cost-center=payments), across
// the applications that spend it: the month's projection from the tag's daily
// breakdown (the recent-rate model, lib/domain/forecast.ts), against the budget.
import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { parseExploredTagKeys, tagBreakdown } from "../domain/breakdown";
import { addDays, type Day } from "../domain/day";
import { budgetStatus, FORECAST_SPREAD_DAYS, forecastMonth, type BudgetStatus, type MonthForecast } from "../domain/forecast";
import { NotFoundError, UnprocessableError } from "../errors";
import { num } from "./sql";

export interface TagBudgetView {
  id: number;
  tagKey: string;
  tagValue: string;
  budgetMicroUsd: number;
  forecast: MonthForecast | null;
  status: BudgetStatus | null;
}

/** The month's projection of what one tag value costs, over every application. */
export async function getTagForecast(db: Db, accountId: number, tagKey: string, tagValue: string, today: Day): Promise<MonthForecast | null> {
  const rows = await db.costBreakdownDay.groupBy({
    by: ["day"],
    where: { application: { accountId }, dimension: tagBreakdown(tagKey), value: tagValue, day: { gte: addDays(`${today.slice(0, 7)}-01`, -FORECAST_SPREAD_DAYS), lt: today } },
    _sum: { costMicroUsd: true },
  });
  return forecastMonth(rows.map((r) => ({ day: r.day, costMicroUsd: num(r._sum.costMicroUsd) })).filter((d) => d.costMicroUsd !== 0), today);
}

export async function listTagBudgets(db: Db, accountId: number, today: Day): Promise<TagBudgetView[]> {
  const budgets = await db.tagBudget.findMany({ where: { accountId }, orderBy: [{ tagKey: "asc" }, { tagValue: "asc" }] });
  const out: TagBudgetView[] = [];
  for (const b of budgets) {
    const forecast = await getTagForecast(db, accountId, b.tagKey, b.tagValue, today);
    const budgetMicroUsd = num(b.monthlyBudgetMicroUsd);
    out.push({ id: b.id, tagKey: b.tagKey, tagValue: b.tagValue, budgetMicroUsd, forecast, status: forecast ? budgetStatus(forecast.projectedMicroUsd, budgetMicroUsd) : null });
  }
  return out;
}

/** The budget of one tag value, if it has one. */
export async function findTagBudget(db: Db, accountId: number, tagKey: string, tagValue: string): Promise<number | null> {
  const b = await db.tagBudget.findUnique({ where: { accountId_tagKey_tagValue: { accountId, tagKey, tagValue } } });
  return b ? num(b.monthlyBudgetMicroUsd) : null;
}

export const tagBudgetInput = z.object({
  tagKey: z.string().trim().min(1, "Choose a tag key.").max(128),
  tagValue: z.string().trim().min(1, "Give the tag's value (cost-center=payments: payments).").max(256),
  monthlyBudgetUsd: z.coerce.number({ message: "The budget is a number of dollars." }).positive("The budget is more than $0.").max(1e9, "At most $1,000,000,000 a month."),
});

/** Sets (or changes) a tag value's monthly budget; the key must be one the account explores. Audited. */
export async function setTagBudget(db: Db, accountId: number, input: z.infer<typeof tagBudgetInput>, actor: AuditActor) {
  return db.$transaction(async (tx) => {
    const account = await tx.cloudAccount.findUniqueOrThrow({ where: { id: accountId }, select: { exploredTagKeys: true } });
    if (!parseExploredTagKeys(account.exploredTagKeys).includes(input.tagKey)) {
      throw new UnprocessableError(`The tag '${input.tagKey}' is not explored: add it to the explored tag keys first, so that the sync reads its cost.`, { tagKey: "Not an explored tag key." });
    }
    const micro = BigInt(Math.round(input.monthlyBudgetUsd * 1e6));
    const key = { accountId_tagKey_tagValue: { accountId, tagKey: input.tagKey, tagValue: input.tagValue } };
    const before = await tx.tagBudget.findUnique({ where: key });
    const after = await tx.tagBudget.upsert({ where: key, create: { accountId, tagKey: input.tagKey, tagValue: input.tagValue, monthlyBudgetMicroUsd: micro }, update: { monthlyBudgetMicroUsd: micro } });
    await recordAudit(tx, {
      actor,
      action: "tagBudget.set",
      object: { type: "tagBudget", id: after.id, label: `${after.tagKey}=${after.tagValue}` },
      before: before ? { monthlyBudgetUsd: Number(before.monthlyBudgetMicroUsd) / 1e6 } : undefined,
      after: { monthlyBudgetUsd: Number(micro) / 1e6 },
    });
    return after;
  });
}

export async function deleteTagBudget(db: Db, accountId: number, id: number, actor: AuditActor) {
  return db.$transaction(async (tx) => {
    const budget = await tx.tagBudget.findFirst({ where: { id, accountId } });
    if (!budget) throw new NotFoundError("No such budget.");
    await tx.tagBudget.delete({ where: { id } });
    await recordAudit(tx, { actor, action: "tagBudget.deleted", object: { type: "tagBudget", id, label: `${budget.tagKey}=${budget.tagValue}` }, before: { monthlyBudgetUsd: Number(budget.monthlyBudgetMicroUsd) / 1e6 } });
    return budget;
  });
}

/** The tag's values seen this month and last (for the form's suggestions), biggest first. */
export async function tagValuesSeen(db: Db, accountId: number, tagKeys: readonly string[], today: Day): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const key of tagKeys) {
    const rows = await db.costBreakdownDay.groupBy({ by: ["value"], where: { application: { accountId }, dimension: tagBreakdown(key), day: { gte: addDays(today, -45) }, value: { not: "" } }, _sum: { costMicroUsd: true } });
    out[key] = rows.sort((a, b) => num(b._sum.costMicroUsd) - num(a._sum.costMicroUsd)).map((r) => r.value);
  }
  return out;
}
