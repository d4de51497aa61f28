// Explore on the demo account: every breakdown adds up to the applications' cost,
// day by day; the API answers JSON and CSV with the page's parameters, keeps a token
// to its application, and refuses what cannot be answered; saved views.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as exploreApi } from "../app/api/v1/explore/route";
import { deleteView, listViews, saveView } from "../lib/data/saved-views";
import { mergeRanges, runExplore } from "../lib/data/explore";
import { addDays, toDay } from "../lib/domain/day";
import { drillDown, parseExploreQuery, UNSPLIT } from "../lib/domain/explore";
import { setExploredTagKeysAction } from "../app/settings/accounts/actions";
import { createAppContext, ORIGIN, type AppContext } from "./app-context";
import { actAs } from "./next-mocks";
import { TEST_DIALECT } from "./test-db";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createAppContext({ days: 40 });
});
afterAll(async () => ctx?.close());

const today = () => toDay(new Date());
const call = (search: string, headers: Record<string, string>) => exploreApi(new Request(`${ORIGIN}/api/v1/explore${search}`, { headers: { host: "localhost:3000", ...headers } }), { params: Promise.resolve({}) });

describe("every breakdown adds up to the applications' cost", () => {
  it("by application, by service, by AWS service, region, account and the explored tag, every day, to the cent", async () => {
    const range = { from: addDays(today(), -30), to: addDays(today(), -1) };
    const appTotals = await ctx.db.costDay.groupBy({ by: ["day"], where: { applicationId: { not: null }, day: { gte: range.from, lte: range.to } }, _sum: { costMicroUsd: true }, orderBy: { day: "asc" } });
    expect(appTotals.length).toBeGreaterThan(25);
    for (const group of ["application", "service", "awsService", "region", "account", "cell", "tag:cost-center"] as const) {
      const query = parseExploreQuery({ group, from: range.from, to: range.to, compare: "none" }, today());
      const { view } = await runExplore(ctx.db, ctx.accountId, query);
      for (const row of appTotals) {
        const i = view.buckets.indexOf(row.day);
        // The breakdown by AWS service rounds each line on its own: a few micro-dollars a day at most.
        expect(Math.abs((view.total.costs[i] ?? 0) - Number(row._sum.costMicroUsd)), `${group} on ${row.day}`).toBeLessThanOrEqual(group === "application" || group === "service" ? 0 : 10);
      }
    }
  });

  it("names the demo's regions and accounts, and drills from a cost center into the applications that spend it", async () => {
    const byRegion = await runExplore(ctx.db, ctx.accountId, parseExploreQuery({ group: "region", range: "30" }, today()));
    expect(byRegion.view.groups.map((g) => g.key).sort()).toEqual(["us-east-1", "us-west-2"]);
    const byCell = await runExplore(ctx.db, ctx.accountId, parseExploreQuery({ group: "cell", range: "30" }, today()));
    expect(byCell.view.groups.map((g) => byCell.labels[g.key] ?? g.key).sort()).toEqual(["(no cell)", "cell-a", "cell-b", "cell-c"]);
    const byAccount = await runExplore(ctx.db, ctx.accountId, parseExploreQuery({ group: "account", range: "30" }, today()));
    expect(byAccount.view.groups.map((g) => byAccount.labels[g.key])).toEqual(["shop-production (123456789012)", "log-archive (210987654321)"]);
    const payments = await runExplore(ctx.db, ctx.accountId, parseExploreQuery({ group: "application", f: "tag:cost-center:payments", range: "30" }, today()));
    // Checkout and payments are the storefront's: the payments cost center is spent by it alone.
    expect(payments.view.groups.map((g) => g.key)).toEqual(["storefront"]);
    expect(payments.labelsBy.breakdown).toMatchObject({ payments: "payments" });
    // A tag value spelled like an application's slug is the tag's value, not the application.
    const byCenter = await runExplore(ctx.db, ctx.accountId, parseExploreQuery({ group: "tag:cost-center", range: "30" }, today()));
    expect(byCenter.labels.platform).toBe("platform");
    // A tag the account does not explore is refused with the way to explore it.
    await expect(runExplore(ctx.db, ctx.accountId, parseExploreQuery({ group: "tag:team", range: "30" }, today()))).rejects.toThrow("The tag 'team' is not explored: add it under Settings");
  });

  it("by service, shows an application's pool that no service could take as a row of its own, so that the services add up to the applications", async () => {
    // An application with cost and no service yet: its whole cost is a shared pool nothing can split.
    // On one day it costs more than the dearest service over the whole range, so that it is among the
    // ten largest groups however far the demo's traffic has grown by the day the test runs.
    const range = { from: addDays(today(), -30), to: addDays(today(), -1) };
    const run = (search: Record<string, string>) => runExplore(ctx.db, ctx.accountId, parseExploreQuery({ from: range.from, to: range.to, compare: "none", ...search }, today()));
    const dearest = Math.max(...(await run({ group: "service" })).view.groups.map((g) => g.totalCostMicroUsd));
    const cost = (Math.ceil(dearest / 1_000_000_000) + 1) * 1_000_000_000; // whole $1,000s, above the dearest
    const app = await ctx.db.application.create({ data: { accountId: ctx.accountId, slug: "newcomer", name: "Newcomer" } });
    try {
      const day = addDays(today(), -3);
      await ctx.db.costDay.create({ data: { accountId: ctx.accountId, day, scope: `app:${app.id}`, applicationId: app.id, costMicroUsd: BigInt(cost) } });
      await ctx.db.applicationCostDay.create({ data: { applicationId: app.id, day, costMicroUsd: BigInt(cost), sharedMicroUsd: BigInt(cost), requestCount: 0n } });
      const byApplication = await run({ group: "application" });
      const byService = await run({ group: "service" });
      expect(byService.view.total.costs).toEqual(byApplication.view.total.costs);
      const pool = byService.view.groups.find((g) => g.key === UNSPLIT);
      expect(pool?.totalCostMicroUsd).toBe(cost);
      expect(pool?.costs[byService.view.buckets.indexOf(day)]).toBe(cost);
      expect(byService.labels[UNSPLIT]).toBe("Shared pool, not split");
      expect(drillDown(byService.query, UNSPLIT)).toBeNull();
      // Drilled into the application, the same; services picked out by a filter leave it out.
      expect((await run({ group: "service", f: "application:newcomer" })).view.groups.map((g) => [g.key, g.totalCostMicroUsd])).toEqual([[UNSPLIT, cost]]);
      expect((await run({ group: "service", f: "service:storefront/web" })).view.groups.map((g) => g.key)).toEqual(["storefront/web"]);
    } finally {
      await ctx.db.application.delete({ where: { id: app.id } });
    }
  });

  it("a week sums its days, and the comparison reads the period before", async () => {
    const query = parseExploreQuery({ group: "service", f: "application:storefront", granularity: "week", range: "30" }, today());
    const { view } = await runExplore(ctx.db, ctx.accountId, query);
    expect(view.groups.every((g) => g.key.startsWith("storefront/"))).toBe(true);
    expect(view.total.compareCostMicroUsd).toBeGreaterThan(0);
    expect(view.total.costs.reduce((a, c) => a + c, 0)).toBe(view.total.totalCostMicroUsd);
  });
});

