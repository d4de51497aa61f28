import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getApplication, getServiceTable } from "../lib/data/application-detail";
import { getApplicationsOverview } from "../lib/data/applications";
import { costWindow } from "../lib/data/cost-window";
import { getDailyCostByApplication, getDailyCostByService } from "../lib/data/daily-cost";
import { getUnallocatedDaily, getUnallocatedResources } from "../lib/data/unallocated";
import { lastDays, rangeLength } from "../lib/domain/date-range";
import { addDays, toDay } from "../lib/domain/day";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { runSync } from "../lib/jobs/sync";
import { DemoSource } from "../lib/sources/demo/demo-source";
import { createTestDb, type TestDb } from "./test-db";

const NOW = new Date("2026-11-26T14:00:00Z");
const TODAY = toDay(NOW);
let t: TestDb;
let accountId: number;

beforeAll(async () => {
  t = await createTestDb();
  accountId = (await seedDemoAccount(t.db)).accountId;
  await runSync({ db: t.db, source: new DemoSource({ seed: 42, now: () => NOW }), accountId, trigger: "test", now: NOW, days: 90 });
});
afterAll(async () => t.close());

describe("applications overview", () => {
  it("uses the days that have cost, and compares with as many days before", async () => {
    const window = await costWindow(t.db, accountId, lastDays(7, TODAY));
    expect(window.costRange).toEqual({ from: addDays(TODAY, -6), to: addDays(TODAY, -1) });
    expect(window.previousCostRange).toEqual({ from: addDays(TODAY, -12), to: addDays(TODAY, -7) });
    expect(rangeLength(window.previousCostRange!)).toBe(rangeLength(window.costRange!));
  });

  it("adds up: applications plus unallocated make the total, and coverage follows", async () => {
    const overview = await getApplicationsOverview(t.db, accountId, lastDays(30, TODAY));
    const apps = overview.applications.reduce((a, app) => a + app.costMicroUsd, 0);
    expect(apps + overview.unallocatedMicroUsd).toBe(overview.totalMicroUsd);
    expect(overview.tagCoverage).toBeCloseTo(1 - overview.unallocatedMicroUsd / overview.totalMicroUsd, 10);
    expect(overview.tagCoverage).toBeGreaterThan(0.85);
    expect(overview.tagCoverage).toBeLessThan(0.97);
  });

  it("lists the three applications by cost, with unit cost and service counts", async () => {
    const { applications } = await getApplicationsOverview(t.db, accountId, lastDays(30, TODAY));
    expect(applications.map((a) => a.slug)).toEqual(["storefront", "fulfilment", "platform"]);
    const storefront = applications[0]!;
    expect(storefront.serviceCount).toBe(6);
    expect(storefront.costPerMillionMicroUsd).toBe(Math.round((storefront.costMicroUsd * 1e6) / storefront.requestCount));
    expect(storefront.change).toBeCloseTo((storefront.costMicroUsd - storefront.previousCostMicroUsd) / storefront.previousCostMicroUsd, 10);
    expect(storefront.tagCoverage).toBeGreaterThan(0.5);
    expect(storefront.tagCoverage).toBeLessThan(1);
  });

  it("shows nothing, not zeros pretending to be data, for a range before any sync", async () => {
    const overview = await getApplicationsOverview(t.db, accountId, { from: "2025-01-01", to: "2025-01-31" });
    expect(overview.window.costRange).toBeNull();
    expect(overview.totalMicroUsd).toBe(0);
    expect(overview.tagCoverage).toBeNull();
    expect(overview.applications.every((a) => a.change === null && a.costPerMillionMicroUsd === null)).toBe(true);
  });
});

describe("application page", () => {
  it("splits the application's cost into services and a shared pool that add up", async () => {
    const app = (await getApplication(t.db, accountId, "storefront"))!;
    const table = await getServiceTable(t.db, app, await costWindow(t.db, accountId, lastDays(30, TODAY)));
    expect(table.services.map((s) => s.name)).toEqual(["catalog", "checkout", "payments", "recommendations", "search", "web"]);
    expect(table.services.reduce((a, s) => a + s.costMicroUsd, 0) + table.sharedMicroUsd).toBe(table.totalMicroUsd);
    expect(table.sharedMicroUsd).toBeGreaterThan(0);
    const overview = await getApplicationsOverview(t.db, accountId, lastDays(30, TODAY));
    expect(table.totalMicroUsd).toBe(overview.applications.find((a) => a.slug === "storefront")?.costMicroUsd);
  });

  it("charts every day of the range, and the chart adds up to the table", async () => {
    const app = (await getApplication(t.db, accountId, "storefront"))!;
    const range = lastDays(30, TODAY);
    const daily = await getDailyCostByService(t.db, app.id, range);
    expect(daily.days).toHaveLength(30);
    expect(daily.series.at(-1)).toBe("shared");
    const total = daily.days.reduce((a, d) => a + Object.values(d.values).reduce((x, y) => x + y, 0), 0);
    const table = await getServiceTable(t.db, app, await costWindow(t.db, accountId, range));
    expect(total).toBe(table.totalMicroUsd);
    expect(daily.days.at(-1)?.values).toEqual({}); // today: no cost yet
    expect(daily.days.at(-2)?.estimated).toBe(true);
  });

  it("returns null for an application that does not exist", async () => {
    expect(await getApplication(t.db, accountId, "nope")).toBeNull();
  });
});

describe("unallocated", () => {
  it("lists the resources no rule selects, and their daily cost", async () => {
    const resources = await getUnallocatedResources(t.db, accountId);
    expect(resources.map((r) => r.name).sort()).toEqual(["bastion", "legacy-exports", "ml-experiments", "nat-shared"]);
    const range = lastDays(30, TODAY);
    const days = await getUnallocatedDaily(t.db, accountId, range);
    const byApp = await getDailyCostByApplication(t.db, accountId, range);
    expect(days.reduce((a, d) => a + d.unallocatedMicroUsd, 0)).toBe(byApp.days.reduce((a, d) => a + (d.values.unallocated ?? 0), 0));
  });
});
