import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiRoute } from "../lib/auth/api-route";
import { FAILED_SIGN_INS_PER_EMAIL_AND_ADDRESS, signInDelayMs } from "../lib/domain/sign-in-limits";
import { usageRecorder } from "../lib/auth/token-usage";
import { hashToken, revokeApiToken } from "../lib/auth/tokens";
import { changeRole, createUser, removeUser } from "../lib/auth/users";
import { GET as me } from "../app/api/v1/me/route";
import { createAppContext, ORIGIN, sessionCookie, signIn, type AppContext } from "./app-context";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createAppContext();
});
afterAll(async () => ctx.close());

const noParams = { params: Promise.resolve({}) };
const get = (headers: Record<string, string>) => me(new Request(`${ORIGIN}/api/v1/me`, { headers: { host: "localhost:3000", ...headers } }), noParams);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("API tokens", () => {
  it("are stored as a hash, never as the token", async () => {
    const rows = await ctx.db.apiToken.findMany();
    const raw = Object.values(ctx.tokens);
    expect(rows.some((r) => raw.includes(r.tokenHash) || raw.includes(r.prefix))).toBe(false);
    expect(rows.map((r) => r.tokenHash)).toEqual(expect.arrayContaining(raw.map(hashToken)));
  });

  it("authenticate as their application with their scope, and record when they were used", async () => {
    const response = await get(bearer(ctx.tokens.read));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ kind: "token", via: "token", name: "read-test", scope: "read", application: "storefront" });
    // Recorded off the request path, in the next batch.
    const before = await ctx.db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(ctx.tokens.read) } });
    expect(usageRecorder(ctx.db).pending()).toBeGreaterThan(0);
    await usageRecorder(ctx.db).flush();
    const row = await ctx.db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(ctx.tokens.read) } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.lastUsedAt?.getTime()).toBeGreaterThan(before.lastUsedAt?.getTime() ?? 0);
  });

  it.each([
    { name: "no header", headers: () => ({}), status: 401, code: "UNAUTHORIZED" },
    { name: "an unknown token", headers: () => bearer("frg_nope"), status: 401, code: "UNAUTHORIZED" },
    { name: "a malformed header", headers: () => ({ authorization: "Token abc" }), status: 401, code: "UNAUTHORIZED" },
    { name: "the wrong scope", headers: () => bearer(ctx.tokens.ingest), status: 403, code: "FORBIDDEN" },
  ])("answer $name with $status", async ({ headers, status, code }) => {
    const response = await get(headers());
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBe(code);
  });

  it("stop working the moment they are revoked, and the revocation is audited", async () => {
    const row = await ctx.db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(ctx.tokens.otherAppRead) } });
    expect((await get(bearer(ctx.tokens.otherAppRead))).status).toBe(200);
    await revokeApiToken(ctx.db, row.id, { kind: "system", label: "test" }, "leaked in a log");
    expect((await get(bearer(ctx.tokens.otherAppRead))).status).toBe(401);
    const audit = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "token.revoked", objectId: String(row.id) } });
    expect(audit).toMatchObject({ reason: "leaked in a log", applicationId: ctx.apps.fulfilment!.id });
  });

  it("hide other applications: a token asking about one gets 404", async () => {
    const route = apiRoute({
      permission: "dashboard:read",
      resolve: async () => ({ target: { kind: "application", applicationId: ctx.apps.fulfilment!.id }, object: null }),
      handler: async () => ({ secret: "fulfilment's numbers" }),
    });
    const response = await route(new Request(`${ORIGIN}/x`, { headers: bearer(ctx.tokens.read) }), noParams);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("fulfilment");
  });
});

