// OFREP as an attacker or a broken client would use it: malformed escapes, odd
// encodings, sizes, methods, bodies and headers each get a 4xx and leave the server
// answering; a database held under a write lock for 15 s does not hold up a single
// evaluation; a token made a moment ago by another process works at once.
import fs from "node:fs";
import net from "node:net";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freshSignedClaims, mintToken, tokenSigningKey } from "../lib/auth/token-format";
import { createApiToken, revokeApiToken, signingKeyOfThisInstance } from "../lib/auth/tokens";
import { createOfrepServer } from "../lib/ofrep/node";
import { RateLimiter } from "../lib/ofrep/rate-limit";
import { databaseLoader, SnapshotStore } from "../lib/ofrep/snapshot";
import { workerLoader, type WorkerLoader } from "../lib/ofrep/worker-loader";
import { createAppContext, type AppContext } from "./app-context";

let ctx: AppContext;
const cleanup: (() => Promise<void> | void)[] = [];
const system = { kind: "system", label: "test" } as const;

async function serve(store: SnapshotStore) {
  const server = createOfrepServer({ store, limiter: new RateLimiter(100_000) });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { server, port: (server.address() as AddressInfo).port };
}

function inProcessStore(options: { intervalMs?: number } = {}) {
  const store = new SnapshotStore(databaseLoader(ctx.db), { intervalMs: options.intervalMs ?? 60_000, timeoutMs: 2_000, signingKey: signingKeyOfThisInstance() });
  cleanup.push(() => store.stop());
  return store;
}

/** Sends bytes as they are (no client-side URL or header clean-up) and returns the status line's code, or 0 when the connection closed without one. */
function raw(port: number, request: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      if (/\r\n\r\n/.test(answer)) socket.destroy();
    });
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on("error", () => undefined);
    socket.end(request);
  });
}

const evaluate = (port: number, path = "/ofrep/v1/evaluate/flags/checkout.enabled", token = ctx.tokens.flags) =>
  fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" });

beforeAll(async () => {
  ctx = await createAppContext();
});
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
afterAll(async () => ctx.close());

