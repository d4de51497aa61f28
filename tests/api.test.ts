import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listApplications } from "../app/api/v1/applications/route";
import { GET as listServices } from "../app/api/v1/applications/[id]/services/route";
import { GET as serviceResources } from "../app/api/v1/applications/[id]/services/[service]/resources/route";
import { GET as unitCosts } from "../app/api/v1/applications/[id]/unit-costs/route";
import { POST as ingest } from "../app/api/v1/applications/[id]/business-metrics/route";
import { GET as auditLog } from "../app/api/v1/audit/route";
import { AUDIT_ANSWER_MAX, AUDIT_CHUNK, auditChunks, countAudit, listAudit } from "../lib/data/audit";
import { ingestion } from "../lib/api/admission";
import { ingestPoints } from "../lib/data/metric-ingest";
import { createApiToken } from "../lib/auth/tokens";
import { addDays } from "../lib/domain/day";
import { countTurns } from "./event-loop-turns";
import { createAppContext, ORIGIN, type AppContext } from "./app-context";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

let ctx: AppContext;
let fulfilmentIngest: string;
beforeAll(async () => {
  ctx = await createAppContext({ days: 40 });
  await ctx.db.businessMetric.create({ data: { applicationId: ctx.apps.storefront!.id, name: "gb_processed", unit: "GB", aggregation: "sum", origin: "push" } });
  fulfilmentIngest = (await createApiToken(ctx.db, { applicationId: ctx.apps.fulfilment!.id, name: "f", scope: "ingest", actor: { kind: "system", label: "t" } })).token;
});
afterAll(async () => ctx.close());

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = (handler: Handler, path: string, headers: Record<string, string>, params: Record<string, string> = {}, init: RequestInit = {}) =>
  handler(new Request(`${ORIGIN}${path}`, { ...init, headers: { host: "localhost:3000", ...headers, ...(init.headers as Record<string, string>) } }), { params: Promise.resolve(params) });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const storefront = { id: "storefront" };

describe("GET /api/v1/applications", () => {
  it("lists every application for a signed-in user, with account totals", async () => {
    const response = await call(listApplications, "/api/v1/applications?range=30", { cookie: ctx.cookies.viewer });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.applications.map((a: { id: string }) => a.id)).toEqual(["storefront", "fulfilment", "platform"]);
    expect(body.applications[0]).toEqual(
      expect.objectContaining({ name: "Storefront", costUsd: expect.any(Number), requestCount: expect.any(Number), costPerMillionRequestsUsd: expect.any(Number), serviceTagCoverage: expect.any(Number) }),
    );
    const apps = body.applications.reduce((a: number, x: { costUsd: number }) => a + x.costUsd, 0);
    expect(apps + body.unallocatedCostUsd).toBeCloseTo(body.totalCostUsd, 5);
  });

  it("shows a read token its own application only, without account totals", async () => {
    const body = await (await call(listApplications, "/api/v1/applications", bearer(ctx.tokens.read))).json();
    expect(body.applications.map((a: { id: string }) => a.id)).toEqual(["storefront"]);
    expect(body.totalCostUsd).toBeUndefined();
  });

  it.each([
    ["?from=2026-11-10&to=2026-11-01", /'from' \(2026-11-10\) is after 'to'/],
    ["?from=2026-11-31&to=2026-12-01", /'from' must be a date as YYYY-MM-DD/],
    ["?from=2026-11-01", /Give both 'from' and 'to'/],
    ["?range=14", /'range' must be one of 7, 30, 90/],
    ["?format=xml", /format must be json or csv/],
  ])("answers a bad range %s with 400 and the reason", async (query, message) => {
    const response = await call(listApplications, `/api/v1/applications${query}`, bearer(ctx.tokens.read));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(message);
  });

  it("exports the table as CSV", async () => {
    const response = await call(listApplications, "/api/v1/applications?range=7&format=csv", { cookie: ctx.cookies.viewer });
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="applications-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}.csv"/);
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,name,costUsd,previousCostUsd,change,requestCount,costPerMillionRequestsUsd,serviceCount,serviceTagCoverage");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["storefront", "fulfilment", "platform", "unallocated"]);
    // The rows add up to the page's total, to the cent; ratios are fractions like every other.
    const json = (await (await call(listApplications, "/api/v1/applications?range=7", { cookie: ctx.cookies.viewer })).json()) as { totalCostUsd: number; applications: { change: number | null; serviceTagCoverage: number | null }[] };
    const sum = lines.slice(1).reduce((a, l) => a + Number(l.split(",")[2]), 0);
    expect(Math.abs(sum - json.totalCostUsd)).toBeLessThan(0.005);
    for (const a of json.applications) {
      expect(Math.abs(a.change ?? 0)).toBeLessThan(1);
      expect(a.serviceTagCoverage).toBeGreaterThan(0);
      expect(a.serviceTagCoverage).toBeLessThanOrEqual(1);
    }
  });
});