describe("explored tag keys", () => {
  const form = (keys: string) => {
    const f = new FormData();
    f.set("keys", keys);
    return f;
  };

  it("are saved by an admin with an audit entry; a key let go leaves Explore at once; a bad key or a viewer is refused and nothing changes", async () => {
    const stored = async () => (await ctx.db.cloudAccount.findUniqueOrThrow({ where: { id: ctx.accountId } })).exploredTagKeys;
    const before = await stored();
    expect(JSON.parse(before)).toEqual(["cost-center"]);
    expect(await ctx.db.costBreakdownDay.count({ where: { dimension: "tag:cost-center" } })).toBeGreaterThan(0);

    actAs(ctx.cookies.viewer);
    expect(await setExploredTagKeysAction(null, form("team"))).toMatchObject({ ok: false, status: 403 });
    actAs(ctx.cookies.admin);
    expect(await setExploredTagKeysAction(null, form("team, aws:createdBy"))).toMatchObject({ ok: false, fieldErrors: { keys: expect.stringContaining("AWS-generated") } });
    expect(await setExploredTagKeysAction(null, form("a,b,c,d,e,f"))).toMatchObject({ ok: false, fieldErrors: { keys: expect.stringContaining("At most 5") } });
    expect(await stored()).toBe(before);

    const saved = await setExploredTagKeysAction(null, form("team"));
    expect(saved).toMatchObject({ ok: true, message: "Exploring team: the next sync reads its cost for the days kept. No longer exploring cost-center." });
    expect(JSON.parse(await stored())).toEqual(["team"]);
    expect(await ctx.db.costBreakdownDay.count({ where: { dimension: "tag:cost-center" } })).toBe(0);
    await expect(runExplore(ctx.db, ctx.accountId, parseExploreQuery({ group: "tag:cost-center", range: "30" }, today()))).rejects.toThrow("not explored");
    const audit = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "account.exploredTagKeys" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ before: { keys: ["cost-center"] }, after: { keys: ["team"] } });

    // Put back for the suites' other tests.
    await setExploredTagKeysAction(null, form("cost-center"));
  });
});

