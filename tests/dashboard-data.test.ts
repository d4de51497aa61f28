import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getApplication } from "../lib/data/application-detail";
import { getApplicationsOverview } from "../lib/data/applications";
import { costWindow } from "../lib/data/cost-window";
import { getDailyCostByApplication } from "../lib/data/daily-cost";
import { getEconomicsSeries, getServiceSeries, OTHER_SERVICES, topFromEconomics } from "../lib/data/economics-series";
import { getApplicationEconomics } from "../lib/data/service-economics";
import { getResourceCosts } from "../lib/data/resource-cost";
import { gatherReportData } from "../lib/data/report-data";
import { getServiceResources, getServiceResourcesTop } from "../lib/data/service-resources";
import { getUnallocatedDaily, getUnallocatedResources, getUnallocatedTop } from "../lib/data/unallocated";
import { lastDays, rangeLength } from "../lib/domain/date-range";
import { addDays, toDay } from "../lib/domain/day";
import { writeAllocation } from "../lib/jobs/allocation-write";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { costScope } from "../lib/jobs/sync-write-day";
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

  it.each([
    // [a range reaching back before the history, the part of it with cost]
    ["starting 20 days before the first cost day", -109, -80, -89, -80],
    ["starting on the first cost day", -89, -80, -89, -80],
  ])("counts only the days with cost for a range %s, and knows where the history starts", async (_name, from, to, costFrom, costTo) => {
    const window = await costWindow(t.db, accountId, { from: addDays(TODAY, from), to: addDays(TODAY, to) });
    expect(window.firstCostDay).toBe(addDays(TODAY, -89));
    expect(window.costRange).toEqual({ from: addDays(TODAY, costFrom), to: addDays(TODAY, costTo) });
    // Nothing before the history to compare with: the previous period lies wholly before it.
    expect(window.previousCostRange!.to < window.firstCostDay!).toBe(true);
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
  it("splits the application's cost into services (own + share of the pool) that add up to its bill", async () => {
    const app = (await getApplication(t.db, accountId, "storefront"))!;
    const economics = await getApplicationEconomics(t.db, app.id, await costWindow(t.db, accountId, lastDays(30, TODAY)), TODAY);
    expect(economics.services.map((s) => s.name)).toEqual(["catalog", "checkout", "payments", "recommendations", "search", "web"]);
    expect(economics.services.reduce((a, s) => a + s.costMicroUsd, 0) + economics.unassignedSharedMicroUsd).toBe(economics.totalCostMicroUsd);
    for (const s of economics.services) expect(s.ownCostMicroUsd + s.sharedCostMicroUsd).toBe(s.costMicroUsd);
    expect(economics.sharedCostMicroUsd).toBeGreaterThan(0);
    const overview = await getApplicationsOverview(t.db, accountId, lastDays(30, TODAY));
    expect(economics.totalCostMicroUsd).toBe(overview.applications.find((a) => a.slug === "storefront")?.costMicroUsd);
  });

  it("names recommendations as the service whose cost per request rose the most, and labels economies of scale", async () => {
    const app = (await getApplication(t.db, accountId, "storefront"))!;
    const economics = await getApplicationEconomics(t.db, app.id, await costWindow(t.db, accountId, lastDays(30, TODAY)), TODAY);
    expect(economics.movers[0]?.name).toBe("recommendations");
    expect(economics.movers[0]?.change).toBeGreaterThan(0.1);
    expect(economics.services.find((s) => s.name === "web")?.scale?.label).toBe("cheaper");
  });

  it("estimates today's cost so far from today's requests, and says nothing of today when the range ends before it", async () => {
    const app = (await getApplication(t.db, accountId, "storefront"))!;
    const withToday = await getApplicationEconomics(t.db, app.id, await costWindow(t.db, accountId, lastDays(7, TODAY)), TODAY);
    expect(withToday.today).toMatchObject({ day: TODAY, basisDays: 7 });
    expect(withToday.today!.requestCount).toBeGreaterThan(0);
    const perRequest = withToday.today!.estimatedCostMicroUsd! / withToday.today!.requestCount;
    expect(perRequest).toBeGreaterThan((withToday.costPerMillionMicroUsd! / 1e6) * 0.8);
    expect(perRequest).toBeLessThan((withToday.costPerMillionMicroUsd! / 1e6) * 1.2);
    const before = await getApplicationEconomics(t.db, app.id, await costWindow(t.db, accountId, { from: addDays(TODAY, -10), to: addDays(TODAY, -3) }), TODAY);
    expect(before.today).toBeNull();
  });

  it("charts every day, the top services and the rest, and the chart adds up to the table", async () => {
    const app = (await getApplication(t.db, accountId, "storefront"))!;
    const range = lastDays(30, TODAY);
    const series = await getEconomicsSeries(t.db, app.id, range, 4);
    expect(series.days).toHaveLength(30);
    expect(series.series).toHaveLength(5);
    expect(series.series.at(-1)).toBe(OTHER_SERVICES);
    const economics = await getApplicationEconomics(t.db, app.id, await costWindow(t.db, accountId, range), TODAY);
    expect(series.days.reduce((a, d) => a + d.totalCostMicroUsd, 0)).toBe(economics.totalCostMicroUsd);
    expect(series.days.at(-1)?.totalCostMicroUsd).toBe(0); // today: requests, but no cost yet
    expect(series.days.at(-1)?.totalRequests).toBeGreaterThan(0);
  });

  // The page hands the chart the economics' ranking instead of ranking the services again: the chart
  // must not change for it, whatever the range (reaching before the history, ending before today,
  // today only) and however many series it shows.
  it.each([
    ["the last 7 days", lastDays(7, TODAY)],
    ["the last 90 days", lastDays(90, TODAY)],
    ["a range reaching before the history", { from: addDays(TODAY, -200), to: addDays(TODAY, -60) }],
    ["a range ending before today", { from: addDays(TODAY, -20), to: addDays(TODAY, -2) }],
    ["today only, no cost yet", { from: TODAY, to: TODAY }],
  ])("charts the same series from the economics' ranking as from its own, over %s", async (_, range) => {
    for (const slug of ["storefront", "fulfilment", "platform"]) {
      const app = (await getApplication(t.db, accountId, slug))!;
      const economics = await getApplicationEconomics(t.db, app.id, await costWindow(t.db, accountId, range), TODAY);
      const costing = economics.services.filter((s) => s.costMicroUsd > 0).length;
      for (const limit of [1, 2, 4, 8]) {
        const top = topFromEconomics(economics.services, limit);
        // Handed over only when enough services cost something to fill the chart.
        expect(top === null, `${slug}, ${limit} series`).toBe(costing < limit);
        expect(await getEconomicsSeries(t.db, app.id, range, limit, top)).toEqual(await getEconomicsSeries(t.db, app.id, range, limit));
      }
    }
  });

  it.each([
    ["the costliest first, equal costs in the order given", [["a", 5], ["b", 9], ["c", 5], ["d", 1]], 3, ["b", "a", "c"]],
    ["exactly as many costing services as series", [["a", 1], ["b", 2]], 2, ["b", "a"]],
    ["too few costing services: a free one's place is unknown", [["a", 5], ["b", 0]], 2, null],
    ["credits (negative cost) do not count as costing", [["a", 5], ["b", -3]], 2, null],
    ["nothing at all", [], 1, null],
  ] as const)("ranks the chart's services from the economics: %s", (_, services, limit, expected) => {
    const top = topFromEconomics(services.map(([name, cost], i) => ({ serviceId: i + 1, name, costMicroUsd: cost })), limit);
    expect(top?.map((s) => s.name) ?? null).toEqual(expected);
  });

  it("gives one service day by day", async () => {
    const app = (await getApplication(t.db, accountId, "storefront"))!;
    const web = await t.db.service.findFirstOrThrow({ where: { applicationId: app.id, name: "web" } });
    const days = await getServiceSeries(t.db, web.id, lastDays(7, TODAY));
    expect(days).toHaveLength(7);
    expect(days[0]!.costPerMillionMicroUsd).toBe(Math.round(((days[0]!.ownCostMicroUsd + days[0]!.sharedCostMicroUsd) * 1e6) / days[0]!.requestCount));
    expect(days.at(-1)).toMatchObject({ hasCost: false, costPerMillionMicroUsd: null });
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

describe("the unallocated page's list", () => {
  it("is the costliest first, cut at the limit, with the same figures as the cost column reads", async () => {
    const all = await getUnallocatedResources(t.db, accountId);
    const costs = await getResourceCosts(t.db, accountId, all.map((r) => r.id), TODAY);
    const byCost = [...all].sort((a, b) => costs.byResource.get(b.id)! - costs.byResource.get(a.id)!).map((r) => r.name);
    expect(new Set(costs.byResource.values()).size).toBe(all.length);
    for (const limit of [1, 2, 4, 10]) {
      const top = await getUnallocatedTop(t.db, accountId, TODAY, limit);
      expect(top.total).toBe(4);
      expect(top.resources.map((r) => r.name)).toEqual(byCost.slice(0, limit));
      expect(top.resources).toEqual(all.filter((r) => top.resources.some((x) => x.id === r.id)).sort((a, b) => byCost.indexOf(a.name) - byCost.indexOf(b.name)));
      expect([...top.costs.byResource]).toEqual(top.resources.map((r) => [r.id, costs.byResource.get(r.id)]));
      expect(top.costs).toMatchObject({ note: null, days: 14 });
    }
  });

  it("counts the last 14 complete days only, puts resources without a figure last by type and name, and leaves out gone ones", async () => {
    const HUGE = 10n ** 12n;
    const made: number[] = [];
    const resource = async (name: string, costDays: string[], extra: { goneSince?: Date } = {}) => {
      const r = await t.db.resource.create({ data: { accountId, arn: `arn:aws:ec2:us-east-1:123456789012:instance/${name}`, name, type: "ec2:instance", region: "us-east-1", tags: {}, ...extra } });
      made.push(r.id);
      if (costDays.length) await t.db.resourceCostDay.createMany({ data: costDays.map((day) => ({ resourceId: r.id, day, costMicroUsd: HUGE })) });
      return r.id;
    };
    const demo = (await getUnallocatedTop(t.db, accountId, TODAY, 4)).resources.map((r) => r.name);
    try {
      // [name, days with cost]: 14 days before today is the window's first day; today and the day before the window do not count.
      const first = await resource("edge-first-day", [addDays(TODAY, -14)]);
      await resource("edge-today", [TODAY]);
      await resource("edge-before", [addDays(TODAY, -15)]);
      await resource("edge-gone", [addDays(TODAY, -1)], { goneSince: NOW });

      const top = await getUnallocatedTop(t.db, accountId, TODAY, 10);
      expect(top.total).toBe(7);
      expect(top.resources.map((r) => r.name)).toEqual(["edge-first-day", ...demo, "edge-before", "edge-today"]);
      expect(top.costs.byResource.get(first)).toBe(Number(HUGE));
      expect(top.costs.byResource.size).toBe(5);
      expect((await getUnallocatedTop(t.db, accountId, TODAY, 6)).resources.map((r) => r.name).at(-1)).toBe("edge-before");
    } finally {
      await t.db.resource.deleteMany({ where: { id: { in: made } } });
    }
  });

  it("is empty, with a total of none, when every resource belongs to an application", async () => {
    expect(await getUnallocatedTop(t.db, -1, TODAY, 10)).toMatchObject({ total: 0, resources: [] });
  });
});

describe("a service's resources", () => {
  /** The demo service with the most resources, and those resources, every figure distinct. */
  async function busiest() {
    const services = await t.db.service.findMany({ where: { application: { accountId } }, include: { _count: { select: { resources: { where: { goneSince: null } } } } } });
    const service = services.sort((a, b) => b._count.resources - a._count.resources)[0]!;
    return { service, all: await getServiceResources(t.db, accountId, service.id, TODAY) };
  }

  it("lists the costliest first, cut at the limit, with the figures the export has and each resource's cell", async () => {
    const { service, all } = await busiest();
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.resources.some((r) => r.cell !== null)).toBe(true);
    expect(new Set(all.costs.byResource.values()).size).toBe(all.total);
    const byCost = [...all.resources].sort((a, b) => all.costs.byResource.get(b.id)! - all.costs.byResource.get(a.id)!);
    for (const limit of [1, all.total - 1, all.total, all.total + 5]) {
      const top = await getServiceResourcesTop(t.db, accountId, service.id, TODAY, limit);
      expect(top.total).toBe(all.total);
      expect(top.resources).toEqual(byCost.slice(0, limit));
      expect([...top.costs.byResource]).toEqual(top.resources.map((r) => [r.id, all.costs.byResource.get(r.id)]));
    }
  });

  it("takes only the service's own resources that are still there; the export lists every one by type and name", async () => {
    const { service, all } = await busiest();
    const other = await t.db.service.findFirstOrThrow({ where: { application: { accountId }, id: { not: service.id } } });
    const made: number[] = [];
    const resource = async (name: string, type: string, serviceId: number, extra: { goneSince?: Date } = {}) =>
      made.push((await t.db.resource.create({ data: { accountId, arn: `arn:aws:${type.replace(":", ":us-east-1:123456789012:")}/${name}`, name, type, region: "us-east-1", tags: {}, serviceId, applicationId: service.applicationId, ...extra } })).id);
    try {
      await resource("zz-no-figure", "aaa:first-type", service.id);
      await resource("aa-no-figure", "zzz:last-type", service.id);
      await resource("gone", "aaa:first-type", service.id, { goneSince: NOW });
      await resource("elsewhere", "aaa:first-type", other.id);
      const top = await getServiceResourcesTop(t.db, accountId, service.id, TODAY, 100);
      expect(top.total).toBe(all.total + 2);
      // Without a figure: last, by type and name.
      expect(top.resources.map((r) => r.name).slice(-2)).toEqual(["zz-no-figure", "aa-no-figure"]);
      const exported = await getServiceResources(t.db, accountId, service.id, TODAY);
      expect(exported.total).toBe(all.total + 2);
      expect(exported.resources.map((r) => `${r.type} ${r.name}`)).toEqual(exported.resources.map((r) => `${r.type} ${r.name}`).sort());
      expect(exported.resources.map((r) => r.name)).not.toContain("gone");
      expect(exported.resources.map((r) => r.name)).not.toContain("elsewhere");
    } finally {
      await t.db.resource.deleteMany({ where: { id: { in: made } } });
    }
  });

  it("is none, with a total of none, for a service without resources", async () => {
    expect(await getServiceResourcesTop(t.db, accountId, -1, TODAY, 10)).toMatchObject({ total: 0, resources: [] });
  });
});

describe("cost per resource", () => {
  it("is each resource's cost over the last 14 complete days, and on the demo the resources add up to the account's cost of those days", async () => {
    const resources = await t.db.resource.findMany({ where: { accountId, goneSince: null }, select: { id: true } });
    const costs = await getResourceCosts(t.db, accountId, resources.map((r) => r.id), TODAY);
    expect(costs.note).toBeNull();
    expect(costs.byResource.size).toBe(resources.length);
    const total = await t.db.costDay.aggregate({ where: { accountId, day: { gte: addDays(TODAY, -14), lt: TODAY } }, _sum: { costMicroUsd: true } });
    const sum = [...costs.byResource.values()].reduce((a, b) => a + b, 0);
    // Each resource-day is rounded to the micro-dollar on its own.
    expect(Math.abs(sum - Number(total._sum.costMicroUsd))).toBeLessThanOrEqual(resources.length * 14);
    // The unallocated page's resources carry their own figures: the NAT gateway's is the biggest.
    const unallocated = await getUnallocatedResources(t.db, accountId);
    const nat = unallocated.find((r) => r.name === "nat-shared")!;
    expect(Math.max(...unallocated.map((r) => costs.byResource.get(r.id) ?? 0))).toBe(costs.byResource.get(nat.id));
  });

  it("reads any number of resources, past what one query may bind (999 on SQLite, 32,766 on PostgreSQL)", async () => {
    const resources = await t.db.resource.findMany({ where: { accountId, goneSince: null }, select: { id: true } });
    const ids = resources.map((r) => r.id);
    const alone = await getResourceCosts(t.db, accountId, ids, TODAY);
    // Ids no resource has, around the real ones: the figures stay the real ones'.
    const padded = [...Array.from({ length: 20_000 }, (_, i) => -1 - i), ...ids, ...Array.from({ length: 20_000 }, (_, i) => -20_001 - i)];
    const costs = await getResourceCosts(t.db, accountId, padded, TODAY);
    expect([...costs.byResource].sort(([a], [b]) => a - b)).toEqual([...alone.byResource].sort(([a], [b]) => a - b));
    expect(costs.byResource.size).toBe(ids.length);
  });
});

describe("the applications list's figures", () => {
  it("are what the days' own rows hold, read from each application's daily sums — a pool with no service to take it included", async () => {
    // An application with cost but no service yet: its whole cost is its pool, which the allocation cannot split.
    const app = await t.db.application.create({ data: { accountId, slug: "newcomer", name: "Newcomer" } });
    try {
      const days = [addDays(TODAY, -3), addDays(TODAY, -2)];
      await t.db.costDay.createMany({ data: days.map((day, i) => ({ accountId, day, scope: costScope(app.id, null), applicationId: app.id, costMicroUsd: BigInt(1_500_000 * (i + 1)), estimated: i === 1 })) });
      await writeAllocation(t.db, [app.id]);

      const range = lastDays(30, TODAY);
      const overview = await getApplicationsOverview(t.db, accountId, range);
      const cost = overview.window.costRange!;
      const previous = overview.window.previousCostRange!;
      const sumOf = async (applicationId: number | null, r: { from: string; to: string }, tagged?: boolean) =>
        Number((await t.db.costDay.aggregate({ where: { accountId, applicationId, day: { gte: r.from, lte: r.to }, ...(tagged === undefined ? {} : { serviceId: tagged ? { not: null } : null }) }, _sum: { costMicroUsd: true } }))._sum.costMicroUsd ?? 0);
      for (const a of overview.applications) {
        const requests = Number((await t.db.serviceDay.aggregate({ where: { service: { applicationId: a.id }, day: { gte: cost.from, lte: cost.to } }, _sum: { requestCount: true } }))._sum.requestCount ?? 0);
        const own = await sumOf(a.id, cost);
        expect({ slug: a.slug, cost: a.costMicroUsd, previous: a.previousCostMicroUsd, requests: a.requestCount }).toEqual({ slug: a.slug, cost: own, previous: await sumOf(a.id, previous), requests });
        expect(a.tagCoverage).toBe(own ? (await sumOf(a.id, cost, true)) / own : null);
      }
      expect(overview.unallocatedMicroUsd).toBe(await sumOf(null, cost));
      expect(overview.previousUnallocatedMicroUsd).toBe(await sumOf(null, previous));
      expect(overview.applications.find((a) => a.slug === "newcomer")).toMatchObject({ costMicroUsd: 4_500_000, tagCoverage: 0, requestCount: 0, costPerMillionMicroUsd: null });

      // The daily chart: every application's day as stored, the newcomer's second day estimated.
      const daily = await getDailyCostByApplication(t.db, accountId, range);
      const day = daily.days.find((d) => d.day === days[1])!;
      expect(day.values.newcomer).toBe(3_000_000);
      expect((await t.db.applicationCostDay.findMany({ where: { applicationId: app.id }, orderBy: { day: "asc" } })).map((r) => [r.day, Number(r.costMicroUsd), Number(r.sharedMicroUsd), r.estimated])).toEqual([
        [days[0], 1_500_000, 1_500_000, false],
        [days[1], 3_000_000, 3_000_000, true],
      ]);
      const chartTotal = daily.days.filter((d) => d.day >= cost.from && d.day <= cost.to).reduce((sum, d) => sum + Object.values(d.values).reduce((a, b) => a + b, 0), 0);
      expect(chartTotal).toBe(overview.totalMicroUsd);
    } finally {
      await t.db.application.delete({ where: { id: app.id } });
    }
  });
});

describe("a report's figures", () => {
  it("give each application its requests in the period before, as its services' days hold them", async () => {
    const range = lastDays(30, TODAY);
    const report = await gatherReportData(t.db, accountId, { title: "t", period: { ...range, kind: "month-to-date", label: "t" }, applicationIds: null, today: TODAY, now: NOW });
    const previous = (await costWindow(t.db, accountId, range)).previousCostRange!;
    for (const app of report.applications) {
      const held = await t.db.serviceDay.aggregate({ where: { service: { application: { slug: app.slug } }, day: { gte: previous.from, lte: previous.to } }, _sum: { requestCount: true } });
      expect(app.previousRequestCount, app.slug).toBe(Number(held._sum.requestCount ?? 0));
    }
    expect(report.applications.find((a) => a.slug === "storefront")!.previousRequestCount).toBeGreaterThan(0);
  });
});
