// After every sync: each application's month projection against its budget, and each
// tag value's (across the applications that spend it). When it reaches 80 % of the
// budget, and again when it goes over, one message per webhook (the outbox's unique
// key: webhook, budget and month, event), whatever the number of syncs. A tag value's
// messages go to the webhooks of the applications with cost under it this month (on
// the 1st, in the days its projection is made from).
import type { Db, Prisma } from "../db/client";
import { publicBaseUrl } from "../env";
import { addDays, toDay } from "../domain/day";
import { budgetGenericPayload, budgetSlackPayload, FORECAST_SPREAD_DAYS, type BudgetMessage } from "../domain/forecast";
import { slackEscape } from "../domain/incidents";
import { getApplicationForecast } from "../data/forecast";
import { listTagBudgets } from "../data/tag-budgets";
import { tagBreakdown } from "../domain/breakdown";

export async function evaluateBudgets(db: Db, accountId: number, now = new Date()): Promise<{ messages: number }> {
  const today = toDay(now);
  const apps = await db.application.findMany({ where: { accountId, monthlyBudgetMicroUsd: { not: null } }, include: { webhooks: { where: { enabled: true } } } });
  let messages = 0;
  for (const app of apps) {
    const { forecast, budgetMicroUsd, status } = await getApplicationForecast(db, app.id, today);
    if (!forecast || budgetMicroUsd === null || status === null || status === "under") continue;
    const message: BudgetMessage = { status, application: app.name, forecast, budgetMicroUsd, url: `${publicBaseUrl()}/applications/${app.slug}` };
    messages += await enqueue(db, app.webhooks, message, forecast.month, now);
  }
  for (const budget of await listTagBudgets(db, accountId, today)) {
    const { forecast, status } = budget;
    if (!forecast || status === null || status === "under") continue;
    // Who spends it: this month so far; on the 1st, before the month has a day, the days its projection is made from.
    const from = forecast.daysCounted > 0 ? `${forecast.month}-01` : addDays(today, -FORECAST_SPREAD_DAYS);
    const spenders = await db.costBreakdownDay.findMany({ where: { application: { accountId }, dimension: tagBreakdown(budget.tagKey), value: budget.tagValue, day: { gte: from, lt: today }, costMicroUsd: { gt: 0 } }, distinct: ["applicationId"], select: { applicationId: true } });
    const hooks = await db.webhook.findMany({ where: { enabled: true, applicationId: { in: spenders.map((s) => s.applicationId) } } });
    const search = new URLSearchParams({ range: "mtd", f: `${tagBreakdown(budget.tagKey)}:${budget.tagValue}` });
    const message: BudgetMessage = { status, application: `${budget.tagKey} ${budget.tagValue}`, tag: { key: budget.tagKey, value: budget.tagValue }, forecast, budgetMicroUsd: budget.budgetMicroUsd, url: `${publicBaseUrl()}/explore?${search}` };
    messages += await enqueue(db, hooks, message, `${forecast.month} ${budget.tagKey}=${budget.tagValue}`, now);
  }
  return { messages };
}

/** One message per webhook and (budget, month, event): a second evaluation finds it queued already. */
async function enqueue(db: Db, hooks: readonly { id: number; format: string }[], message: BudgetMessage, budgetMonth: string, now: Date): Promise<number> {
  const event = message.status === "over" ? "budget_over" : "budget_warning";
  let queued = 0;
  for (const hook of hooks) {
    const payload = (hook.format === "slack" ? budgetSlackPayload(message, slackEscape) : budgetGenericPayload(message)) as Prisma.InputJsonValue;
    const existing = await db.webhookDelivery.findUnique({ where: { webhookId_budgetMonth_event: { webhookId: hook.id, budgetMonth, event } } });
    if (existing) continue;
    await db.webhookDelivery.create({ data: { webhookId: hook.id, budgetMonth, event, payload, nextAttemptAt: now } });
    queued++;
  }
  return queued;
}
