// The headline business metric is chosen, not taken from whichever metric sorts
// first: declaring gb_processed with three points must not turn Storefront's
// "cost per order" into a three-day "cost per GB".
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { saveMetricAction } from "../app/applications/[slug]/metrics/actions";
import { updateDetailsAction } from "../app/applications/[slug]/settings/actions";
import { getApplication } from "../lib/data/application-detail";
import { getUnitCosts, listMetrics } from "../lib/data/business-metrics";
import { costWindow } from "../lib/data/cost-window";
import { ingestPoints } from "../lib/data/metric-ingest";
import { lastDays, rangeLength } from "../lib/domain/date-range";
import { addDays } from "../lib/domain/day";
import { headlineMetric } from "../lib/domain/unit-cost";
import { createAppContext, type AppContext } from "./app-context";
import { actAs } from "./next-mocks";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createAppContext({ days: 10 });
  actAs(ctx.cookies.engineer);
});
afterAll(async () => ctx.close());

function form(fields: Record<string, string | number>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, String(v));
  return f;
}

const daysAgo = (n: number) => addDays(ctx.today, -n);

async function headline() {
  const app = (await getApplication(ctx.db, ctx.accountId, "storefront"))!;
  return headlineMetric(await listMetrics(ctx.db, app.id), app.headlineMetricId);
}

describe("the headline business metric", () => {
  it("stays orders when an engineer declares gb_processed and imports three points; choosing it changes it, and says over how few days", async () => {
    const storefront = ctx.apps.storefront!.id;
    expect((await headline())?.name).toBe("orders");

    expect(await saveMetricAction(null, form({ applicationId: storefront, metricId: "", name: "gb_processed", unit: "GB", aggregation: "sum", origin: "push", revenuePerUnitUsd: "" }))).toMatchObject({ ok: true });
    await ingestPoints(ctx.db, storefront, [1, 2, 3].map((n) => ({ metric: "gb_processed", timestamp: daysAgo(n), value: 100 + n })), { actor: { kind: "system", label: "test" } });
    expect((await headline())?.name).toBe("orders");

    const gb = await ctx.db.businessMetric.findFirstOrThrow({ where: { applicationId: storefront, name: "gb_processed" } });
    const saved = await updateDetailsAction(null, form({ applicationId: storefront, name: "Storefront", description: "", headlineMetricId: gb.id }));
    expect(saved).toMatchObject({ ok: true });
    const chosen = (await headline())!;
    expect(chosen.name).toBe("gb_processed");

    // The page compares the days the metric has with the days that have cost.
    const window = await costWindow(ctx.db, ctx.accountId, lastDays(30, ctx.today));
    const unit = await getUnitCosts(ctx.db, storefront, chosen, window.costRange!, await listMetrics(ctx.db, storefront));
    expect(unit.total.days).toBe(3);
    expect(rangeLength(window.costRange!)).toBeGreaterThan(3);

    const audit = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "application.changed", applicationId: storefront }, orderBy: { id: "desc" } });
    expect(JSON.parse(JSON.stringify(audit.before))).toMatchObject({ headlineMetric: null });
    expect(JSON.parse(JSON.stringify(audit.after))).toMatchObject({ headlineMetric: "gb_processed" });
  });

  it("goes back to the default when the choice is emptied, and a form without the field leaves it", async () => {
    const storefront = ctx.apps.storefront!.id;
    const gb = await ctx.db.businessMetric.findFirstOrThrow({ where: { applicationId: storefront, name: "gb_processed" } });
    await updateDetailsAction(null, form({ applicationId: storefront, name: "Storefront", description: "", headlineMetricId: gb.id }));
    expect(await updateDetailsAction(null, form({ applicationId: storefront, name: "Storefront", description: "Web shop" }))).toMatchObject({ ok: true });
    expect((await headline())?.name).toBe("gb_processed");
    expect(await updateDetailsAction(null, form({ applicationId: storefront, name: "Storefront", description: "", headlineMetricId: "" }))).toMatchObject({ ok: true });
    expect((await headline())?.name).toBe("orders");
  });

  it.each([
    ["another application's metric", "fulfilment", 400, /not one of this application's/],
    ["a metric that does not exist", null, 400, /not one of this application's/],
  ])("refuses %s and changes nothing", async (_name, otherApp, status, message) => {
    const storefront = ctx.apps.storefront!.id;
    const id = otherApp ? (await ctx.db.businessMetric.findFirstOrThrow({ where: { applicationId: ctx.apps[otherApp]!.id } })).id : 999_999;
    const result = await updateDetailsAction(null, form({ applicationId: storefront, name: "Renamed", description: "", headlineMetricId: id }));
    expect(result).toMatchObject({ ok: false, status, error: expect.stringMatching(message) });
    const app = await ctx.db.application.findUniqueOrThrow({ where: { id: storefront } });
    expect(app.name).toBe("Storefront");
    expect(app.headlineMetricId).toBeNull();
  });

  it("refuses a value that is not a metric id", async () => {
    const result = await updateDetailsAction(null, form({ applicationId: ctx.apps.storefront!.id, name: "Storefront", description: "", headlineMetricId: "orders" }));
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { headlineMetricId: expect.any(String) } });
  });
});
