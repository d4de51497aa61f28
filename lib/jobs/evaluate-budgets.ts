// After every sync: each application's month projection against its budget. When it
// reaches 80 % of the budget, and again when it goes over, one message per webhook
// (the outbox's unique key: webhook, month, event), whatever the number of syncs.
import type { Db, Prisma } from "../db/client";
import { publicBaseUrl } from "../env";
import { toDay } from "../domain/day";
import { budgetGenericPayload, budgetSlackPayload, type BudgetMessage } from "../domain/forecast";
import { slackEscape } from "../domain/incidents";
import { getApplicationForecast } from "../data/forecast";

export async function evaluateBudgets(db: Db, accountId: number, now = new Date()): Promise<{ messages: number }> {
  const today = toDay(now);
  const apps = await db.application.findMany({ where: { accountId, monthlyBudgetMicroUsd: { not: null } }, include: { webhooks: { where: { enabled: true } } } });
  let messages = 0;
  for (const app of apps) {
    const { forecast, budgetMicroUsd, status } = await getApplicationForecast(db, app.id, today);
    if (!forecast || budgetMicroUsd === null || status === null || status === "under") continue;
    const message: BudgetMessage = { status, application: app.name, forecast, budgetMicroUsd, url: `${publicBaseUrl()}/applications/${app.slug}` };
    const event = status === "over" ? "budget_over" : "budget_warning";
    for (const hook of app.webhooks) {
      const payload = (hook.format === "slack" ? budgetSlackPayload(message, slackEscape) : budgetGenericPayload(message)) as Prisma.InputJsonValue;
      const existing = await db.webhookDelivery.findUnique({ where: { webhookId_budgetMonth_event: { webhookId: hook.id, budgetMonth: forecast.month, event } } });
      if (existing) continue;
      await db.webhookDelivery.create({ data: { webhookId: hook.id, budgetMonth: forecast.month, event, payload, nextAttemptAt: now } });
      messages++;
    }
  }
  return { messages };
}