describe("no request can take OFREP down", () => {
  const request = (target: string, { method = "POST", headers = "", body = "{}" } = {}) =>
    `${method} ${target} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${ctx.tokens.flags}\r\ncontent-type: application/json\r\n${headers}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;

  const cases: [string, () => string | Buffer][] = [
    ["a key with a lone %", () => request("/ofrep/v1/evaluate/flags/rollout-50%")],
    ["a key with %zz", () => request("/ofrep/v1/evaluate/flags/a%zzb")],
    ["a truncated UTF-8 escape", () => request("/ofrep/v1/evaluate/flags/%E0%A4")],
    ["an overlong UTF-8 escape", () => request("/ofrep/v1/evaluate/flags/%C0%AF")],
    ["a lone surrogate escape", () => request("/ofrep/v1/evaluate/flags/%ED%A0%80")],
    ["a key of 10,000 characters", () => request(`/ofrep/v1/evaluate/flags/${"k".repeat(10_000)}`)],
    ["dot segments out of the prefix", () => request("/ofrep/v1/evaluate/flags/../../../../etc/passwd")],
    ["an encoded slash in the key", () => request("/ofrep/v1/evaluate/flags/a%2Fb")],
    ["GET", () => request("/ofrep/v1/evaluate/flags/checkout.enabled", { method: "GET", body: "" })],
    ["DELETE", () => request("/ofrep/v1/evaluate/flags", { method: "DELETE" })],
    ["a made-up method", () => request("/ofrep/v1/evaluate/flags", { method: "BREW" })],
    ["a body that is not JSON", () => request("/ofrep/v1/evaluate/flags/checkout.enabled", { body: "{context:" })],
    ["a body of invalid UTF-8", () => Buffer.concat([Buffer.from(request("/ofrep/v1/evaluate/flags/checkout.enabled", { body: "{}" }).slice(0, -2)), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])])],
    ["a deeply nested body", () => request("/ofrep/v1/evaluate/flags/checkout.enabled", { body: `{"context":${"[".repeat(5000)}${"]".repeat(5000)}}` })],

    ["a body past 64 KiB", () => request("/ofrep/v1/evaluate/flags/checkout.enabled", { body: `{"context":{"targetingKey":"${"x".repeat(70_000)}"}}` })],
    ["a content-length that lies", () => `POST /ofrep/v1/evaluate/flags HTTP/1.1\r\nhost: x\r\ncontent-length: 99999999999999999999\r\n\r\n{}`],
    ["chunked and content-length together", () => `POST /ofrep/v1/evaluate/flags HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\ncontent-length: 2\r\n\r\n0\r\n\r\n`],
    ["a header with a newline in it", () => `POST /ofrep/v1/evaluate/flags HTTP/1.1\r\nhost: x\r\nauthorization: Bearer a\nb\r\n\r\n`],
    ["an authorization header of 20 KiB", () => request("/ofrep/v1/evaluate/flags", { headers: `x-pad: ${"a".repeat(20_000)}\r\n` }).replace(`Bearer ${ctx.tokens.flags}`, `Bearer ${"b".repeat(20_000)}`)],

    ["a bearer token with a bad signature", () => request("/ofrep/v1/evaluate/flags").replace(ctx.tokens.flags, `frg_${"A".repeat(51)}`)],
    ["a request line that is not HTTP", () => "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03garbage\r\n\r\n"],
  ];

  // Odd but well-formed: answered as any other request.
  const answered: [string, () => string | Buffer][] = [
    ["a context with prototype keys", () => request("/ofrep/v1/evaluate/flags/checkout.enabled", { body: '{"context":{"__proto__":{"cell":"x"},"constructor":1,"cell":"constructor"}}' })],
    ["an If-None-Match of garbage", () => request("/ofrep/v1/evaluate/flags", { headers: 'if-none-match: ,,,"",W/,*\r\n' })],
    ["a query string and a fragment", () => request("/ofrep/v1/evaluate/flags/checkout.enabled?x=%zz#frag")],
    ["the prefix reached through dot segments", () => request("/ofrep/v1/./evaluate/x/../flags/checkout.enabled")],
  ];

  it.each(answered)("%s: a 200", async (_name, build) => {
    const store = inProcessStore();
    await store.refresh();
    const { port } = await serve(store);
    expect(await raw(port, build())).toBe(200);
  });

  it.each(cases)("%s: a 4xx, and the server still answers", async (_name, build) => {
    const store = inProcessStore();
    await store.refresh();
    const { port } = await serve(store);
    const status = await raw(port, build());
    // 0: the parser closed a connection it could not read as HTTP at all, which is a refusal too.
    expect(status === 0 || (status >= 400 && status < 500)).toBe(true);
    const after = await evaluate(port);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ key: "checkout.enabled", value: true });
  });


  it("says the length of every answer it writes, rather than framing it in chunks", async () => {
    const store = inProcessStore();
    await store.refresh();
    const { port } = await serve(store);
    for (const [path, token, status] of [
      ["/ofrep/v1/evaluate/flags/checkout.enabled", ctx.tokens.flags, 200],
      ["/ofrep/v1/evaluate/flags", ctx.tokens.flags, 200],
      ["/ofrep/v1/evaluate/flags/no-such-flag", ctx.tokens.flags, 404],
      ["/ofrep/v1/evaluate/flags/checkout.enabled", "not-a-token", 401],
    ] as const) {
      const response = await evaluate(port, path, token);
      const text = await response.text();
      expect(response.status).toBe(status);
      expect(response.headers.get("transfer-encoding")).toBeNull();
      expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(text));
    }
  });
  it("answers a malformed escape 400 PARSE_ERROR, and a cell named like a prototype property as an unknown cell", async () => {
    const store = inProcessStore();
    await store.refresh();
    const { port } = await serve(store);
    const malformed = await evaluate(port, "/ofrep/v1/evaluate/flags/rollout-50%");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errorCode: "PARSE_ERROR" });
    await ctx.db.feature.update({ where: { applicationId_key: { applicationId: ctx.apps.storefront!.id, key: "recommendations.enabled" } }, data: { state: "throttled", throttlePercent: 50 } });
    await store.refresh();
    for (const cell of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const response = await fetch(`http://127.0.0.1:${port}/ofrep/v1/evaluate/flags/recommendations.enabled`, {
        method: "POST",
        headers: { authorization: `Bearer ${ctx.tokens.flags}` },
        body: JSON.stringify({ context: { targetingKey: "user-7", cell } }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ reason: "SPLIT", metadata: { state: "throttled", throttlePercent: 50 } });
    }
    await ctx.db.feature.update({ where: { applicationId_key: { applicationId: ctx.apps.storefront!.id, key: "recommendations.enabled" } }, data: { state: "on", throttlePercent: null } });
  });
});

