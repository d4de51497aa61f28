// OFREP conformance against a real node:http server over the test database: every
// status the endpoints answer, the bulk ETag, the rate limit, token scopes, and
// static stability (the database stops or hangs; the switches keep being served).
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import type http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { revokeApiToken } from "../lib/auth/tokens";
import { createDb } from "../lib/db/client";
import { createOfrepServer } from "../lib/ofrep/node";
import { RateLimiter } from "../lib/ofrep/rate-limit";
import { databaseLoader, SnapshotStore, type SnapshotLoader } from "../lib/ofrep/snapshot";
import { TEST_DIALECT } from "./test-db";
import { createAppContext, type AppContext } from "./app-context";

let ctx: AppContext;
const servers: http.Server[] = [];
const stores: SnapshotStore[] = [];

async function serve(options: { loader?: SnapshotLoader; perSecond?: number; burst?: number; intervalMs?: number; timeoutMs?: number; refresh?: boolean } = {}) {
  const store = new SnapshotStore(options.loader ?? databaseLoader(ctx.db), { intervalMs: options.intervalMs ?? 60_000, timeoutMs: options.timeoutMs ?? 2_000 });
  stores.push(store);
  if (options.refresh !== false) expect(await store.refresh()).toBe(true);
  const server = createOfrepServer({ store, limiter: new RateLimiter(options.perSecond ?? 10_000, options.burst) });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { store, base };
}

function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/ofrep/v1/evaluate/flags${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ctx.tokens.flags}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function setSwitch(key: string, data: { state: string; throttlePercent?: number | null; cellStates?: object }) {
  await ctx.db.feature.update({ where: { applicationId_key: { applicationId: ctx.apps.storefront!.id, key } }, data: { throttlePercent: null, ...data } });
}

beforeAll(async () => {
  ctx = await createAppContext();
});
afterEach(async () => {
  for (const s of stores.splice(0)) s.stop();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  for (const key of ["checkout.enabled", "search.enabled", "recommendations.enabled"]) await setSwitch(key, { state: "on", cellStates: {} });
});
afterAll(async () => ctx.close());

describe("single flag: POST /ofrep/v1/evaluate/flags/{key}", () => {
  it("answers an 'on' feature true, STATIC, with its tier and state as metadata", async () => {
    const { base } = await serve();
    const response = await post(base, "/checkout.enabled", { context: { targetingKey: "user-1" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ key: "checkout.enabled", value: true, reason: "STATIC", variant: "on", metadata: { tier: 1, state: "on" } });
  });

  it("answers an 'off' feature false, DISABLED", async () => {
    await setSwitch("recommendations.enabled", { state: "off" });
    const { base } = await serve();
    expect(await (await post(base, "/recommendations.enabled", { context: {} })).json()).toMatchObject({ value: false, reason: "DISABLED", variant: "off", metadata: { tier: 3, state: "off" } });
  });

  it("splits a throttled feature by targeting key: about the given share true, the same answer for the same key", async () => {
    await setSwitch("recommendations.enabled", { state: "throttled", throttlePercent: 30 });
    const { base } = await serve();
    const answers = await Promise.all(Array.from({ length: 400 }, (_, i) => post(base, "/recommendations.enabled", { context: { targetingKey: `user-${i}` } }).then((r) => r.json())));
    const served = answers.filter((a) => a.value === true).length;
    expect(served / 400).toBeGreaterThan(0.22);
    expect(served / 400).toBeLessThan(0.38);
    expect(answers[0]).toMatchObject({ reason: "SPLIT", metadata: { state: "throttled", throttlePercent: 30 } });
    const again = await Promise.all(answers.slice(0, 20).map((_, i) => post(base, "/recommendations.enabled", { context: { targetingKey: `user-${i}` } }).then((r) => r.json())));
    expect(again.map((a) => a.value)).toEqual(answers.slice(0, 20).map((a) => a.value));
  });

  it("asks for a targeting key when a throttled feature is evaluated without one (400 TARGETING_KEY_MISSING)", async () => {
    await setSwitch("recommendations.enabled", { state: "throttled", throttlePercent: 30 });
    const { base } = await serve();
    const response = await post(base, "/recommendations.enabled", { context: {} });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ key: "recommendations.enabled", errorCode: "TARGETING_KEY_MISSING" });
  });

  it("sheds a feature in one cell only (context.cell), TARGETING_MATCH", async () => {
    await setSwitch("recommendations.enabled", { state: "on", cellStates: { "cell-b": { state: "off", throttlePercent: null } } });
    const { base } = await serve();
    expect(await (await post(base, "/recommendations.enabled", { context: { cell: "cell-b" } })).json()).toMatchObject({ value: false, reason: "TARGETING_MATCH", metadata: { cell: "cell-b" } });
    expect(await (await post(base, "/recommendations.enabled", { context: { cell: "cell-a" } })).json()).toMatchObject({ value: true, reason: "STATIC" });
  });

  it("404 FLAG_NOT_FOUND for an unknown key, and for a key of another application", async () => {
    const { base } = await serve();
    for (const key of ["nope.enabled", "orders.processing"]) {
      const response = await post(base, `/${key}`, { context: {} });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ key, errorCode: "FLAG_NOT_FOUND" });
    }
  });

  it.each([
    ["not JSON", "{context:", "PARSE_ERROR"],
    ["a JSON array", "[1,2]", "PARSE_ERROR"],
    ["a context that is not an object", { context: "cell-b" }, "INVALID_CONTEXT"],
    ["a numeric targetingKey", { context: { targetingKey: 42 } }, "INVALID_CONTEXT"],
    ["a numeric cell", { context: { cell: 2 } }, "INVALID_CONTEXT"],
  ])("400 for %s", async (_name, body, code) => {
    const { base } = await serve();
    const response = await post(base, "/checkout.enabled", body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ key: "checkout.enabled", errorCode: code, errorDetails: expect.any(String) });
  });

  it("answers a body it has seen before from the switch as it is now: after a flip, and after more distinct bodies than it keeps read", async () => {
    const { base, store } = await serve();
    const body = { context: { targetingKey: "user-7" } };
    expect(await (await post(base, "/recommendations.enabled", body)).json()).toMatchObject({ value: true, reason: "STATIC" });
    await setSwitch("recommendations.enabled", { state: "off" });
    expect(await store.refresh()).toBe(true);
    expect(await (await post(base, "/recommendations.enabled", body)).json()).toMatchObject({ value: false, reason: "DISABLED" });
    for (let attempt = 0; attempt < 2; attempt++) {
      const bad = await post(base, "/recommendations.enabled", "{context:");
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ errorCode: "PARSE_ERROR" });
    }
    // Past the 4,096 bodies the handler keeps read (lib/ofrep/handler.ts), then the first one again.
    for (let batch = 0; batch < 21; batch++) {
      const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => post(base, "/recommendations.enabled", { context: { targetingKey: `other-${batch}-${i}` } }).then((r) => r.status)));
      expect(new Set(statuses)).toEqual(new Set([200]));
    }
    expect(await (await post(base, "/recommendations.enabled", body)).json()).toMatchObject({ value: false, reason: "DISABLED" });
  });

  it("treats an empty body as an empty context", async () => {
    const { base } = await serve();
    const response = await post(base, "/checkout.enabled", "");
    expect(response.status).toBe(200);
  });
});