describe("sessions", () => {
  it("sign in with the right password, and the sign-in is audited with the caller's address", async () => {
    const response = await signIn("engineer@demo.frugal.dev", "frugal-demo-engineer");
    expect(response.status).toBe(200);
    const cookie = sessionCookie(response);
    expect(response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))).toMatch(/HttpOnly/i);
    expect(response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))).toMatch(/SameSite=Lax/i);
    expect(await (await get({ cookie })).json()).toMatchObject({ kind: "user", via: "session", role: "engineer" });
    const entry = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in", actorLabel: "engineer@demo.frugal.dev" }, orderBy: { id: "desc" } });
    expect(entry.ip).toMatch(/^10\.0\.0\./);
  });

  it("refuse a wrong password with 401 and audit the failure, without the password", async () => {
    const response = await signIn("viewer@demo.frugal.dev", "not-the-password");
    expect(response.status).toBe(401);
    const entry = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in_failed" }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ actorType: "anonymous", objectLabel: "viewer@demo.frugal.dev" });
    expect(JSON.stringify(entry)).not.toContain("not-the-password");
  });

  const signInFrom = (ip: string, email: string, password: string, origin = ORIGIN) =>
    import("../lib/auth/auth").then(({ auth }) =>
      auth().handler(
        new Request(`${ORIGIN}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin, "x-forwarded-for": ip },
          body: JSON.stringify({ email, password }),
        }),
      ),
    );

  it("stop an e-mail from the address that keeps guessing, and never lock its owner out from elsewhere", async () => {
    const email = "owner@demo.frugal.dev";
    // Ten failures from one address over the last ten minutes (past the per-minute limit per address, which resets).
    await ctx.db.auditEvent.createMany({
      data: Array.from({ length: FAILED_SIGN_INS_PER_EMAIL_AND_ADDRESS }, (_, i) => ({
        actorType: "anonymous",
        actorLabel: email,
        action: "auth.sign_in_failed",
        objectType: "user",
        objectId: email,
        objectLabel: email,
        ip: "198.51.100.9",
        at: new Date(Date.now() - (i + 1) * 60_000),
      })),
    });
    const blocked = await signInFrom("198.51.100.9", email, "frugal-demo-owner");
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).message).toMatch(/for this e-mail from this address/);
    // The owner, at their own desk: slowed down a little by the guessing elsewhere, but let in.
    expect((await signInFrom("203.0.113.20", email, "frugal-demo-owner")).status).toBe(200);
    // And failing from a fresh address counts there, not against the owner's.
    expect((await signInFrom("203.0.113.21", email, "wrong-password-1")).status).toBe(401);
    expect((await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in_failed", objectLabel: email }, orderBy: { id: "desc" } })).ip).toBe("203.0.113.21");
  });

  it("count an IPv6 client's guesses across its /64 (each of its addresses one guess more), and log its own address, written short", async () => {
    const email = "guessed@demo.frugal.dev";
    // Ten failures from ten addresses of one /64, two of them as entries before 5 December 2026 kept them (long).
    const addresses = ["2001:db8:0:7::1", "2001:db8::7:0:0:0:2", "2001:0db8:0000:0007:0000:0000:0000:0003", ...Array.from({ length: 7 }, (_, i) => `2001:db8:0:7:${i + 1}::9`)];
    await ctx.db.auditEvent.createMany({
      data: addresses.map((ip, i) => ({ actorType: "anonymous", actorLabel: email, action: "auth.sign_in_failed", objectType: "user", objectId: email, objectLabel: email, ip, at: new Date(Date.now() - (i + 1) * 60_000) })),
    });
    const blocked = await signInFrom("2001:db8:0:7:ffff::1", email, "another-guess");
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).message).toMatch(/for this e-mail from this address/);
    // The neighbouring /64 is another client.
    expect((await signInFrom("2001:DB8:0:8:0:0:0:5", email, "another-guess")).status).toBe(401);
    expect((await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in_failed", objectLabel: email }, orderBy: { id: "desc" } })).ip).toBe("2001:db8:0:8::5");
    // A sign-in is logged with the whole address, not Better Auth's /64 of it.
    expect((await signInFrom("2001:db8:0:9::abcd", "viewer@demo.frugal.dev", "frugal-demo-viewer")).status).toBe(200);
    expect((await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in", actorLabel: "viewer@demo.frugal.dev" }, orderBy: { id: "desc" } })).ip).toBe("2001:db8:0:9::abcd");
  });

  it("answer with the session in an httpOnly cookie only, never as a token in the body", async () => {
    const response = await signIn("viewer@demo.frugal.dev", "frugal-demo-viewer");
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().join(";")).toMatch(/session_token=.*HttpOnly/);
    const body = await response.json();
    expect(body).toMatchObject({ user: { email: "viewer@demo.frugal.dev" } });
    expect(body).not.toHaveProperty("token");
  });

  it.each([
    ["POST", "/update-user", { name: "Mallory" }],
    ["POST", "/change-email", { newEmail: "m@evil.example" }],
    ["POST", "/change-password", { currentPassword: "frugal-demo-viewer", newPassword: "another-long-password" }],
    ["GET", "/get-session", null],
    ["GET", "/list-sessions", null],
    ["POST", "/sign-up/email", { email: "new@example.com", password: "a-long-password-1", name: "New" }],
    ["POST", "/delete-user", {}],
  ] as const)("refuse %s %s over HTTP (404), changing nothing", async (method, path, body) => {
    const { auth } = await import("../lib/auth/auth");
    const cookie = sessionCookie(await signIn("viewer@demo.frugal.dev", "frugal-demo-viewer"));
    const response = await auth().handler(
      new Request(`${ORIGIN}/api/auth${path}`, { method, headers: { cookie, origin: ORIGIN, "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined }),
    );
    expect(response.status).toBe(404);
    expect(await ctx.db.user.findUniqueOrThrow({ where: { email: "viewer@demo.frugal.dev" } })).toMatchObject({ name: "Vic Viewer" });
  });

  it("refuse a sign-in posted from another site, without counting it against the account", async () => {
    const email = "viewer@demo.frugal.dev";
    const before = await ctx.db.auditEvent.count({ where: { action: "auth.sign_in_failed", objectLabel: email } });
    for (let i = 0; i < 3; i++) expect((await signInFrom("198.51.100.10", email, "wrong-password-x", "https://evil.example")).status).toBe(403);
    expect(await ctx.db.auditEvent.count({ where: { action: "auth.sign_in_failed", objectLabel: email } })).toBe(before);
    expect((await signInFrom("198.51.100.10", email, "frugal-demo-viewer")).status).toBe(200);
  });

  it.each([
    [0, 0],
    [9, 0],
    [10, 250],
    [11, 500],
    [12, 1000],
    [13, 2000],
    [14, 3000],
    [500, 3000],
  ])("slow an e-mail that failed %i times lately, from anywhere, by %i ms", (failures, delay) => {
    expect(signInDelayMs(failures)).toBe(delay);
  });

  it("rate-limit sign-in attempts from one address", async () => {
    // the same forwarded address every time
    const attempt = () =>
      import("../lib/auth/auth").then(({ auth }) =>
        auth().handler(
          new Request(`${ORIGIN}/api/auth/sign-in/email`, {
            method: "POST",
            headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": "192.0.2.77" },
            body: JSON.stringify({ email: "nobody@example.com", password: "whatever-password" }),
          }),
        ),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("end when they expire", async () => {
    const cookie = sessionCookie(await signIn("viewer@demo.frugal.dev", "frugal-demo-viewer"));
    const token = decodeURIComponent(cookie.split("=")[1] as string).split(".")[0] as string;
    expect((await get({ cookie })).status).toBe(200);
    await ctx.db.session.update({ where: { token }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await get({ cookie })).status).toBe(401);
  });

  it("see a role change on the very next request", async () => {
    const user = await createUser(ctx.db, { email: "dana@example.com", name: "Dana", role: "viewer", password: "a-long-enough-password" }, { kind: "system", label: "test" });
    const cookie = sessionCookie(await signIn("dana@example.com", "a-long-enough-password"));
    expect(await (await get({ cookie })).json()).toMatchObject({ role: "viewer" });
    await changeRole(ctx.db, user.id, "engineer", { kind: "system", label: "test" }, "joined the platform team");
    expect(await (await get({ cookie })).json()).toMatchObject({ role: "engineer" });
    expect(await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "user.role_changed", objectId: user.id } })).toMatchObject({
      before: { role: "viewer" },
      after: { role: "engineer" },
      reason: "joined the platform team",
    });
  });
});

describe("cross-site requests", () => {
  const write = apiRoute({ permission: "dashboard:read", handler: async () => ({ done: true }) });
  const post = (headers: Record<string, string>) => write(new Request(`${ORIGIN}/x`, { method: "POST", headers: { host: "localhost:3000", ...headers } }), noParams);

  it.each<{ name: string; headers: Record<string, string>; status: number }>([
    { name: "from another site", headers: { origin: "https://evil.example" }, status: 403 },
    { name: "with no Origin and no fetch metadata", headers: {}, status: 403 },
    { name: "from another site by fetch metadata", headers: { "sec-fetch-site": "cross-site" }, status: 403 },
    { name: "from this site", headers: { origin: ORIGIN }, status: 200 },
    { name: "from this site by fetch metadata", headers: { "sec-fetch-site": "same-origin" }, status: 200 },
  ])("with the session cookie, a write $name gets $status", async ({ headers, status }) => {
    expect((await post({ cookie: ctx.cookies.viewer, ...headers })).status).toBe(status);
  });

  it("need no Origin with a bearer token, which a browser never sends by itself", async () => {
    expect((await post(bearer(ctx.tokens.read))).status).toBe(200);
  });
});

describe("the audit log", () => {
  it("refuses changes and deletions", async () => {
    const entry = await ctx.db.auditEvent.findFirstOrThrow();
    const count = await ctx.db.auditEvent.count();
    await expect(ctx.db.auditEvent.update({ where: { id: entry.id }, data: { reason: "rewritten" } })).rejects.toThrow();
    await expect(ctx.db.auditEvent.delete({ where: { id: entry.id } })).rejects.toThrow();
    await expect(ctx.db.auditEvent.deleteMany({})).rejects.toThrow();
    await expect(ctx.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "reason" = 'x'`)).rejects.toThrow(/append-only/);
    expect(await ctx.db.auditEvent.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
    expect(await ctx.db.auditEvent.count()).toBe(count);
  });
});