describe("each application's daily sums", () => {
  it("hold its whole cost (the shared pool apart) and its services' requests every day, as the migration that made them fills them from what is stored", async () => {
    const expected = async () => {
      const rows = new Map<string, [number, string, number, number, number]>();
      const row = (applicationId: number, day: string) => {
        const key = `${String(applicationId).padStart(6, "0")}|${day}`;
        if (!rows.has(key)) rows.set(key, [applicationId, day, 0, 0, 0]);
        return rows.get(key)!;
      };
      for (const c of await ctx.db.costDay.findMany({ where: { applicationId: { not: null } } })) {
        const r = row(c.applicationId!, c.day);
        r[2] += Number(c.costMicroUsd);
        if (c.serviceId === null) r[3] += Number(c.costMicroUsd);
      }
      for (const t of await ctx.db.serviceDay.findMany({ include: { service: { select: { applicationId: true } } } })) row(t.service.applicationId, t.day)[4] += Number(t.requestCount);
      return [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r);
    };
    const stored = async () =>
      (await ctx.db.applicationCostDay.findMany({ orderBy: [{ applicationId: "asc" }, { day: "asc" }] })).map((r) => [r.applicationId, r.day, Number(r.costMicroUsd), Number(r.sharedMicroUsd), Number(r.requestCount)]);
    const want = await expected();
    expect(want.length).toBeGreaterThan(100);
    expect(want.some((r) => r[3] > 0)).toBe(true); // some applications have a shared pool
    // Written by the sync with the services' rows.
    expect(await stored()).toEqual(want);
    // Filled by the migration's own statement on a database that had only the days' rows.
    const dir = TEST_DIALECT === "postgres" ? "prisma/postgres/migrations" : "prisma/migrations";
    const folder = fs.readdirSync(dir).find((d) => d.endsWith("_application_day_pool"))!;
    const sql = fs.readFileSync(path.join(dir, folder, "migration.sql"), "utf8");
    const fill = sql.slice(sql.indexOf('INSERT INTO "ApplicationCostDay"'));
    await ctx.db.applicationCostDay.deleteMany();
    await ctx.db.$executeRawUnsafe(fill);
    expect(await stored()).toEqual(want);
  });
});

describe("the days read", () => {
  it.each([
    [[{ from: "2026-11-01", to: "2026-11-10" }, { from: "2026-11-05", to: "2026-11-20" }], [{ from: "2026-11-01", to: "2026-11-20" }]],
    [[{ from: "2026-11-11", to: "2026-11-20" }, { from: "2026-11-01", to: "2026-11-10" }], [{ from: "2026-11-01", to: "2026-11-20" }]],
    [[{ from: "2026-11-01", to: "2026-11-10" }, { from: "2025-11-01", to: "2025-11-10" }], [{ from: "2025-11-01", to: "2025-11-10" }, { from: "2026-11-01", to: "2026-11-10" }]],
  ])("are each range once: %j → %j", (ranges, merged) => {
    expect(mergeRanges(ranges)).toEqual(merged);
  });
});

