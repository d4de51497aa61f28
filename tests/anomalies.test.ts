// Cost anomalies end to end: 90 days of the demo give exactly the anomalies its
// scenarios plant (and not the month-end batch, the weekends or the launch's cost per
// request); an anomaly's life on synthetic days (open → webhook → close, estimated →
// final, people marking it expected); the API.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as anomaliesApi } from "../app/api/v1/applications/[id]/anomalies/route";
import { feedbackInput, listAnomalies, markAnomaly, saveAnomalyThresholds } from "../lib/data/anomalies";
import type { Db } from "../lib/db/client";
import { addDays, toDay, type Day } from "../lib/domain/day";
import { deliverWebhooks } from "../lib/jobs/deliver-webhooks";
import { evaluateAllAnomalies } from "../lib/jobs/evaluate-anomalies";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { runSync } from "../lib/jobs/sync";
import { SCENARIOS } from "../lib/sources/demo/catalog";
import { DemoSource } from "../lib/sources/demo/demo-source";
import { createAppContext, ORIGIN, type AppContext } from "./app-context";
import { createTestDb, type TestDb } from "./test-db";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

const SYSTEM = { kind: "system", label: "test" } as const;

describe("90 days of the demo", () => {
  // A Sunday near a month-end, so that two month-end batches and thirteen weekends are judged.
  const now = new Date("2026-11-29T12:00:00Z");
  const today = toDay(now);
  let t: TestDb;
  let found: Awaited<ReturnType<typeof listAnomalies>>;

  beforeAll(async () => {
    t = await createTestDb();
    const { accountId } = await seedDemoAccount(t.db);
    await runSync({ db: t.db, source: new DemoSource({ seed: 42, now: () => now }), accountId, trigger: "test", now, days: 90 });
    await evaluateAllAnomalies(t.db, accountId, now);
    found = await listAnomalies(t.db, { accountId, state: "all" });
  });
  afterAll(async () => t?.close());

  it("finds exactly what the scenarios plant, and nothing else", () => {
    expect(found.map((a) => [a.subject, a.figure, a.kind, a.state]).sort()).toEqual(
      [
        ["notifications", "cost_per_million", "spike", "closed"],
        ["recommendations", "cost_per_million", "shift", "open"],
        ["shipping", "cost", "shift", "open"],
      ].sort(),
    );
  });

  it("finds the recommendations creep as a cost-per-request shift from the day it began", () => {
    const creep = found.find((a) => a.subject === "recommendations");
    const began = addDays(today, -SCENARIOS.creep.days);
    // The creep's first day costs what it always did; the next is the first dearer one.
    expect(creep?.startDay).toBe(addDays(began, 1));
    expect(creep?.summary).toMatch(/^recommendations: cost per 1M requests \$\d+\.\d\d( \(estimated\))?, expected \$\d+\.\d\d–\$\d+\.\d\d \(\w+days, last 6 weeks\); since \d+ Nov; own cost \+\d+\.\d\u00a0% while requests (steady|\+\d+\.\d\u00a0%); the shared pool did not move/);
    // The application's figures moved with it and are told with it, not alerted apart.
    expect(creep?.details.related.map((r) => r.label)).toContain("Storefront");
  });

  it("opens and closes the one-day burst by itself", () => {
    const spike = found.find((a) => a.subject === "notifications");
    const day = addDays(today, -SCENARIOS.spike.daysAgo);
    expect(spike).toMatchObject({ startDay: day, openedDay: day, lastDay: day, closedDay: addDays(day, 1) });
    expect(spike?.summary).toContain(`on ${Number(day.slice(8))} Nov only`);
    // The source's breakdown by AWS service names the line that moved: a data-transfer burst.
    expect(spike?.summary).toMatch(/AWS Data Transfer rose most: \$\d+\.\d\d against \$0\.00 a day/);
  });

  it("names the AWS service behind the dearer request, from a breakdown that adds up to each application's cost", async () => {
    expect(found.find((a) => a.subject === "recommendations")?.summary).toContain("Amazon SageMaker rose most");
    const byService = await t.db.costBreakdownDay.groupBy({ by: ["applicationId", "day"], where: { dimension: "awsService" }, _sum: { costMicroUsd: true } });
    const lines = await t.db.costDay.groupBy({ by: ["applicationId", "day"], where: { applicationId: { not: null } }, _sum: { costMicroUsd: true } });
    expect(byService).toHaveLength(lines.length);
    for (const l of lines) {
      const b = byService.find((x) => x.applicationId === l.applicationId && x.day === l.day);
      expect(Math.abs(Number(b?._sum.costMicroUsd) - Number(l._sum.costMicroUsd)), `${l.applicationId} ${l.day}`).toBeLessThanOrEqual(2);
    }
  });

  it("sees the launch as more spend with more requests, not as a dearer request", () => {
    const launch = found.find((a) => a.subject === "shipping");
    expect(launch?.startDay).toBe(addDays(today, -SCENARIOS.launch.daysAgo));
    expect(launch?.summary).toMatch(/own cost \+\d+\.\d\u00a0% while requests \+\d+\.\d\u00a0%/);
    expect(found.some((a) => a.subject === "shipping" && a.figure === "cost_per_million")).toBe(false);
  });

  it("keeps the month-end batch and the weekends quiet", () => {
    expect(found.some((a) => a.subject === "orders-worker" || a.subject === "Fulfilment")).toBe(false);
    expect(found).toHaveLength(3);
  });

  it("changes nothing when run again on the same data", async () => {
    const accountId = (await t.db.cloudAccount.findFirstOrThrow()).id;
    const again = await evaluateAllAnomalies(t.db, accountId, now);
    expect(again.reduce((n, r) => n + r.opened + r.closed, 0)).toBe(0);
    expect(await t.db.anomaly.count()).toBe(3);
  });
});

