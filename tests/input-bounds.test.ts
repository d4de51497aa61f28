// Inputs bounded to what money and metrics can be: a weight, a threshold or a
// value of 1e308 is refused with a message, and nothing stored changes.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { saveMetricAction } from "../app/applications/[slug]/metrics/actions";
import { saveThresholdsAction } from "../app/applications/[slug]/overload/actions";
import { setAllocationAction } from "../app/applications/[slug]/settings/actions";
import { DEFAULT_THRESHOLDS } from "../lib/domain/signals";
import { createAppContext, type AppContext } from "./app-context";
import { actAs } from "./next-mocks";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createAppContext();
  actAs(ctx.cookies.engineer);
});
afterAll(async () => ctx.close());

function form(fields: Record<string, string | number>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, String(v));
  return f;
}

describe("allocation weights", () => {
  it.each([
    ["1e308", /from 0 to 1,000,000/],
    ["1000001", /from 0 to 1,000,000/],
    ["-1", /from 0 to 1,000,000/],
    ["Infinity", /from 0 to 1,000,000/],
  ])("refuses a weight of %s and keeps the strategy", async (weight, message) => {
    const app = ctx.apps.storefront!.id;
    const result = await setAllocationAction(null, form({ applicationId: app, strategy: "weights", "weight:web": weight, "weight:checkout": 1 }));
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { "weight:web": expect.stringMatching(message) } });
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: app } })).allocationStrategy).toBe("requests");
  });

  it("takes the largest weight, and a service named like a prototype property as a plain name", async () => {
    const app = ctx.apps.platform!.id;
    const result = await setAllocationAction(null, form({ applicationId: app, strategy: "weights", "weight:auth": 1_000_000, "weight:__proto__": 2, "weight:notifications": 1 }));
    expect(result).toMatchObject({ ok: true });
    const stored = await ctx.db.application.findUniqueOrThrow({ where: { id: app } });
    expect(stored.allocationWeights).toEqual({ auth: 1_000_000, __proto__: 2, notifications: 1 });
    // Every stored day still adds up: the pool went to the services, none of it "unassigned".
    const days = await ctx.db.serviceCostDay.groupBy({ by: ["day"], where: { applicationId: app }, _sum: { ownCostMicroUsd: true, sharedCostMicroUsd: true } });
    const bills = await ctx.db.costDay.groupBy({ by: ["day"], where: { applicationId: app }, _sum: { costMicroUsd: true } });
    for (const day of days) expect(Number(day._sum.ownCostMicroUsd) + Number(day._sum.sharedCostMicroUsd)).toBe(Number(bills.find((b) => b.day === day.day)?._sum.costMicroUsd ?? 0));
  });
});

describe("overload thresholds", () => {
  it.each([
    ["queueAgeOverloadedSeconds", "1e308", /At most 14 days/],
    ["cellErrorRatio", "1e9", /At most 1,000 times/],
    ["latencyGrowthOverloaded", "1e308", /At most 100 times/],
    ["minRequests", "1e308", /./],
  ])("refuses %s = %s", async (field, value, message) => {
    const app = ctx.apps.storefront!.id;
    const result = await saveThresholdsAction(null, form({ applicationId: app, ...(DEFAULT_THRESHOLDS as unknown as Record<string, number>), [field]: value }));
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(JSON.stringify(result)).toMatch(message);
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: app } })).overloadThresholds).toBeNull();
  });
});

it("refuses a revenue per unit of 1e308", async () => {
  const result = await saveMetricAction(null, form({ applicationId: ctx.apps.storefront!.id, metricId: "", name: "big", unit: "x", aggregation: "sum", origin: "push", revenuePerUnitUsd: "1e308" }));
  expect(result).toMatchObject({ ok: false, fieldErrors: { revenuePerUnitUsd: expect.stringMatching(/At most/) } });
  expect(await ctx.db.businessMetric.count({ where: { name: "big" } })).toBe(0);
});