describe("GET /api/v1/applications/{id}/services", () => {
  it("splits the application's cost into services' own cost and shares of the pool, which add up", async () => {
    const body = await (await call(listServices, "/api/v1/applications/storefront/services?range=30", bearer(ctx.tokens.read), storefront)).json();
    expect(body.services).toHaveLength(6);
    for (const s of body.services) expect(s.ownCostUsd + s.sharedCostUsd).toBeCloseTo(s.costUsd, 6);
    const sum = body.services.reduce((a: number, s: { costUsd: number }) => a + s.costUsd, 0);
    expect(sum + body.unassignedSharedCostUsd).toBeCloseTo(body.totalCostUsd, 5);
    const recommendations = body.services.find((s: { name: string }) => s.name === "recommendations");
    expect(recommendations.costPerMillionRequestsUsd).toBeCloseTo((recommendations.costUsd * 1e6) / recommendations.requestCount, 4);
    expect(body.topMovers[0]).toMatchObject({ name: "recommendations" });
    expect(body.today).toMatchObject({ requestCount: expect.any(Number), estimatedCostSoFarUsd: expect.any(Number) });
  });

  it("hides another application from a token (404) and refuses the wrong scope (403)", async () => {
    expect((await call(listServices, "/api/v1/applications/fulfilment/services", bearer(ctx.tokens.read), { id: "fulfilment" })).status).toBe(404);
    expect((await call(listServices, "/api/v1/applications/nope/services", bearer(ctx.tokens.read), { id: "nope" })).status).toBe(404);
    expect((await call(listServices, "/api/v1/applications/storefront/services", bearer(ctx.tokens.ingest), storefront)).status).toBe(403);
  });
});

