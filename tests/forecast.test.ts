// The month-end projection on the demo's stored days, and a budget against it.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setMonthlyBudget } from "../lib/data/application-settings";
import { getApplicationForecast } from "../lib/data/forecast";
import { evaluateBudgets } from "../lib/jobs/evaluate-budgets";
import { toDay } from "../lib/domain/day";
import { daysInMonth } from "../lib/domain/forecast";
import { createAppContext, type AppContext } from "./app-context";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createAppContext({ days: 40 });
});
afterAll(async () => ctx?.close());

describe("an application's month", () => {
  it("is projected from what it has cost so far and the last week's rate", async () => {
    const today = toDay(new Date());
    const { forecast: f, status } = await getApplicationForecast(ctx.db, ctx.apps.storefront!.id, today);
    expect(f).not.toBeNull();
    const stored = await ctx.db.costDay.aggregate({ where: { applicationId: ctx.apps.storefront!.id, day: { gte: `${today.slice(0, 7)}-01`, lt: today } }, _sum: { costMicroUsd: true } });
    expect(f!.toDateMicroUsd).toBe(Number(stored._sum.costMicroUsd ?? 0));
    expect(f!.daysCounted + f!.daysLeft).toBe(daysInMonth(today));
    expect(f!.projectedMicroUsd).toBeCloseTo(f!.toDateMicroUsd + f!.daysLeft * f!.ratePerDayMicroUsd, 0);
    expect(f!.lowMicroUsd).toBeLessThanOrEqual(f!.projectedMicroUsd);
    expect(f!.highMicroUsd).toBeGreaterThanOrEqual(f!.projectedMicroUsd);
    expect(status).toBeNull();
  });

  it("is held against a budget: under, at 80 % a warning, over; each change audited", async () => {
    const id = ctx.apps.storefront!.id;
    const today = toDay(new Date());
    const projected = (await getApplicationForecast(ctx.db, id, today)).forecast!.projectedMicroUsd;
    const actor = { kind: "system", label: "test" } as const;
    for (const [budget, expected] of [
      [Math.round(projected * 2), "under"],
      [Math.round(projected * 1.1), "warning"],
      [Math.round(projected * 0.9), "over"],
    ] as const) {
      await setMonthlyBudget(ctx.db, id, budget, actor);
      expect((await getApplicationForecast(ctx.db, id, today)).status).toBe(expected);
    }
    await setMonthlyBudget(ctx.db, id, null, actor);
    expect((await getApplicationForecast(ctx.db, id, today)).budgetMicroUsd).toBeNull();
    const audit = await ctx.db.auditEvent.findMany({ where: { action: "application.budget_changed" }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(4);
    expect(audit.at(-1)?.after).toEqual({ monthlyBudgetUsd: null });
  });

  it("sends one message per webhook when the projection reaches 80 % of the budget, and one when it goes over, however often it runs", async () => {
    const id = ctx.apps.fulfilment!.id;
    const today = toDay(new Date());
    const projected = (await getApplicationForecast(ctx.db, id, today)).forecast!.projectedMicroUsd;
    const actor = { kind: "system", label: "test" } as const;
    const hook = await ctx.db.webhook.create({ data: { applicationId: id, url: "https://hooks.example.com/budget", format: "generic" } });
    await setMonthlyBudget(ctx.db, id, Math.round(projected * 2), actor);
    expect((await evaluateBudgets(ctx.db, ctx.accountId)).messages).toBe(0);
    await setMonthlyBudget(ctx.db, id, Math.round(projected * 1.1), actor);
    for (let i = 0; i < 2; i++) await evaluateBudgets(ctx.db, ctx.accountId);
    await setMonthlyBudget(ctx.db, id, Math.round(projected * 0.9), actor);
    for (let i = 0; i < 2; i++) await evaluateBudgets(ctx.db, ctx.accountId);
    const sent = await ctx.db.webhookDelivery.findMany({ where: { webhookId: hook.id }, orderBy: { id: "asc" } });
    expect(sent.map((d) => d.event)).toEqual(["budget_warning", "budget_over"]);
    expect(sent[1]?.payload).toMatchObject({ event: "budget.over", application: "Fulfilment", month: today.slice(0, 7), budgetUsd: Math.round(projected * 0.9) / 1e6 });
    expect(String((sent[1]?.payload as { summary: string }).summary)).toMatch(/^Fulfilment is projected over its \d{4}-\d\d budget: \$[\d,]+ against \$[\d,]+ \(11\d %\)$/);
  });
});