describe("users", () => {
  it("keep at least one admin", async () => {
    const admins = await ctx.db.user.findMany({ where: { role: "admin" } });
    for (const extra of admins.slice(1)) await changeRole(ctx.db, extra.id, "viewer", { kind: "system", label: "test" });
    await expect(changeRole(ctx.db, admins[0]!.id, "viewer", { kind: "system", label: "test" })).rejects.toThrow(/last admin/);
  });

  it("cannot remove themselves", async () => {
    const admin = await ctx.db.user.findFirstOrThrow({ where: { role: "admin" } });
    await expect(removeUser(ctx.db, admin.id, { kind: "user", userId: admin.id, email: admin.email })).rejects.toThrow(/yourself/);
  });

  it("need a password of at least 12 characters and a known role", async () => {
    const actor = { kind: "system", label: "test" } as const;
    await expect(createUser(ctx.db, { email: "short@example.com", name: "", role: "viewer", password: "short" }, actor)).rejects.toThrow(/at least 12/);
    await expect(createUser(ctx.db, { email: "r@example.com", name: "", role: "superuser", password: "long-enough-password" }, actor)).rejects.toThrow(/Unknown role/);
    await expect(createUser(ctx.db, { email: "viewer@demo.frugal.dev", name: "", role: "viewer", password: "long-enough-password" }, actor)).rejects.toThrow(/already/);
  });

  it("cannot sign themselves up", async () => {
    const { auth } = await import("../lib/auth/auth");
    const response = await auth().handler(
      new Request(`${ORIGIN}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ email: "me@example.com", password: "long-enough-password", name: "Me" }),
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await ctx.db.user.findUnique({ where: { email: "me@example.com" } })).toBeNull();
  });
});