describe("GET /api/v1/applications/{id}/services/{service}/resources", () => {
  const path = (service: string, query = "") => `/api/v1/applications/storefront/services/${service}/resources${query}`;

  it("lists every resource of the service by type and name, each with its cost over the last 14 complete days, as JSON and as CSV", async () => {
    const service = await ctx.db.service.findUniqueOrThrow({ where: { applicationId_name: { applicationId: ctx.apps.storefront!.id, name: "recommendations" } } });
    const stored = await ctx.db.resource.findMany({ where: { serviceId: service.id, goneSince: null }, include: { costDays: { where: { day: { gte: addDays(ctx.today, -14), lt: ctx.today } } } } });
    expect(stored.length).toBeGreaterThan(1);
    // The route sums up to its own today: held at the synced day, so a run past midnight reads the same window.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${ctx.today}T12:00:00Z`) });
    const response = await call(serviceResources, path("recommendations"), bearer(ctx.tokens.read), { ...storefront, service: "recommendations" }).finally(() => vi.useRealTimers());
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ application: { id: "storefront" }, service: "recommendations", costDays: 14, costNote: null });
    const expected = stored
      .map((r) => ({ name: r.name, type: r.type, arn: r.arn, costUsd: r.costDays.reduce((a, d) => a + Number(d.costMicroUsd), 0) / 1e6 }))
      .sort((a, b) => (a.type === b.type ? (a.name < b.name ? -1 : 1) : a.type < b.type ? -1 : 1));
    expect(body.resources.map((r: { name: string; type: string; arn: string; costUsd: number }) => ({ name: r.name, type: r.type, arn: r.arn, costUsd: r.costUsd }))).toEqual(expected);

    const csv = await call(serviceResources, path("recommendations", "?format=csv"), bearer(ctx.tokens.read), { ...storefront, service: "recommendations" });
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="storefront-recommendations-resources.csv"');
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("name,type,cell,region,arn,costUsd");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(expected.map((r) => r.name));
  });

  it("answers 404 for a service the application does not have or an application the token cannot see, 403 for the wrong scope, 400 for a bad format", async () => {
    expect((await call(serviceResources, path("nope"), bearer(ctx.tokens.read), { ...storefront, service: "nope" })).status).toBe(404);
    expect((await call(serviceResources, "/api/v1/applications/fulfilment/services/picking/resources", bearer(ctx.tokens.read), { id: "fulfilment", service: "picking" })).status).toBe(404);
    expect((await call(serviceResources, path("recommendations"), bearer(ctx.tokens.ingest), { ...storefront, service: "recommendations" })).status).toBe(403);
    const bad = await call(serviceResources, path("recommendations", "?format=xml"), bearer(ctx.tokens.read), { ...storefront, service: "recommendations" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/format must be json or csv/);
  });
});

describe("GET /api/v1/applications/{id}/unit-costs", () => {
  it("gives cost per order day by day, and over the range", async () => {
    const body = await (await call(unitCosts, "/api/v1/applications/storefront/unit-costs?metric=orders&range=30", bearer(ctx.tokens.read), storefront)).json();
    expect(body.metric).toMatchObject({ name: "orders", unit: "orders", aggregation: "sum" });
    const day = body.points.find((p: { costUsd: number | null; value: number | null }) => p.costUsd !== null && p.value !== null);
    expect(day.unitCostUsd).toBeCloseTo(day.costUsd / day.value, 5);
    expect(body.total.unitCostUsd).toBeCloseTo(body.total.costUsd / body.total.value, 5);
    expect(body.total.costShareOfRevenue).toBeGreaterThan(0);
    expect(body.total.costShareOfRevenue).toBeLessThan(0.05);
  });

  it.each([
    ["", /Say which business metric: \?metric=<name>. Storefront has: active_users, gb_processed, orders, revenue_usd/],
    ["?metric=margin", /no business metric 'margin'/],
    ["?metric=orders&granularity=hour", /granularity must be 'day'/],
  ])("answers %j with 400 and what would work", async (query, message) => {
    const response = await call(unitCosts, `/api/v1/applications/storefront/unit-costs${query}`, bearer(ctx.tokens.read), storefront);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(message);
  });
});

