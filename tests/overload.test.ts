// Overload end to end on the demo account: the sync keeps high-resolution samples
// (idempotently, pruned), the signals find the sick cell and nothing else, one
// webhook message per incident and one when it recovers, bounded retries, and the
// API with the points behind each signal.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as overloadApi } from "../app/api/v1/applications/[id]/overload/route";
import { overloadState, thresholdsOf, thresholdsSchema, wastedSpend } from "../lib/data/overload";
import type { Sample } from "../lib/domain/samples";
import { addWebhook, GENERIC_DELIVERY_ERROR, listWebhooks, saveThresholds, webhookInput } from "../lib/data/overload-settings";
import { badgeOf, getOverloadBadges, verdictStands, type OverloadBadge } from "../lib/data/overload-summary";
import { DEFAULT_THRESHOLDS } from "../lib/domain/signals";
import { MAX_DELIVERY_ATTEMPTS } from "../lib/domain/incidents";
import { deliverWebhooks } from "../lib/jobs/deliver-webhooks";
import { evaluateAllOverload, evaluateOverload } from "../lib/jobs/evaluate-overload";
import { runSignals } from "../lib/jobs/signals-run";
import { syncSamples, MINUTE_RETENTION_MS } from "../lib/jobs/sync-samples";
import { DemoSource } from "../lib/sources/demo/demo-source";
import { createAppContext, ORIGIN, pointAppAt, type AppContext } from "./app-context";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

let ctx: AppContext;
const now = new Date();
const source = () => new DemoSource({ seed: 42, now: () => now });