describe("static stability with the database write-locked", () => {
  it("answers every evaluation while another process holds the write lock for 8 s, and says how old its snapshot is", async () => {
    const loader: WorkerLoader = workerLoader({ ...process.env, DATABASE_URL: `file:${ctx.file}` });
    cleanup.push(() => loader.close());
    const store = new SnapshotStore(loader.load, { intervalMs: 200, timeoutMs: 150, signingKey: signingKeyOfThisInstance(), flushUsage: loader.flushUsage });
    cleanup.push(() => store.stop());
    // The worker thread needs a moment to start tsx and open the database.
    for (let i = 0; i < 100 && !(await store.refresh()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(store.current()).not.toBeNull();
    store.start();
    const { port } = await serve(store);

    // Another process's long write (a large import, a stuck writer). The database is in WAL mode,
    // as `npm start` leaves it: the snapshot's reads go on, but the thread's next write of the
    // tokens' "last used" times waits for the lock, and every load queued behind it with it.
    const holder = new Database(ctx.file);
    holder.exec("BEGIN IMMEDIATE");
    holder.prepare("UPDATE ApiToken SET name = name WHERE id = (SELECT MIN(id) FROM ApiToken)").run();
    let locked = true;
    const release = new Promise<void>((resolve) =>
      setTimeout(() => {
        holder.exec("COMMIT");
        holder.close();
        locked = false;
        resolve();
      }, 8_000),
    );
    cleanup.push(() => release);

    // A token made by another process while the database is locked (its row cannot even be written): taken on its signature.
    const fresh = mintToken(signingKeyOfThisInstance(), { applicationId: ctx.apps.storefront!.id, scope: "flags" });
    const statuses: number[] = [];
    const ages: number[] = [];
    let answeredWhileLocked = 0;
    // Read during the lock: once it is released, the next refresh succeeds and clears the error.
    let refreshFailed = false;
    while (locked) {
      const response = await evaluate(port, "/ofrep/v1/evaluate/flags/checkout.enabled", statuses.length % 2 ? fresh : ctx.tokens.flags);
      statuses.push(response.status);
      ages.push(Number(response.headers.get("x-frugal-snapshot-age-ms") ?? 0));
      await response.arrayBuffer();
      if (locked) answeredWhileLocked++;
      refreshFailed ||= store.lastError !== null;
      await new Promise((r) => setTimeout(r, 50));
    }
    await release;
    expect(new Set(statuses)).toEqual(new Set([200]));
    // Answered all along, not after the lock went away: over 8 s at one request per ~50 ms.
    expect(answeredWhileLocked).toBeGreaterThan(50);
    expect(refreshFailed).toBe(true);
    expect(Math.max(...ages)).toBeGreaterThan(5_000);
  });
});

describe("a token is usable from the moment it is shown", () => {
  it("is taken on its signature before the snapshot knows it, and refused once revoked", async () => {
    const store = inProcessStore();
    await store.refresh();
    const { port } = await serve(store);
    const { token, view } = await createApiToken(ctx.db, { applicationId: ctx.apps.storefront!.id, name: "deployed-at-once", scope: "flags", actor: system });
    // No refresh in between: the snapshot was read before the token existed.
    expect((await evaluate(port, undefined, token)).status).toBe(200);
    await revokeApiToken(ctx.db, view.id, system);
    await store.refresh();
    expect((await evaluate(port, undefined, token)).status).toBe(401);
  });

  it("refuses a signed token past its grace period that the database does not know, one signed with another key, and one of another scope", async () => {
    const store = inProcessStore();
    await store.refresh();
    const { port } = await serve(store);
    const key = signingKeyOfThisInstance();
    const old = mintToken(key, { applicationId: ctx.apps.storefront!.id, scope: "flags", now: new Date(Date.now() - 10 * 60_000) });
    const foreign = mintToken(tokenSigningKey("another instance's secret, not ours"), { applicationId: ctx.apps.storefront!.id, scope: "flags" });
    const read = mintToken(key, { applicationId: ctx.apps.storefront!.id, scope: "read" });
    expect((await evaluate(port, undefined, old)).status).toBe(401);
    expect((await evaluate(port, undefined, foreign)).status).toBe(401);
    expect((await evaluate(port, undefined, read)).status).toBe(403);
  });

  it.each([
    ["a flipped bit", (t: string) => t.slice(0, 10) + (t[10] === "A" ? "B" : "A") + t.slice(11)],
    ["a trailing character", (t: string) => `${t}A`],
    ["another spelling of the same bytes", (t: string) => t.replace(/.$/, (c) => String.fromCharCode(c.charCodeAt(0) ^ 1))],
    ["the old unsigned form", () => `frg_${"x".repeat(32)}`],
  ])("does not take %s on its signature", (_name, alter) => {
    const key = tokenSigningKey("secret ".repeat(6));
    const token = mintToken(key, { applicationId: 7, scope: "flags" });
    expect(freshSignedClaims(key, token)).toMatchObject({ applicationId: 7, scope: "flags" });
    expect(freshSignedClaims(key, alter(token))).toBeNull();
  });
});

it("keeps the SQLite file readable by its owner only", () => {
  expect(fs.statSync(ctx.file).mode & 0o077).toBe(0);
});