describe("POST /api/v1/applications/{id}/business-metrics", () => {
  const post = (headers: Record<string, string>, body: string, params = storefront) =>
    call(ingest, `/api/v1/applications/${params.id}/business-metrics`, { "content-type": "application/json", ...headers }, params, { method: "POST", body });
  const points = (list: unknown[]) => JSON.stringify({ points: list });
  const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

  it("stores the good points and refuses each bad one with its index and reason", async () => {
    const response = await post(
      bearer(ctx.tokens.ingest),
      points([
        { metric: "gb_processed", timestamp: day(3), value: 120.5 },
        { metric: "gb_processed", timestamp: "yesterday", value: 1 },
        { metric: "gb_processed", timestamp: day(2), value: 98 },
        { metric: "orders", timestamp: day(2), value: 5 },
        { metric: "gb_processed", timestamp: day(1), value: 101 },
      ]),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ received: 5, accepted: 3, inserted: 3, updated: 0, unchanged: 0 });
    expect(body.rejected).toEqual([
      { index: 1, reason: expect.stringMatching(/not ISO 8601/) },
      { index: 3, reason: expect.stringMatching(/read from CloudWatch/) },
    ]);
    const metric = await ctx.db.businessMetric.findFirstOrThrow({ where: { name: "gb_processed" } });
    expect(await ctx.db.businessMetricPoint.count({ where: { metricId: metric.id } })).toBe(3);
  });

  it("is idempotent per (metric, timestamp): the same points again change nothing; a new value replaces the old", async () => {
    const same = await (await post(bearer(ctx.tokens.ingest), points([{ metric: "gb_processed", timestamp: day(3), value: 120.5 }, { metric: "gb_processed", timestamp: `${day(2)}T00:00:00Z`, value: 98 }]))).json();
    expect(same).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const changed = await (await post(bearer(ctx.tokens.ingest), points([{ metric: "gb_processed", timestamp: day(1), value: 110 }]))).json();
    expect(changed).toMatchObject({ inserted: 0, updated: 1 });
    const metric = await ctx.db.businessMetric.findFirstOrThrow({ where: { name: "gb_processed" } });
    expect((await ctx.db.businessMetricPoint.findFirstOrThrow({ where: { metricId: metric.id, day: day(1) } })).value).toBe(110);
    expect(await ctx.db.auditEvent.count({ where: { action: "businessMetric.ingested", actorLabel: "token ingest-test" } })).toBe(3);
  });

  it.each([
    ["a read token", 403, () => bearer(ctx.tokens.read)],
    ["a flags token", 403, () => bearer(ctx.tokens.flags)],
    ["a viewer's session", 403, () => ({ cookie: ctx.cookies.viewer, origin: ORIGIN })],
    ["an engineer's session", 200, () => ({ cookie: ctx.cookies.engineer, origin: ORIGIN })],
    ["the owner's session", 200, () => ({ cookie: ctx.cookies.owner, origin: ORIGIN })],
    ["the owner's session from another site", 403, () => ({ cookie: ctx.cookies.owner, origin: "https://evil.example" })],
    ["another application's ingest token", 404, () => bearer(fulfilmentIngest)],
    ["no credentials", 401, () => ({})],
  ])("answers %s with %i", async (_name, status, headers) => {
    const response = await post(headers(), points([{ metric: "gb_processed", timestamp: day(4), value: 1 }]));
    expect(response.status).toBe(status);
  });

  it("refuses more than 10,000 points, or a body past 2 MiB, with 413 and stores nothing", async () => {
    const metric = await ctx.db.businessMetric.findFirstOrThrow({ where: { name: "gb_processed" } });
    const before = await ctx.db.businessMetricPoint.count({ where: { metricId: metric.id } });
    const many = Array.from({ length: 10_001 }, (_, i) => ({ metric: "gb_processed", timestamp: new Date(Date.now() - (i + 10) * 60_000).toISOString(), value: i }));
    const response = await post(bearer(ctx.tokens.ingest), points(many));
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toMatch(/10001 points; send at most 10000/);
    const huge = await post(bearer(ctx.tokens.ingest), points([{ metric: "gb_processed", timestamp: day(1), value: 1, padding: "x".repeat(2.1 * 1024 * 1024) }]));
    expect(huge.status).toBe(413);
    // As many points as before it, whichever tests ran first.
    expect(await ctx.db.businessMetricPoint.count({ where: { metricId: metric.id } })).toBe(before);
  });

  it("takes exactly 10,000 points in one request", async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ metric: "gb_processed", timestamp: new Date(Date.now() - (i + 10) * 60_000).toISOString(), value: i }));
    const body = await (await post(bearer(ctx.tokens.ingest), points(many))).json();
    expect(body).toMatchObject({ accepted: 10_000, inserted: 10_000, rejected: [] });
  });

  it("lets the server's other work run while it checks 10,000 points, a thousand at a time", async () => {
    // Each turn of the event loop the ingestion lets through counts one: before, the whole request was one turn.
    const stopCounting = countTurns();
    const many = Array.from({ length: 10_000 }, (_, i) => ({ metric: "gb_processed", timestamp: new Date(Date.now() - (i + 20_000) * 60_000).toISOString(), value: i }));
    const body = await (await post(bearer(ctx.tokens.ingest), points(many))).json();
    const turns = stopCounting();
    expect(body).toMatchObject({ accepted: 10_000, inserted: 10_000 });
    expect(turns).toBeGreaterThanOrEqual(10);
  });

  it("stores nothing into a metric deleted while its points were checked, and says so with 409", async () => {
    const app = ctx.apps.storefront!.id;
    const metric = await ctx.db.businessMetric.create({ data: { applicationId: app, name: "deleted_meanwhile", unit: "x", aggregation: "sum", origin: "push" } });
    // The metric goes between the checks and the transaction that writes.
    const racing = new Proxy(ctx.db, {
      get(target, prop) {
        if (prop === "$transaction") return async (fn: Parameters<typeof target.$transaction>[0]) => (await target.businessMetric.delete({ where: { id: metric.id } }), target.$transaction(fn));
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const sent = [
      { metric: "deleted_meanwhile", timestamp: day(2), value: 1 },
      { metric: "gb_processed", timestamp: day(30), value: 7.75 },
    ];
    await expect(ingestPoints(racing, app, sent, { actor: { kind: "system", label: "test" } })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/'deleted_meanwhile' was deleted or changed while the points were checked; nothing was stored/),
    });
    expect(await ctx.db.businessMetricPoint.count({ where: { metricId: metric.id } })).toBe(0);
    expect(await ctx.db.businessMetricPoint.count({ where: { metric: { name: "gb_processed" }, value: 7.75 } })).toBe(0);
  });

  it("turns a request away with 503 and Retry-After while the server is at its limit of imports, storing nothing, and takes it once there is room", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const busy = Array.from({ length: ingestion.limit }, () => ingestion.run(() => held));
    const one = points([{ metric: "gb_processed", timestamp: day(5), value: 5.25 }]);
    try {
      const refused = await post(bearer(ctx.tokens.ingest), one);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe(String(ingestion.retryAfterSeconds));
      expect((await refused.json()).error).toMatchObject({ code: "BUSY", message: expect.stringMatching(/try again/) });
      expect(await ctx.db.businessMetricPoint.count({ where: { metric: { name: "gb_processed" }, value: 5.25 } })).toBe(0);
    } finally {
      release();
      await Promise.all(busy);
    }
    expect((await post(bearer(ctx.tokens.ingest), one)).status).toBe(200);
  });

  it.each([
    ["not JSON", 400, "PARSE_ERROR", "{points: ["],
    ["an empty body", 400, "PARSE_ERROR", ""],
    ["the wrong shape", 400, "BAD_REQUEST", JSON.stringify({ data: [] })],
    ["no points", 422, "UNPROCESSABLE", points([])],
    ["only bad points", 422, "UNPROCESSABLE", points([{ metric: "nope", timestamp: day(1), value: 1 }])],
  ])("answers %s with %i %s", async (_name, status, code, body) => {
    const response = await post(bearer(ctx.tokens.ingest), body);
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBe(code);
  });
});