describe("month to date", () => {
  it("is projected to the month's end exactly as the application page projects it", async () => {
    const { getApplicationForecast } = await import("../lib/data/forecast");
    const query = parseExploreQuery({ range: "mtd", f: "application:storefront" }, today());
    const { forecast } = await runExplore(ctx.db, ctx.accountId, query, today());
    const page = (await getApplicationForecast(ctx.db, ctx.apps.storefront!.id, today())).forecast;
    expect(forecast).not.toBeNull();
    expect(forecast).toEqual(page);
    // Not for other ranges or measures.
    expect((await runExplore(ctx.db, ctx.accountId, parseExploreQuery({ range: "30" }, today()))).forecast).toBeNull();
    expect((await runExplore(ctx.db, ctx.accountId, parseExploreQuery({ range: "mtd", measure: "costPerMillion" }, today()))).forecast).toBeNull();
  });
});

describe("GET /api/v1/explore", () => {
  it("answers the page's parameters as JSON, each group with its points", async () => {
    const response = await call("?group=awsService&f=application%3Astorefront&range=7", { cookie: ctx.cookies.viewer });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.query).toMatchObject({ group: "awsService", filters: [{ dimension: "application", value: "storefront", exclude: false }] });
    expect(body.groups.map((g: { key: string }) => g.key)).toContain("Amazon SageMaker");
    expect(body.groups[0].points).toHaveLength(7);
    const sum = body.groups.reduce((a: number, g: { costUsd: number }) => a + g.costUsd, 0);
    expect(sum).toBeCloseTo(body.total.costUsd, 2);
  });

  it("answers CSV: the table, with its total", async () => {
    const response = await call("?range=7&format=csv", { cookie: ctx.cookies.viewer });
    expect(response.headers.get("content-type")).toContain("text/csv");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe("key,label,costUsd,requests,valueUsd,compareValueUsd,change,share");
    expect(lines.map((l) => l.split(",")[0])).toEqual(["key", "storefront", "fulfilment", "platform", "total"]);
  });

  it("keeps a read token to its own application, whatever it asks", async () => {
    const body = await (await call("?f=application%3Afulfilment", { authorization: `Bearer ${ctx.tokens.read}` })).json();
    expect(body.groups.map((g: { key: string }) => g.key)).toEqual(["storefront"]);
  });

  it.each([
    ["?group=awsService&f=service%3Astorefront%2Fweb", "cannot be combined"],
    ["?measure=costPerUnit", "filter to one application"],
    ["?f=application%3Anope", "There is no application 'nope'"],
    ["?granularity=hour", "'granularity' must be one of"],
  ])("refuses %s with a 400 that says why", async (search, message) => {
    const response = await call(search, { cookie: ctx.cookies.viewer });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain(message);
  });

  it("gives cost per order for one application", async () => {
    const body = await (await call("?measure=costPerUnit&f=application%3Astorefront&range=7", { cookie: ctx.cookies.viewer })).json();
    expect(body.unit).toBe("order");
    expect(body.total.valueUsd).toBeGreaterThan(0);
    expect(body.total.valueUsd).toBeLessThan(body.total.costUsd);
  });
});

describe("saved views", () => {
  const owner = { userId: "u-1", email: "eli@example.com", role: "engineer" };
  const actor = { kind: "user", userId: owner.userId, email: owner.email } as const;

  it("keeps a view's link in its canonical form, lists it for everyone, and lets only its owner or an admin delete it", async () => {
    const view = await saveView(ctx.db, { name: "Storefront by AWS service", search: "?f=application:storefront&group=awsService" }, owner, actor);
    expect(view.search).toBe("?group=awsService&f=application%3Astorefront");
    expect((await listViews(ctx.db)).map((v) => v.name)).toContain("Storefront by AWS service");
    await expect(deleteView(ctx.db, view.id, { userId: "someone-else", role: "viewer" }, actor)).rejects.toThrow("Only eli@example.com or an admin");
    await deleteView(ctx.db, view.id, { userId: "admin-1", role: "admin" }, actor);
    expect(await ctx.db.auditEvent.count({ where: { action: { in: ["view.saved", "view.deleted"] } } })).toBe(2);
  });

  it("refuses a view that cannot be shown", async () => {
    await expect(saveView(ctx.db, { name: "bad", search: "?group=awsService&measure=costPerMillion" }, owner, actor)).rejects.toThrow("needs requests");
  });
});
