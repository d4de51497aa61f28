// The month-end projection on the demo's stored days, and a budget against it.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setMonthlyBudget } from "../lib/data/application-settings";
import { getApplicationForecast } from "../lib/data/forecast";
import { evaluateBudgets } from "../lib/jobs/evaluate-budgets";
import { toDay } from "../lib/domain/day";
import { daysInMonth } from "../lib/domain/forecast";
import { deleteTagBudgetAction, setTagBudgetAction } from "../app/settings/accounts/actions";
import { runExplore } from "../lib/data/explore";
import { getTagForecast, listTagBudgets } from "../lib/data/tag-budgets";
import { parseExploreQuery } from "../lib/domain/explore";
import { createAppContext, type AppContext } from "./app-context";
import { actAs } from "./next-mocks";

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
    expect(String((sent[1]?.payload as { summary: string }).summary)).toMatch(/^Fulfilment is projected over its \d{4}-\d\d budget: \$[\d,]+ against \$[\d,]+ \(11\d\u00a0%\)$/);
  });
});

describe("a tag value's month", () => {
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };

  it("is projected from the tag's daily cost across applications, and its budget warns the webhooks of the applications that spend it, once per step", async () => {
    const today = toDay(new Date());
    const forecast = await getTagForecast(ctx.db, ctx.accountId, "cost-center", "payments", today);
    // The payments cost center is the storefront's checkout and payments: the tag's month so far is theirs.
    const soFar = await ctx.db.costBreakdownDay.aggregate({ where: { dimension: "tag:cost-center", value: "payments", day: { gte: `${today.slice(0, 7)}-01`, lt: today } }, _sum: { costMicroUsd: true } });
    expect(forecast!.toDateMicroUsd).toBe(Number(soFar._sum.costMicroUsd ?? 0));
    expect(forecast!.projectedMicroUsd).toBeGreaterThan(forecast!.toDateMicroUsd);

    const storefrontHook = await ctx.db.webhook.create({ data: { applicationId: ctx.apps.storefront!.id, url: "https://hooks.example.com/payments", format: "generic" } });
    const fulfilmentHook = await ctx.db.webhook.create({ data: { applicationId: ctx.apps.fulfilment!.id, url: "https://hooks.example.com/ops", format: "slack" } });
    actAs(ctx.cookies.admin);
    const budgetUsd = Math.round((forecast!.projectedMicroUsd * 0.9) / 1e6);
    expect(await setTagBudgetAction(null, form({ tagKey: "cost-center", tagValue: "payments", monthlyBudgetUsd: String(budgetUsd) }))).toMatchObject({ ok: true, message: `Budget for cost-center = payments: $${budgetUsd.toLocaleString("en-US")} a month.` });
    for (let i = 0; i < 2; i++) await evaluateBudgets(ctx.db, ctx.accountId);
    const sent = await ctx.db.webhookDelivery.findMany({ where: { webhookId: storefrontHook.id, event: { startsWith: "budget" } } });
    expect(sent.map((d) => [d.event, d.budgetMonth])).toEqual([["budget_over", `${today.slice(0, 7)} cost-center=payments`]]);
    expect(sent[0]?.payload).toMatchObject({ event: "budget.over", application: null, tag: { key: "cost-center", value: "payments" }, budgetUsd });
    expect(String((sent[0]?.payload as { url: string }).url)).toContain("/explore?range=mtd&f=tag%3Acost-center%3Apayments");
    // Fulfilment spends nothing under payments: its webhook hears nothing of it.
    expect(await ctx.db.webhookDelivery.count({ where: { webhookId: fulfilmentHook.id, budgetMonth: { contains: "payments" } } })).toBe(0);

    const listed = await listTagBudgets(ctx.db, ctx.accountId, today);
    expect(listed).toEqual([expect.objectContaining({ tagKey: "cost-center", tagValue: "payments", budgetMicroUsd: budgetUsd * 1e6, status: "over" })]);
    // Explore, filtered to the tag value for the month so far, shows the same projection against the budget.
    const explored = await runExplore(ctx.db, ctx.accountId, parseExploreQuery({ range: "mtd", f: "tag:cost-center:payments" }, today));
    expect(explored.budgetMicroUsd).toBe(budgetUsd * 1e6);
    expect(explored.forecast?.projectedMicroUsd).toBeCloseTo(forecast!.projectedMicroUsd, -1);
  });

  it("needs an explored tag key, an amount over $0, and an admin; removing it is audited", async () => {
    actAs(ctx.cookies.admin);
    expect(await setTagBudgetAction(null, form({ tagKey: "team", tagValue: "data", monthlyBudgetUsd: "100" }))).toMatchObject({ ok: false, status: 422, error: expect.stringContaining("'team' is not explored") });
    expect(await setTagBudgetAction(null, form({ tagKey: "cost-center", tagValue: "payments", monthlyBudgetUsd: "0" }))).toMatchObject({ ok: false, fieldErrors: { monthlyBudgetUsd: "The budget is more than $0." } });
    actAs(ctx.cookies.engineer);
    expect(await setTagBudgetAction(null, form({ tagKey: "cost-center", tagValue: "payments", monthlyBudgetUsd: "100" }))).toMatchObject({ ok: false, status: 403 });
    actAs(ctx.cookies.admin);
    const budget = await ctx.db.tagBudget.findFirstOrThrow({ where: { tagValue: "payments" } });
    expect(await deleteTagBudgetAction(null, form({ id: String(budget.id) }))).toMatchObject({ ok: true, message: "Removed the budget for cost-center = payments." });
    expect(await ctx.db.tagBudget.count()).toBe(0);
    expect((await ctx.db.auditEvent.findMany({ where: { action: { startsWith: "tagBudget." } }, orderBy: { id: "asc" } })).map((a) => a.action)).toEqual(["tagBudget.set", "tagBudget.deleted"]);
  });

  it("on the 1st of a month, before the month has a day of cost, warns the webhooks of the applications that spent it lately", async () => {
    const first = `${toDay(new Date()).slice(0, 7)}-01`;
    const forecast = await getTagForecast(ctx.db, ctx.accountId, "cost-center", "payments", first);
    expect(forecast).toMatchObject({ daysCounted: 0, toDateMicroUsd: 0 });
    const hook = await ctx.db.webhook.create({ data: { applicationId: ctx.apps.storefront!.id, url: "https://hooks.example.com/first", format: "generic" } });
    const budget = await ctx.db.tagBudget.create({ data: { accountId: ctx.accountId, tagKey: "cost-center", tagValue: "payments", monthlyBudgetMicroUsd: BigInt(Math.round(forecast!.projectedMicroUsd / 2)) } });
    try {
      await evaluateBudgets(ctx.db, ctx.accountId, new Date(`${first}T06:00:00Z`));
      const sent = await ctx.db.webhookDelivery.findMany({ where: { webhookId: hook.id, budgetMonth: { contains: "cost-center" } } });
      expect(sent.map((d) => [d.event, d.budgetMonth])).toEqual([["budget_over", `${first.slice(0, 7)} cost-center=payments`]]);
    } finally {
      await ctx.db.tagBudget.delete({ where: { id: budget.id } });
    }
  });
});