/** A webhook receiver on a free local port that records what it is sent. */
async function receiver() {
  const received: Record<string, unknown>[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      received.push(JSON.parse(raw));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/anomalies`;
  return { received, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
const LOCAL_RECEIVER = { allow: ["127.0.0.1"] };

describe("an anomaly's life, on synthetic days", () => {
  // 35 usual days of a $100/day service serving 1M requests a day, from a Monday.
  const FIRST: Day = "2026-09-07";
  let t: TestDb;
  let db: Db;
  let accountId: number;
  let applicationId: number;
  let serviceId: number;

  async function setDay(day: Day, costUsd: number, estimated = false) {
    const micro = BigInt(Math.round(costUsd * 1e6));
    await db.serviceCostDay.upsert({
      where: { serviceId_day: { serviceId, day } },
      create: { serviceId, applicationId, day, ownCostMicroUsd: micro, sharedCostMicroUsd: 0n, requestCount: 1_000_000n, estimated },
      update: { ownCostMicroUsd: micro, estimated },
    });
    await db.costDay.upsert({
      where: { accountId_day_scope: { accountId, day, scope: `service:${serviceId}` } },
      create: { accountId, day, scope: `service:${serviceId}`, applicationId, serviceId, costMicroUsd: micro, estimated },
      update: { costMicroUsd: micro, estimated },
    });
  }
  const noonAfter = (day: Day) => new Date(`${addDays(day, 1)}T12:00:00Z`);

  beforeAll(async () => {
    t = await createTestDb();
    db = t.db;
    accountId = (await db.cloudAccount.create({ data: { name: "Synthetic", source: "demo" } })).id;
    applicationId = (await db.application.create({ data: { accountId, slug: "shop", name: "Shop" } })).id;
    serviceId = (await db.service.create({ data: { applicationId, name: "api" } })).id;
    for (let n = 0; n < 35; n++) await setDay(addDays(FIRST, n), 100);
  });
  afterAll(async () => t?.close());

  it("sends one message when it opens and one when it closes, however often it is evaluated", async () => {
    const hook = await receiver();
    try {
      await db.webhook.create({ data: { applicationId, url: hook.url, format: "generic" } });
      const spikeDay = addDays(FIRST, 35);
      await setDay(spikeDay, 300);
      for (let i = 0; i < 2; i++) await evaluateAllAnomalies(db, accountId, noonAfter(spikeDay));
      const open = await listAnomalies(db, { applicationId, state: "open" });
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ subject: "api", state: "open", openedDay: spikeDay, value: 300 });
      await deliverWebhooks(db, new Date(), LOCAL_RECEIVER);
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0]).toMatchObject({ event: "anomaly.opened", application: "Shop", subject: "api", valueUsd: 300, openedDay: spikeDay });

      await setDay(addDays(spikeDay, 1), 100);
      for (let i = 0; i < 2; i++) await evaluateAllAnomalies(db, accountId, noonAfter(addDays(spikeDay, 1)));
      await deliverWebhooks(db, new Date(), LOCAL_RECEIVER);
      expect(hook.received.map((m) => m.event)).toEqual(["anomaly.opened", "anomaly.closed"]);
      expect(hook.received[1]).toMatchObject({ state: "closed", closedDay: addDays(spikeDay, 1), kind: "spike" });
      expect(await db.webhookDelivery.count({ where: { anomalyId: open[0]!.id } })).toBe(2);
    } finally {
      await hook.close();
      await db.webhook.deleteMany({});
    }
  });

  it("judges an estimated day, and withdraws the anomaly when the final figure is usual", async () => {
    const day = addDays(FIRST, 37);
    await setDay(addDays(FIRST, 36), 100);
    await setDay(day, 260, true);
    await evaluateAllAnomalies(db, accountId, noonAfter(day));
    const open = await listAnomalies(db, { applicationId, state: "open" });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ estimated: true });
    expect(open[0]?.summary).toContain("(estimated)");

    await setDay(day, 101, false);
    await evaluateAllAnomalies(db, accountId, noonAfter(day));
    const row = await db.anomaly.findUniqueOrThrow({ where: { id: open[0]!.id } });
    expect(row.state).toBe("withdrawn");
    expect(await listAnomalies(db, { applicationId, state: "open" })).toHaveLength(0);
  });

  it("a shift marked expected sends nothing more, and its days teach the baseline nothing", async () => {
    const hook = await receiver();
    try {
      await db.webhook.create({ data: { applicationId, url: hook.url, format: "slack" } });
      // A migration doubles the cost for three weeks.
      const from = addDays(FIRST, 38);
      for (let n = 0; n < 4; n++) await setDay(addDays(from, n), 200);
      await evaluateAllAnomalies(db, accountId, noonAfter(addDays(from, 3)));
      const [shift] = await listAnomalies(db, { applicationId, state: "open" });
      expect(shift).toMatchObject({ kind: "shift", startDay: from });
      await deliverWebhooks(db, new Date(), LOCAL_RECEIVER);
      expect(hook.received).toHaveLength(1);
      expect(String((hook.received[0] as { text: string }).text)).toContain("Cost anomaly in Shop: api cost per 1M requests shifted up");

      expect(feedbackInput.safeParse({ feedback: "expected", reason: "" }).success).toBe(false);
      await markAnomaly(db, shift!.id, feedbackInput.parse({ feedback: "expected", reason: "database migration" }), { kind: "user", userId: "u1", email: "owner@example.com" });
      const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "anomaly.marked" } });
      expect(audit).toMatchObject({ actorLabel: "owner@example.com", reason: "database migration" });

      // Three weeks at $200, then back to $100: the close sends nothing (it was expected).
      for (let n = 4; n < 21; n++) await setDay(addDays(from, n), 200);
      await evaluateAllAnomalies(db, accountId, noonAfter(addDays(from, 20)));
      for (let n = 21; n < 28; n++) await setDay(addDays(from, n), 100);
      await evaluateAllAnomalies(db, accountId, noonAfter(addDays(from, 27)));
      await deliverWebhooks(db, new Date(), LOCAL_RECEIVER);
      expect(hook.received).toHaveLength(1);
      const marked = await db.anomaly.findUniqueOrThrow({ where: { id: shift!.id } });
      expect(marked).toMatchObject({ feedback: "expected", state: "closed" });

      // The same rise again: judged against the $100 weeks, not the migration's $200 ones.
      const again = addDays(from, 28);
      await setDay(again, 200);
      await evaluateAllAnomalies(db, accountId, noonAfter(again));
      const fresh = (await listAnomalies(db, { applicationId, state: "open" })).find((a) => a.openedDay === again);
      expect(fresh).toMatchObject({ expected: 100, feedback: null });
    } finally {
      await hook.close();
      await db.webhook.deleteMany({});
    }
  });

  it("uses the application's own thresholds, and audits a change to them", async () => {
    const day = addDays(FIRST, 67);
    await setDay(addDays(FIRST, 66), 100);
    await setDay(day, 116);
    await evaluateAllAnomalies(db, accountId, noonAfter(day));
    expect((await listAnomalies(db, { applicationId, state: "open" })).some((a) => a.openedDay === day)).toBe(false);
    await saveAnomalyThresholds(db, applicationId, { score: 2.5, floorUsdPerDay: 10, minHistoryDays: 14 }, SYSTEM, "catch smaller rises");
    await evaluateAllAnomalies(db, accountId, noonAfter(day));
    expect((await listAnomalies(db, { applicationId, state: "open" })).some((a) => a.openedDay === day)).toBe(true);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "application.anomaly_thresholds_changed" } });
    expect(audit.after).toEqual({ score: 2.5, floorUsdPerDay: 10 });
  });
});

describe("GET /api/v1/applications/{id}/anomalies", () => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await createAppContext({ days: 40 });
    // Judged on the day the history was synced for, which need not be today's date any more.
    await evaluateAllAnomalies(ctx.db, ctx.accountId, new Date(`${ctx.today}T12:00:00Z`));
  });
  afterAll(async () => ctx?.close());

  const call = (path: string, headers: Record<string, string>, id: string) =>
    anomaliesApi(new Request(`${ORIGIN}${path}`, { headers: { host: "localhost:3000", ...headers } }), { params: Promise.resolve({ id }) });

  it("answers a read token with the application's anomalies and the trail behind each", async () => {
    const response = await call("/api/v1/applications/storefront/anomalies?state=open", { authorization: `Bearer ${ctx.tokens.read}` }, "storefront");
    expect(response.status).toBe(200);
    const body = await response.json();
    const creep = body.anomalies.find((a: { service: string }) => a.service === "recommendations");
    expect(creep).toMatchObject({ figure: "cost_per_million", kind: "shift", state: "open", estimated: expect.any(Boolean) });
    expect(creep.valueUsd).toBeGreaterThan(creep.expectedHighUsd);
    expect(creep.trail.length).toBeGreaterThan(20);
    // The trail runs through the anomaly's last day, judged against its band, to the last day with
    // cost: on the 1st of a month that is the month's last day, which the first month-end the
    // history holds leaves unjudged (no band).
    const dates: string[] = creep.trail.map((t: { date: string }) => t.date);
    expect(creep.trail.find((t: { date: string }) => t.date === creep.lastDate)).toEqual(expect.objectContaining({ valueUsd: expect.any(Number), expectedHighUsd: expect.any(Number) }));
    expect(dates.at(-1)! >= creep.lastDate).toBe(true);
  });

  it("refuses another application's token and a bad state", async () => {
    expect((await call("/api/v1/applications/storefront/anomalies", { authorization: `Bearer ${ctx.tokens.otherAppRead}` }, "storefront")).status).toBe(404);
    expect((await call("/api/v1/applications/storefront/anomalies?state=sometimes", { cookie: ctx.cookies.viewer }, "storefront")).status).toBe(400);
  });
});