describe("the audit log over the API", () => {
  it("reads a log longer than one answer page by page, newest first, with nothing dropped or repeated", async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const event = await ctx.db.auditEvent.create({ data: { actorType: "system", actorLabel: "pager", action: "test.paged", objectType: "application", objectId: String(i), objectLabel: `object ${i}` } });
      created.unshift(event.objectLabel ?? "");
    }
    const seen: string[] = [];
    let url: string | null = "/api/v1/audit?action=test.paged&limit=2";
    const pages: number[] = [];
    while (url) {
      const response = await call(auditLog, url, { cookie: ctx.cookies.admin });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { entries: { object: string }[]; nextBefore: number | null };
      pages.push(body.entries.length);
      seen.push(...body.entries.map((e) => e.object));
      const link = response.headers.get("link");
      // The header and the body name the same next page; the last page names none.
      expect(link === null).toBe(body.nextBefore === null);
      url = link ? (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? null) : null;
      if (url) expect(new URL(url, "http://x").searchParams.get("before")).toBe(String(body.nextBefore));
    }
    expect(pages).toEqual([2, 2, 1]);
    expect(seen).toEqual(created);
  });

  it("writes each address short, an entry stored before 5 December 2026 (IPv6 written long) too", async () => {
    const stored = ["0000:0000:0000:0000:0000:0000:0000:0001", "2001:0db8:0000:0007:0000:0000:0000:0000", "2001:db8::9", "198.51.100.7", null];
    for (const ip of stored) {
      await ctx.db.auditEvent.create({ data: { actorType: "anonymous", actorLabel: "x", action: "test.addressed", objectType: "user", objectId: "x", objectLabel: "x", ip } });
    }
    const response = await call(auditLog, "/api/v1/audit?action=test.addressed", { cookie: ctx.cookies.admin });
    const body = (await response.json()) as { entries: { ip: string | null }[] };
    expect(body.entries.map((e) => e.ip).reverse()).toEqual(["::1", "2001:db8:0:7::", "2001:db8::9", "198.51.100.7", null]);
  });

  it("counts the entries a filter matches, every page of them, as the list reads them", async () => {
    const storefront = ctx.apps.storefront!.id;
    for (const applicationId of [storefront, storefront, ctx.apps.fulfilment!.id]) {
      await ctx.db.auditEvent.create({ data: { actorType: "system", actorLabel: "counter", action: "test.counted", objectType: "application", objectId: String(applicationId), objectLabel: "x", applicationId } });
    }
    for (const [filters, expected] of [[{ action: "test.counted" }, 3], [{ action: "test.counted", applicationId: storefront }, 2], [{ action: "test.counted", actor: "nobody" }, 0]] as const) {
      expect(await countAudit(ctx.db, filters), JSON.stringify(filters)).toBe(expected);
      expect((await listAudit(ctx.db, filters, undefined, 2)).nextBefore !== null, JSON.stringify(filters)).toBe(expected > 2);
    }
  });

  it("says in the CSV's Link header that older entries follow, and refuses a limit out of bounds", async () => {
    for (let i = 0; i < 3; i++) {
      await ctx.db.auditEvent.create({ data: { actorType: "system", actorLabel: "pager", action: "test.csvpaged", objectType: "application", objectId: String(i), objectLabel: `row ${i}` } });
    }
    const csv = await call(auditLog, "/api/v1/audit?action=test.csvpaged&limit=2&format=csv", { cookie: ctx.cookies.admin });
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(3); // the header and two entries
    expect(csv.headers.get("link")).toMatch(/^<\/api\/v1\/audit\?action=test\.csvpaged&limit=2&format=csv&before=\d+>; rel="next"$/);
    for (const limit of ["0", "10001", "ten"]) {
      const response = await call(auditLog, `/api/v1/audit?limit=${limit}`, { cookie: ctx.cookies.admin });
      expect(response.status, limit).toBe(400);
    }
  });
});