/** A webhook receiver on a free local port that records what it is sent. */
async function receiver(status: () => number) {
  const received: { body: Record<string, unknown> }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      received.push({ body: JSON.parse(raw) });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/T000/B000/s3cr3t-path`;
  return { received, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  ctx = await createAppContext({ days: 8 });
});
afterAll(async () => ctx?.close());

describe("high-resolution samples", () => {
  it("are stored once: a second sync of the same minutes changes nothing", async () => {
    const first = await syncSamples(ctx.db, source(), ctx.accountId, now);
    expect(first.inserted).toBeGreaterThan(10_000);
    const count = await ctx.db.metricSample.count();
    const second = await syncSamples(ctx.db, source(), ctx.accountId, now);
    expect(second).toMatchObject({ inserted: 0, updated: 0 });
    expect(await ctx.db.metricSample.count()).toBe(count);
  });

  it("are put back where the source says otherwise, and a run without the 5-minute read leaves the older 5-minute samples alone", async () => {
    const service = await ctx.db.service.findFirstOrThrow({ where: { name: "checkout" } });
    const newest = { serviceId: service.id, cell: "cell-a" };
    const minute = await ctx.db.metricSample.findFirstOrThrow({ where: { ...newest, periodSeconds: 60 }, orderBy: { ts: "desc" } });
    // A day old: outside the 3 hours a run without the 5-minute read wants.
    const dayOld = await ctx.db.metricSample.findFirstOrThrow({ where: { ...newest, periodSeconds: 300, ts: { lt: new Date(now.getTime() - 24 * 3600_000) } }, orderBy: { ts: "desc" } });
    await ctx.db.metricSample.update({ where: { id: minute.id }, data: { requests: minute.requests + 7, latencyP99Ms: 9_999 } });
    await ctx.db.metricSample.update({ where: { id: dayOld.id }, data: { requests: dayOld.requests + 7 } });
    const count = await ctx.db.metricSample.count();

    expect(await syncSamples(ctx.db, source(), ctx.accountId, now, { fiveMinute: false })).toMatchObject({ inserted: 0, updated: 1 });
    expect(await ctx.db.metricSample.findUniqueOrThrow({ where: { id: minute.id } })).toMatchObject({ requests: minute.requests, latencyP99Ms: minute.latencyP99Ms });
    expect((await ctx.db.metricSample.findUniqueOrThrow({ where: { id: dayOld.id } })).requests).toBe(dayOld.requests + 7);
    expect(await ctx.db.metricSample.count()).toBe(count);
    // The 5-minute read puts the day-old one back too.
    expect(await syncSamples(ctx.db, source(), ctx.accountId, now)).toMatchObject({ inserted: 0, updated: 1 });
    expect((await ctx.db.metricSample.findUniqueOrThrow({ where: { id: dayOld.id } })).requests).toBe(dayOld.requests);
  });

  it("are the same when read and written a few services at a time (how a large account goes)", async () => {
    const count = await ctx.db.metricSample.count();
    await ctx.db.metricSample.deleteMany({});
    const batched = await syncSamples(ctx.db, source(), ctx.accountId, now, { servicesPerBatch: 2 });
    expect(batched.inserted).toBe(count);
    expect(await syncSamples(ctx.db, source(), ctx.accountId, now)).toMatchObject({ inserted: 0, updated: 0 });
  });

  it("keep 1-minute points for 3 hours and 5-minute points for 2 days, and nothing older", async () => {
    // Points older than that (left by a sync that ran before) are pruned by the next one.
    const service = await ctx.db.service.findFirstOrThrow({ where: { name: "checkout" } });
    const old = { serviceId: service.id, cell: "cell-a", requests: 1, count2xx: 1, count4xx: 0, count5xx: 0, throttles: 0 };
    await ctx.db.metricSample.create({ data: { ...old, periodSeconds: 60, ts: new Date(now.getTime() - 5 * 3600_000) } });
    await ctx.db.metricSample.create({ data: { ...old, periodSeconds: 300, ts: new Date(now.getTime() - 50 * 3600_000) } });
    expect((await syncSamples(ctx.db, source(), ctx.accountId, now)).pruned).toBe(2);
    const minutes = await ctx.db.metricSample.aggregate({ where: { periodSeconds: 60 }, _min: { ts: true } });
    const fives = await ctx.db.metricSample.aggregate({ where: { periodSeconds: 300 }, _min: { ts: true } });
    // From the whole minute (and the whole 5 minutes) 3 hours (and 2 days) back.
    expect(now.getTime() - minutes._min.ts!.getTime()).toBeLessThanOrEqual(MINUTE_RETENTION_MS + 60_000);
    expect(now.getTime() - minutes._min.ts!.getTime()).toBeGreaterThan(MINUTE_RETENTION_MS - 60_000);
    expect(now.getTime() - fives._min.ts!.getTime()).toBeLessThanOrEqual(48 * 3600_000 + 300_000);
    expect(now.getTime() - fives._min.ts!.getTime()).toBeGreaterThan(47 * 3600_000);
  });
});

describe("the applications list's overload badges", () => {
  it("judge each application with samples as its overload page does, and say no data for one without, without reading its samples", async () => {
    const quiet = await ctx.db.application.create({ data: { accountId: ctx.accountId, slug: "quiet", name: "Quiet", services: { create: { name: "api" } } } });
    try {
      const badges = await getOverloadBadges(ctx.db, ctx.accountId, now);
      for (const app of await ctx.db.application.findMany({ where: { accountId: ctx.accountId, slug: { not: "quiet" } } })) {
        const state = await overloadState(ctx.db, app.id, now);
        expect(badges.find((b) => b.applicationId === app.id)?.state).toBe(state.series.length ? state.state : "no_data");
      }
      expect(badges.find((b) => b.applicationId === ctx.apps.storefront!.id)?.state).toBe("overloaded");
      expect(badges.find((b) => b.applicationId === quiet.id)).toEqual({ applicationId: quiet.id, slug: "quiet", state: "no_data", cells: [], services: [] });
    } finally {
      await ctx.db.application.delete({ where: { id: quiet.id } });
    }
  });
  it("show the signals run's verdict, not a second read of the samples, while it stands", async () => {
    const t = await createAppContext({ days: 1 });
    try {
      await syncSamples(t.db, source(), t.accountId, now);
      await evaluateAllOverload(t.db, t.accountId, now);
      const later = new Date(now.getTime() + 60_000);
      const badges = await getOverloadBadges(t.db, t.accountId, later);
      // What the run judged is what the overload page judges at that moment, incidents included.
      for (const app of Object.values(t.apps)) {
        expect(badges.find((b) => b.applicationId === app.id), app.slug).toEqual({ applicationId: app.id, slug: app.slug, ...badgeOf(await overloadState(t.db, app.id, now)) });
      }
      const storefront = t.apps.storefront!.id;
      const badge = (list: OverloadBadge[]) => list.find((b) => b.applicationId === storefront);
      expect(badge(badges)).toMatchObject({ state: "overloaded", cells: ["cell-b"] });

      // Without its samples the list still shows the verdict: it does not read them.
      await t.db.metricSample.deleteMany();
      expect(badge(await getOverloadBadges(t.db, t.accountId, later))?.state).toBe("overloaded");
      // Other thresholds, and the list judges again (here: nothing left to judge).
      const engineer = { kind: "system", label: "test" } as const;
      await saveThresholds(t.db, storefront, { ...DEFAULT_THRESHOLDS, windowMinutes: 30 }, engineer);
      expect(badge(await getOverloadBadges(t.db, t.accountId, later))?.state).toBe("no_data");
      await saveThresholds(t.db, storefront, null, engineer);
      expect(badge(await getOverloadBadges(t.db, t.accountId, later))?.state).toBe("overloaded");
      // Once the window it judged has passed (no run since: the scheduler is off, the worker down), it is judged again.
      const windowEnd = new Date(now.getTime() + DEFAULT_THRESHOLDS.windowMinutes * 60_000);
      expect(badge(await getOverloadBadges(t.db, t.accountId, new Date(windowEnd.getTime() - 1)))?.state).toBe("overloaded");
      expect(badge(await getOverloadBadges(t.db, t.accountId, windowEnd))?.state).toBe("no_data");
    } finally {
      await t.close();
      pointAppAt(ctx.db);
    }
  });

  const judged = { judgedAt: now, thresholds: JSON.stringify(DEFAULT_THRESHOLDS) };
  const windowMs = DEFAULT_THRESHOLDS.windowMinutes * 60_000;
  it.each([
    { what: "judged 1 ms ahead (a clock ahead)", verdict: judged, ageMs: -1, stands: false },
    { what: "judged just now", verdict: judged, ageMs: 0, stands: true },
    { what: "1 ms before its window passed", verdict: judged, ageMs: windowMs - 1, stands: true },
    { what: "as its window passes", verdict: judged, ageMs: windowMs, stands: false },
    { what: "with other thresholds", verdict: { ...judged, thresholds: JSON.stringify({ ...DEFAULT_THRESHOLDS, minErrors: 11 }) }, ageMs: 0, stands: false },
  ])("a verdict $what: stands $stands", ({ verdict, ageMs, stands }) => {
    expect(verdictStands(verdict, DEFAULT_THRESHOLDS, new Date(now.getTime() + ageMs))).toBe(stands);
  });
});

describe("signals on the demo account", () => {
  it("find the overload in cell-b, and every other cell and application stays normal", async () => {
    const storefront = await overloadState(ctx.db, ctx.apps.storefront!.id, now);
    expect(storefront.state).toBe("overloaded");
    const sick = storefront.statuses.filter((s) => s.state !== "ok");
    expect(new Set(sick.map((s) => s.cell))).toEqual(new Set(["cell-b"]));
    expect(sick.filter((s) => s.state === "overloaded").map((s) => s.service)).toEqual(expect.arrayContaining(["checkout", "payments", "recommendations"]));
    const fulfilment = await overloadState(ctx.db, ctx.apps.fulfilment!.id, now);
    expect(fulfilment.statuses.filter((s) => s.state !== "ok").map((s) => `${s.service}/${s.cell}`)).toEqual(["orders-worker/cell-b"]);
    expect(fulfilment.signals.find((s) => s.kind === "queue" && s.cell === "cell-b")?.reason).toMatch(/Oldest message .* old/);
    const platform = await overloadState(ctx.db, ctx.apps.platform!.id, now);
    expect(platform.statuses.length).toBeGreaterThan(0);
    expect(platform.statuses.filter((s) => s.state !== "ok")).toEqual([]);
  });

  // The demo anchors its overload to "now"; at night and at the weekend the traffic
  // is lower, and none of that may read as an overload anywhere else.
  it.each(["2026-11-22T03:30:00Z", "2026-11-24T14:00:00Z", "2026-11-28T23:50:00Z"])("raise no false alarm outside cell-b at %s", async (at) => {
    const when = new Date(at);
    const t = await createAppContext({ days: 1 });
    try {
      await syncSamples(t.db, new DemoSource({ seed: 42, now: () => when }), t.accountId, when);
      for (const slug of ["storefront", "fulfilment", "platform"]) {
        const state = await overloadState(t.db, t.apps[slug]!.id, when);
        expect(state.statuses.filter((s) => s.state !== "ok" && s.cell !== "cell-b"), slug).toEqual([]);
      }
    } finally {
      await t.close();
      pointAppAt(ctx.db);
    }
  });
});

describe("what failures cost", () => {
  const at = (iso: string) => new Date(iso);
  const sample = (periodSeconds: number, ts: string, count5xx: number): Sample => ({
    serviceKey: "checkout", cell: "cell-x", periodSeconds, ts: at(ts), requests: 1_000, count2xx: 1_000 - count5xx, count4xx: 0, count5xx, throttles: 0,
    retries: null, latencyP50Ms: null, latencyP99Ms: null, queueAgeSeconds: null, queueDepth: null, queueSent: null, queueDeleted: null,
  });

  it("counts each sample on the UTC day it starts, and the minutes after the last 5-minute sample once", async () => {
    const series = [{
      service: "checkout",
      cell: "cell-x",
      fives: [sample(300, "2026-11-27T23:50:00Z", 1), sample(300, "2026-11-27T23:55:00Z", 2), sample(300, "2026-11-28T00:00:00Z", 4)],
      // 00:04 lies inside the 00:00 five-minute sample; 00:05 comes after it.
      minutes: [sample(60, "2026-11-27T23:59:00Z", 64), sample(60, "2026-11-28T00:04:00Z", 8), sample(60, "2026-11-28T00:05:00Z", 16)],
    }];
    const wasted = await wastedSpend(ctx.db, ctx.apps.storefront!.id, series, at("2026-11-28T00:06:00Z"));
    expect(wasted.map((w) => [w.day, w.failedRequests])).toEqual([["2026-11-27", 3], ["2026-11-28", 20]]);
  });
});

/** The test's receiver listens on loopback, which webhooks may reach only when an admin allows it. */
const LOCAL_RECEIVER = { allow: ["127.0.0.1"] };
/** A public address for names the tests use, since this machine resolves no outside names. */
const PUBLIC_DNS = { allow: [], resolve: async () => [{ address: "52.94.236.248", family: 4 }] };

describe("incidents and their webhook messages", () => {
  it("sends one message per incident, however often the signals run, and one when it recovers", async () => {
    const hook = await receiver(() => 200);
    try {
      const app = ctx.apps.storefront!.id;
      await ctx.db.webhook.create({ data: { applicationId: app, url: hook.url, format: "slack" } });
      const first = await evaluateOverload(ctx.db, app, now);
      expect(first.opened).toBeGreaterThanOrEqual(3);
      // The demo's cell-b has been sick for five hours: its incidents say so, not "since this run".
      const checkout = await ctx.db.incident.findFirstOrThrow({ where: { applicationId: app, cell: "cell-b", signal: "errors", service: { name: "checkout" } } });
      const hoursAgo = (now.getTime() - checkout.startedAt.getTime()) / 3_600_000;
      expect(hoursAgo).toBeGreaterThan(4.5);
      expect(hoursAgo).toBeLessThan(5.5);
      for (let i = 1; i <= 3; i++) expect((await evaluateOverload(ctx.db, app, new Date(now.getTime() + i * 1000))).opened).toBe(0);
      expect(await deliverWebhooks(ctx.db, now, LOCAL_RECEIVER)).toMatchObject({ delivered: first.opened, failed: 0 });
      expect(await deliverWebhooks(ctx.db, new Date(now.getTime() + 60_000), LOCAL_RECEIVER)).toMatchObject({ delivered: 0 });
      expect(hook.received).toHaveLength(first.opened);
      expect(hook.received.every((m) => typeof m.body.text === "string" && /overloaded/i.test(m.body.text as string))).toBe(true);
      expect(hook.received.map((m) => m.body.text).join("\n")).toMatch(/Storefront \/ checkout in cell-b/);

      // cell-b heals: its last hour looks like cell-a's.
      const services = await ctx.db.service.findMany({ where: { applicationId: app }, select: { id: true } });
      const since = new Date(now.getTime() - 3600_000);
      const healthy = await ctx.db.metricSample.findMany({ where: { serviceId: { in: services.map((s) => s.id) }, cell: "cell-a", ts: { gte: since } } });
      await ctx.db.metricSample.deleteMany({ where: { serviceId: { in: services.map((s) => s.id) }, cell: "cell-b", ts: { gte: since } } });
      await ctx.db.metricSample.createMany({ data: healthy.map(({ id: _id, ...row }) => ({ ...row, cell: "cell-b" })) });
      const later = new Date(now.getTime() + 2000);
      const healed = await evaluateOverload(ctx.db, app, later);
      expect(healed.resolved).toBe(first.opened);
      await evaluateOverload(ctx.db, app, new Date(later.getTime() + 1000));
      await deliverWebhooks(ctx.db, later, LOCAL_RECEIVER);
      const recovered = hook.received.slice(first.opened);
      expect(recovered).toHaveLength(first.opened);
      expect(recovered.every((m) => /recovered/i.test(m.body.text as string))).toBe(true);
      expect(await ctx.db.incident.count({ where: { applicationId: app, state: { not: "resolved" } } })).toBe(0);
    } finally {
      await ctx.db.webhook.deleteMany({ where: { url: hook.url } });
      await hook.close();
    }
  });

  it("gives up on an endpoint that keeps failing after a bounded number of attempts", async () => {
    const hook = await receiver(() => 503);
    try {
      const app = ctx.apps.fulfilment!.id;
      const webhook = await ctx.db.webhook.create({ data: { applicationId: app, url: hook.url, format: "generic" } });
      const opened = await evaluateOverload(ctx.db, app, now);
      expect(opened.opened).toBe(1);
      let at = now.getTime();
      for (let i = 0; i < MAX_DELIVERY_ATTEMPTS + 3; i++) {
        await deliverWebhooks(ctx.db, new Date(at), LOCAL_RECEIVER);
        at += 3600_000;
      }
      expect(hook.received).toHaveLength(MAX_DELIVERY_ATTEMPTS);
      expect(hook.received[0]!.body).toMatchObject({ event: "overload.started", service: "orders-worker", cell: "cell-b" });
      const delivery = await ctx.db.webhookDelivery.findFirstOrThrow({ where: { webhookId: webhook.id } });
      expect(delivery).toMatchObject({ status: "failed", attempts: MAX_DELIVERY_ATTEMPTS, lastError: "HTTP 503" });
      // What the other end answered is for admins: to others it could map ports.
      expect((await listWebhooks(ctx.db, app)).find((h) => h.id === webhook.id)?.lastError).toBe(GENERIC_DELIVERY_ERROR);
      expect((await listWebhooks(ctx.db, app, { showErrors: true })).find((h) => h.id === webhook.id)?.lastError).toBe("HTTP 503");
    } finally {
      await hook.close();
    }
  });
});

describe("GET /api/v1/applications/{id}/overload", () => {
  const call = (headers: Record<string, string>, id = "storefront") =>
    overloadApi(new Request(`${ORIGIN}/api/v1/applications/${id}/overload`, { headers: { host: "localhost:3000", ...headers } }), { params: Promise.resolve({ id }) });

  it("gives each signal its state, reason and the points behind it, and never a webhook URL", async () => {
    await runSignals(ctx.db, source(), ctx.accountId, { now, fiveMinute: false });
    await ctx.db.webhook.create({ data: { applicationId: ctx.apps.storefront!.id, url: "https://hooks.slack.com/services/T1/B2/very-secret", format: "slack" } });
    const response = await call({ authorization: `Bearer ${ctx.tokens.read}` });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain("very-secret");
    const body = JSON.parse(text);
    expect(body.state).toBe("overloaded");
    const errors = body.signals.find((s: { kind: string; service: string; cell: string }) => s.kind === "errors" && s.service === "checkout" && s.cell === "cell-b");
    expect(errors).toMatchObject({ state: "overloaded", reason: expect.stringMatching(/5XX/) });
    expect(errors.points.length).toBeGreaterThanOrEqual(15);
    expect(errors.points.at(-1)).toEqual({ ts: expect.any(String), requests: expect.any(Number), count5xx: expect.any(Number), count4xx: expect.any(Number) });
    const healthy = body.signals.find((s: { kind: string; service: string; cell: string }) => s.kind === "errors" && s.service === "checkout" && s.cell === "cell-a");
    expect(healthy.state).toBe("ok");
    expect(body.errorRates.find((r: { service: string; cell: string }) => r.service === "checkout" && r.cell === "cell-b").rate5xx).toBeGreaterThan(0.05);
    expect(body.wastedSpend.some((w: { failuresUsd: number | null }) => (w.failuresUsd ?? 0) > 0)).toBe(true);
  });

  it("refuses without credentials, and hides another application's signals from a token", async () => {
    expect((await call({})).status).toBe(401);
    const other = await call({ authorization: `Bearer ${ctx.tokens.read}` }, "fulfilment");
    expect([403, 404]).toContain(other.status);
  });
});

describe("what engineers set", () => {
  const engineer = { kind: "system", label: "test" } as const;

  it("refuses a warning level above the overloaded one, and keeps the stored thresholds", async () => {
    const bad = thresholdsSchema.safeParse({ ...DEFAULT_THRESHOLDS, errorRateWarning: 0.1, errorRateOverloaded: 0.05 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["errorRateWarning"], message: "The warning level must not be above the overloaded level." });
    const app = ctx.apps.platform!.id;
    expect(await saveThresholds(ctx.db, app, { ...DEFAULT_THRESHOLDS, queueAgeOverloadedSeconds: 120 }, engineer)).toEqual({ changed: 1 });
    const stored = await ctx.db.application.findUniqueOrThrow({ where: { id: app } });
    expect(thresholdsOf(stored.overloadThresholds).queueAgeOverloadedSeconds).toBe(120);
    const audit = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "application.thresholds_changed" }, orderBy: { id: "desc" } });
    expect(audit.before).toEqual({ queueAgeOverloadedSeconds: 300 });
    await saveThresholds(ctx.db, app, null, engineer);
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: app } })).overloadThresholds).toBeNull();
  });

  it.each([
    ["http://hooks.example.com/x", /Use https/],
    ["https://127.1:14300/api/v1/me", /this machine or a private network/],
    ["https://169.254.169.254/latest/meta-data/", /this machine or a private network/],
    ["https://[::1]/x", /this machine or a private network/],
    ["https://localhost/x", /this machine or a private network/],
    ["https://user:pass@hooks.example.com/x", /no user name or password/],
    ["not a url", /not a URL/],
    ["", /A URL is needed/],
  ])("refuses the webhook URL %j", (url, message) => {
    const parsed = webhookInput.safeParse({ url, format: "slack" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(message);
  });

  it("shows each webhook's latest error, and none for a webhook whose deliveries never failed", async () => {
    const app = ctx.apps.platform!.id;
    const [failing, fine] = await Promise.all(["https://a.example.com/x", "https://b.example.com/y"].map((url) => ctx.db.webhook.create({ data: { applicationId: app, url, format: "generic" } })));
    try {
      const delivery = (webhookId: number, status: string, lastError: string | null) => ({ webhookId, event: "overloaded", payload: {}, status, lastError });
      await ctx.db.webhookDelivery.createMany({
        data: [delivery(failing!.id, "failed", "HTTP 500"), delivery(fine!.id, "delivered", null), delivery(failing!.id, "failed", "HTTP 503"), delivery(failing!.id, "delivered", null)],
      });
      const listed = await listWebhooks(ctx.db, app, { showErrors: true });
      expect(listed.find((h) => h.id === failing!.id)).toMatchObject({ lastError: "HTTP 503", failed: 2, delivered: 1 });
      expect(listed.find((h) => h.id === fine!.id)).toMatchObject({ lastError: null, failed: 0, delivered: 1 });
    } finally {
      await ctx.db.webhook.deleteMany({ where: { id: { in: [failing!.id, fine!.id] } } });
    }
  });

  it("keeps a webhook's URL out of the page and the audit log", async () => {
    const url = "https://hooks.slack.com/services/T0AAA/B0BBB/abcdefghijklmnopqrstuvwx";
    await addWebhook(ctx.db, ctx.apps.platform!.id, { url, format: "slack" }, engineer, PUBLIC_DNS);
    const [listed] = await listWebhooks(ctx.db, ctx.apps.platform!.id);
    expect(listed!.maskedUrl).toBe("https://hooks.slack.com/…uvwx");
    const audit = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "webhook.added" }, orderBy: { id: "desc" } });
    expect(JSON.stringify(audit)).not.toContain("abcdefghijklmnop");
    // Encrypted at rest: a copy of the database does not give the URL away.
    const row = await ctx.db.webhook.findFirstOrThrow({ where: { applicationId: ctx.apps.platform!.id }, orderBy: { id: "desc" } });
    expect(row.url).not.toContain("hooks.slack.com");
    expect(row.url).toMatch(/^enc:v1:/);
  });

  it("refuses a webhook whose name resolves to an internal address", async () => {
    const internal = { allow: [], resolve: async () => [{ address: "10.0.3.7", family: 4 }] };
    await expect(addWebhook(ctx.db, ctx.apps.platform!.id, { url: "https://hooks.internal-looking.example/x", format: "generic" }, engineer, internal)).rejects.toThrow(/private network/);
    expect(await ctx.db.webhook.count({ where: { applicationId: ctx.apps.platform!.id, format: "generic" } })).toBe(0);
  });
});