describe("who may ask", () => {
  it("401 without a token, with an unknown token, and with a revoked one", async () => {
    const { base, store } = await serve();
    expect((await post(base, "/checkout.enabled", {}, { authorization: "" })).status).toBe(401);
    expect((await post(base, "/checkout.enabled", {}, { authorization: "Bearer frg_made-up" })).status).toBe(401);

    const { token, view } = await (await import("../lib/auth/tokens")).createApiToken(ctx.db, { applicationId: ctx.apps.storefront!.id, name: "soon-revoked", scope: "flags", actor: { kind: "system", label: "test" } });
    await store.refresh();
    expect((await post(base, "/checkout.enabled", {}, { authorization: `Bearer ${token}` })).status).toBe(200);
    await revokeApiToken(ctx.db, view.id, { kind: "system", label: "test" });
    await store.refresh();
    const response = await post(base, "/checkout.enabled", {}, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("403 for a token of another scope", async () => {
    const { base } = await serve();
    const response = await post(base, "/checkout.enabled", {}, { authorization: `Bearer ${ctx.tokens.read}` });
    expect(response.status).toBe(403);
    expect((await response.json()).errorDetails).toMatch(/flags/);
  });

  it("405 for anything but POST", async () => {
    const { base } = await serve();
    const response = await fetch(`${base}/ofrep/v1/evaluate/flags/checkout.enabled`, { headers: { authorization: `Bearer ${ctx.tokens.flags}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("429 with Retry-After past the rate limit, per token", async () => {
    const { base } = await serve({ perSecond: 1, burst: 6 });
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(base, "/checkout.enabled", {})).status);
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    const limited = await post(base, "/checkout.enabled", {});
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("413 for an oversized body, unread", async () => {
    const { base } = await serve();
    const response = await post(base, "/checkout.enabled", { context: { targetingKey: "x".repeat(100_000) } });
    expect(response.status).toBe(413);
  });
});

describe("bulk: POST /ofrep/v1/evaluate/flags", () => {
  it("answers every flag of the token's application, with an ETag that If-None-Match turns into 304", async () => {
    const { base, store } = await serve();
    const first = await post(base, "", { context: { targetingKey: "user-1" } });
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body.flags.map((f: { key: string }) => f.key)).toEqual(["checkout.enabled", "recommendations.enabled", "search.enabled"]);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);

    const unchanged = await post(base, "", { context: { targetingKey: "user-1" } }, { "if-none-match": etag! });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe("");

    await setSwitch("search.enabled", { state: "off" });
    await store.refresh();
    const changed = await post(base, "", { context: { targetingKey: "user-1" } }, { "if-none-match": etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect((await changed.json()).flags.find((f: { key: string }) => f.key === "search.enabled")).toMatchObject({ value: false, reason: "DISABLED" });
  });

  it("puts a per-flag error in the list rather than failing the whole answer", async () => {
    await setSwitch("recommendations.enabled", { state: "throttled", throttlePercent: 50 });
    const { base } = await serve();
    const response = await post(base, "", { context: {} });
    expect(response.status).toBe(200);
    expect((await response.json()).flags.find((f: { key: string }) => f.key === "recommendations.enabled")).toMatchObject({ errorCode: "TARGETING_KEY_MISSING" });
  });

  it("400 PARSE_ERROR for a bad body, without a key", async () => {
    const { base } = await serve();
    const response = await post(base, "", "nope");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errorCode: "PARSE_ERROR", errorDetails: expect.any(String) });
  });
});

describe("several instances on one database", () => {
  it("serves a switch flipped through another instance at its next refresh, with no message between them", async () => {
    // Instance B: its own connection to the database and its own snapshot, refreshed every 2 s (FRUGAL_OFREP_REFRESH_MS).
    const other = createDb(ctx.url);
    try {
      const b = await serve({ loader: databaseLoader(other) });
      expect((await (await post(b.base, "/recommendations.enabled", { context: { targetingKey: "u1" } })).json()).value).toBe(true);
      // Instance A changes the switch in the database.
      await setSwitch("recommendations.enabled", { state: "off" });
      expect((await (await post(b.base, "/recommendations.enabled", { context: { targetingKey: "u1" } })).json()).value).toBe(true);
      // What B's timer does every refresh interval: it reads the change itself.
      expect(await b.store.refresh()).toBe(true);
      expect((await (await post(b.base, "/recommendations.enabled", { context: { targetingKey: "u1" } })).json()).value).toBe(false);
    } finally {
      await other.$disconnect();
    }
  });
});

describe("static stability", () => {
  it("503 with Retry-After only before the very first snapshot", async () => {
    const { base } = await serve({ loader: () => new Promise(() => undefined), refresh: false });
    const response = await post(base, "/checkout.enabled", {});
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
  });

  // It stops the database by removing a copy of its file: SQLite only.
  it.skipIf(TEST_DIALECT === "postgres")("keeps answering from the last snapshot when the database is stopped, and says how old it is", async () => {
    // A connection of its own to a copy of the database, which the test then stops and removes.
    const file = `${ctx.file}.ofrep-copy`;
    await setSwitch("recommendations.enabled", { state: "off" });
    await ctx.db.$executeRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    fs.copyFileSync(ctx.file, file);
    const ofrepDb = createDb(`file:${file}`);
    const { base, store } = await serve({ loader: databaseLoader(ofrepDb), intervalMs: 50, timeoutMs: 500 });
    store.start();
    expect((await post(base, "/recommendations.enabled", {})).status).toBe(200);

    await ofrepDb.$disconnect();
    fs.rmSync(file);
    expect(await store.refresh()).toBe(false);
    expect(store.lastError).toMatch(/does not exist|no such table/i);
    await new Promise((r) => setTimeout(r, 150)); // past two refresh intervals

    for (const key of ["recommendations.enabled", "checkout.enabled"]) {
      const response = await post(base, `/${key}`, { context: { targetingKey: "u" } });
      expect(response.status).toBe(200);
      expect(Number(response.headers.get("x-frugal-snapshot-age-ms"))).toBeGreaterThan(100);
    }
    // The switch that was off stays off: no default that silently turns everything on.
    expect(await (await post(base, "/recommendations.enabled", {})).json()).toMatchObject({ value: false, reason: "DISABLED" });
    expect((await post(base, "", {})).status).toBe(200);
  });

  it("keeps answering while a refresh waits on a slow database, and gives up on the refresh, not the answers", async () => {
    const real = databaseLoader(ctx.db);
    // Loads once, then hangs like a database that stopped answering.
    const hangsAfterFirst = (): SnapshotLoader => {
      let calls = 0;
      return () => (calls++ === 0 ? real() : new Promise(() => undefined));
    };
    const patient = await serve({ loader: hangsAfterFirst(), timeoutMs: 60_000 });
    let settled = false;
    void patient.store.refresh().finally(() => (settled = true));
    expect((await post(patient.base, "/checkout.enabled", {})).status).toBe(200);
    expect(settled).toBe(false); // answered while the refresh was still waiting on the database

    const impatient = await serve({ loader: hangsAfterFirst(), timeoutMs: 100 });
    expect(await impatient.store.refresh()).toBe(false);
    expect(impatient.store.lastError).toMatch(/longer than 100 ms/);
    expect((await post(impatient.base, "/checkout.enabled", {})).status).toBe(200);
  });
});