describe("the audit log's export of every entry", () => {
  it("streams every matching entry into one CSV, more than one answer holds, newest first, with nothing dropped or repeated", async () => {
    // More than an answer of the API holds, so more than one chunk of the stream too.
    const total = AUDIT_ANSWER_MAX + 5;
    expect(total).toBeGreaterThan(AUDIT_CHUNK * 2);
    await ctx.db.auditEvent.createMany({
      data: Array.from({ length: total }, (_, i) => ({ actorType: "system", actorLabel: "exporter", action: "test.streamed", objectType: "application", objectId: String(i), objectLabel: `row ${i}` })),
    });
    const response = await call(auditLog, "/api/v1/audit?action=test.streamed&format=csv&all=true", { cookie: ctx.cookies.admin });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("link")).toBeNull();
    const [header, ...lines] = (await response.text()).trimEnd().split("\r\n");
    expect(header).toBe("at,actorType,actor,action,object,application,change,reason,ip");
    const objects = lines.map((line) => line.split(",")[4]);
    expect(objects).toHaveLength(total);
    expect(objects[0]).toBe(`row ${total - 1}`);
    expect(objects.at(-1)).toBe("row 0");
    expect(new Set(objects).size).toBe(total);
  });

  it("names each entry's application, reading the applications once for the whole export rather than once a chunk", async () => {
    const storefront = ctx.apps.storefront!;
    await ctx.db.auditEvent.createMany({
      data: Array.from({ length: AUDIT_CHUNK * 2 + 1 }, (_, i) => ({ actorType: "system", actorLabel: "exporter", action: "test.named", objectType: "application", objectId: String(i), applicationId: storefront.id })),
    });
    let applicationReads = 0;
    const counted = new Proxy(ctx.db, {
      get: (db, key) =>
        key === "application"
          ? { findMany: (args: Parameters<typeof db.application.findMany>[0]) => (applicationReads++, db.application.findMany(args)) }
          : Reflect.get(db, key),
    });
    const chunks: (string | null)[][] = [];
    for await (const chunk of auditChunks(counted, { action: "test.named" }, (row) => row.application)) chunks.push(chunk);
    expect(chunks.map((c) => c.length)).toEqual([AUDIT_CHUNK, AUDIT_CHUNK, 1]);
    const { name } = await ctx.db.application.findUniqueOrThrow({ where: { id: storefront.id } });
    expect(new Set(chunks.flat())).toEqual(new Set([name]));
    expect(applicationReads).toBe(1);
  });

  it("an export that matches nothing is the header alone", async () => {
    const response = await call(auditLog, "/api/v1/audit?action=test.nothing&format=csv&all=true", { cookie: ctx.cookies.admin });
    expect(await response.text()).toBe("at,actorType,actor,action,object,application,change,reason,ip\r\n");
  });

  it.each([
    ["JSON", "all=true", "all=true exports every entry as CSV (format=csv); JSON is read page by page with 'before'."],
    ["a limit", "format=csv&all=true&limit=5", "all=true exports every matching entry; it takes no 'limit' or 'before'."],
    ["a cursor", "format=csv&all=true&before=9", "all=true exports every matching entry; it takes no 'limit' or 'before'."],
  ])("refuses an export of every entry with %s, and says why", async (_, search, message) => {
    const response = await call(auditLog, `/api/v1/audit?${search}`, { cookie: ctx.cookies.admin });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  it("refuses an 'all' that is not true or false", async () => {
    const response = await call(auditLog, "/api/v1/audit?format=csv&all=yes", { cookie: ctx.cookies.admin });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("'all' is true or false.");
  });
});

describe("applications by slug, everywhere", () => {
  it("the audit log filters by an application's slug, and says so when there is none", async () => {
    const storefront = ctx.apps.storefront!.id;
    await ctx.db.auditEvent.create({ data: { actorType: "system", actorLabel: "test", action: "application.renamed", objectType: "application", objectId: String(storefront), objectLabel: "Storefront", applicationId: storefront } });
    await ctx.db.auditEvent.create({ data: { actorType: "system", actorLabel: "test", action: "application.renamed", objectType: "application", objectId: "x", objectLabel: "Fulfilment", applicationId: ctx.apps.fulfilment!.id } });
    const response = await call(auditLog, "/api/v1/audit?app=storefront", { cookie: ctx.cookies.admin });
    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as { entries: { application: string | null }[] };
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.application))).toEqual(new Set(["Storefront"]));
    const unknown = await call(auditLog, "/api/v1/audit?app=nope", { cookie: ctx.cookies.admin });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toBe("No application 'nope'.");
  });
});
