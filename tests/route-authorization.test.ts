// Every route handler and every server action refuses a caller who is not signed
// in, and a caller whose role or token scope does not allow it. The handlers are
// found by walking app/, so a new one that skips the wrappers fails here.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROUTE_SPEC, type RouteHandler } from "../lib/auth/api-route";
import { ACTION_SPEC, type ServerAction } from "../lib/auth/server-action";
import type { Action } from "../lib/domain/authorization";
import { createAppContext, ORIGIN, type AppContext } from "./app-context";
import { actAs } from "./next-mocks";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

/** Route handlers that answer without Frugal's wrapper, and why. */
const PUBLIC_ROUTES: Record<string, string> = {
  "app/api/health/route.ts": "health check for load balancers: says only whether the database answers",
  "app/api/ready/route.ts": "readiness for load balancers: database, pending migration names and how many workers report, nothing else",
  "app/api/auth/[...all]/route.ts": "Better Auth's own endpoints, which check origin and rate-limit sign-in themselves",
  "app/api/v1/openapi.json/route.ts": "the API's description: no data",
  "app/api/[...path]/route.ts": "an address no route answers: a 404 naming the address asked, no data",
  "app/ofrep/v1/evaluate/flags/route.ts": "OFREP: flags tokens are checked by lib/ofrep/handler.ts (tests/ofrep.test.ts)",
  "app/ofrep/v1/evaluate/flags/[key]/route.ts": "OFREP: flags tokens are checked by lib/ofrep/handler.ts (tests/ofrep.test.ts)",
};
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function walk(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full, name) : e.name === name ? [full] : [];
  });
}

const routeFiles = walk("app", "route.ts").sort();
const actionFiles = walk("app", "actions.ts").sort();
const routeModules = await Promise.all(routeFiles.map(async (file) => ({ file, module: (await import(`../${file}`)) as Record<string, unknown> })));
const actionModules = await Promise.all(actionFiles.map(async (file) => ({ file, module: (await import(`../${file}`)) as Record<string, unknown> })));

const routes = routeModules.flatMap(({ file, module }) =>
  METHODS.filter((m) => typeof module[m] === "function").map((method) => ({ file, method, handler: module[method] as RouteHandler })),
);
const guardedRoutes = routes.filter((r) => !(r.file in PUBLIC_ROUTES));
const actions = actionModules.flatMap(({ file, module }) =>
  Object.entries(module)
    .filter(([, value]) => typeof value === "function")
    .map(([name, value]) => ({ file, name, action: value as ServerAction<unknown> })),
);

let ctx: AppContext;
/** Report schedules and runs are the account's, not an application's: one of each to name. */
const reportSamples: Record<string, string> = {};
beforeAll(async () => {
  ctx = await createAppContext();
  const schedule = await ctx.db.reportSchedule.create({ data: { name: "sample", cron: "0 8 * * 1", timezone: "UTC", period: "last-week", createdBy: "test", recipients: { create: [{ kind: "email", target: "someone@example.com" }] } } });
  const run = await ctx.db.reportRun.create({ data: { scheduleId: schedule.id, periodKey: "sample", fromDay: "2026-11-16", toDay: "2026-11-22", label: "sample", trigger: "manual", scheduledFor: new Date() } });
  const delivery = await ctx.db.reportDelivery.create({ data: { runId: run.id, recipientKey: "email:someone@example.com", label: "someone@example.com", status: "failed" } });
  Object.assign(reportSamples, { schedule: String(schedule.id), run: String(run.id), scheduleId: String(schedule.id), deliveryId: String(delivery.id) });
});
afterAll(async () => ctx.close());

/** Values for dynamic path segments, by name: each names a real object of application storefront. */
function sampleParams(file: string): Record<string, string | string[]> {
  const SAMPLES: Record<string, string> = { slug: "storefront", id: "storefront", service: "web", key: "checkout.enabled", schedule: reportSamples.schedule!, run: reportSamples.run! };
  const params: Record<string, string | string[]> = {};
  for (const [, spread, name] of file.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)) {
    const value = SAMPLES[name as string];
    if (value === undefined) throw new Error(`${file}: add a sample value for [${name}] to sampleParams`);
    params[name as string] = spread ? [value] : value;
  }
  return params;
}

function request(file: string, method: string, headers: Record<string, string>): Request {
  const url = `${ORIGIN}/${path.dirname(file).replace(/^app\/?/, "")}`;
  return new Request(url, { method, headers: { host: "localhost:3000", origin: ORIGIN, ...headers }, body: method === "GET" ? undefined : "{}" });
}

/** A caller who must be refused `permission` on storefront, and how. */
function wrongCaller(permission: Action): { label: string; headers: () => Record<string, string> } {
  if (permission === "dashboard:read") return { label: "an ingest token", headers: () => ({ authorization: `Bearer ${ctx.tokens.ingest}` }) };
  if (permission === "businessMetric:ingest" || permission === "flags:evaluate") return { label: "a read token", headers: () => ({ authorization: `Bearer ${ctx.tokens.read}` }) };
  if (["user:manage", "audit:read", "settings:edit"].includes(permission)) return { label: "an engineer", headers: () => ({ cookie: ctx.cookies.engineer }) };
  return { label: "a viewer", headers: () => ({ cookie: ctx.cookies.viewer }) };
}

describe("route handlers", () => {
  it("are found", () => {
    expect(routes.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(PUBLIC_ROUTES).every((f) => routeFiles.includes(f))).toBe(true);
  });

  it.each(guardedRoutes.map((r) => [`${r.method} ${r.file}`, r] as const))("%s goes through apiRoute()", (_name, route) => {
    expect(route.handler[ROUTE_SPEC], "export it as apiRoute({...}) (lib/auth/api-route.ts)").toBeDefined();
  });

  it.each(guardedRoutes.map((r) => [`${r.method} ${r.file}`, r] as const))("%s refuses an anonymous caller with 401", async (_name, route) => {
    const response = await route.handler(request(route.file, route.method, {}), { params: Promise.resolve(sampleParams(route.file)) });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await response.json()).error.code).toBe("UNAUTHORIZED");
  });

  it.each(guardedRoutes.map((r) => [`${r.method} ${r.file}`, r] as const))("%s refuses an unknown bearer token with 401, even with a valid session cookie", async (_name, route) => {
    const headers = { authorization: "Bearer frg_not-a-real-token", cookie: ctx.cookies.admin };
    const response = await route.handler(request(route.file, route.method, headers), { params: Promise.resolve(sampleParams(route.file)) });
    expect(response.status).toBe(401);
  });

  it.each(guardedRoutes.map((r) => [`${r.method} ${r.file}`, r] as const))("%s refuses a caller without the right role or scope with 403", async (_name, route) => {
    const caller = wrongCaller(route.handler[ROUTE_SPEC].permission);
    const response = await route.handler(request(route.file, route.method, caller.headers()), { params: Promise.resolve(sampleParams(route.file)) });
    expect(response.status, `${caller.label} should be refused`).toBe(403);
    expect((await response.json()).error.message.length).toBeGreaterThan(10);
  });
});

describe("server actions", () => {
  const storefrontFeature = () => ctx.db.feature.findFirstOrThrow({ where: { applicationId: ctx.apps.storefront!.id, key: "recommendations.enabled" } });

  /** Real ids for the fields that name an action's object, all within storefront. */
  async function sampleForm(fields: string[]): Promise<FormData> {
    const form = new FormData();
    for (const field of fields) {
      let value: string;
      switch (field) {
        case "applicationId":
          value = String(ctx.apps.storefront!.id);
          break;
        case "tokenId":
          value = String((await ctx.db.apiToken.findFirstOrThrow({ where: { applicationId: ctx.apps.storefront!.id } })).id);
          break;
        case "ruleId":
          value = String((await ctx.db.tagRule.findFirstOrThrow({ where: { applicationId: ctx.apps.storefront!.id } })).id);
          break;
        case "userId":
          value = ctx.userIds.viewer;
          break;
        case "featureId":
          value = String((await storefrontFeature()).id);
          break;
        case "limitId":
          value = String(
            (
              (await ctx.db.costLimit.findFirst({ where: { applicationId: ctx.apps.storefront!.id } })) ??
              (await ctx.db.costLimit.create({ data: { applicationId: ctx.apps.storefront!.id, kind: "daily_spend", warningMicroUsd: 1_000_000n, breachMicroUsd: 2_000_000n } }))
            ).id,
          );
          break;
        case "proposalId": {
          const feature = await storefrontFeature();
          const proposal =
            (await ctx.db.proposal.findFirst({ where: { applicationId: ctx.apps.storefront!.id } })) ??
            (await ctx.db.proposal.create({ data: { applicationId: ctx.apps.storefront!.id, featureId: feature.id, action: "throttle", fromState: "on", toState: "off", details: {} } }));
          value = String(proposal.id);
          break;
        }
        case "changeId": {
          const feature = await storefrontFeature();
          const change =
            (await ctx.db.switchChange.findFirst({ where: { featureId: feature.id, status: "pending" } })) ??
            (await ctx.db.switchChange.create({ data: { featureId: feature.id, fromState: "on", toState: "off", source: "manual", status: "pending", reason: "test", snapshot: {}, requestedBy: "someone" } }));
          value = String(change.id);
          break;
        }
        case "requestId": {
          const feature = await storefrontFeature();
          const request =
            (await ctx.db.changeRequest.findFirst({ where: { applicationId: ctx.apps.storefront!.id, status: "pending" } })) ??
            (await ctx.db.changeRequest.create({ data: { applicationId: ctx.apps.storefront!.id, featureId: feature.id, kind: "feature.delete", payload: {}, summary: "test", reason: "test", requestedBy: "someone" } }));
          value = String(request.id);
          break;
        }
        case "webhookId": {
          const hook =
            (await ctx.db.webhook.findFirst({ where: { applicationId: ctx.apps.storefront!.id } })) ??
            (await ctx.db.webhook.create({ data: { applicationId: ctx.apps.storefront!.id, url: "https://hooks.example.com/services/T0/B0/secret", format: "slack" } }));
          value = String(hook.id);
          break;
        }
        case "viewId": {
          const view = (await ctx.db.savedView.findFirst()) ?? (await ctx.db.savedView.create({ data: { name: "test", search: "", ownerId: "someone", ownerEmail: "someone@example.com" } }));
          value = String(view.id);
          break;
        }
        case "anomalyId": {
          const anomaly =
            (await ctx.db.anomaly.findFirst({ where: { applicationId: ctx.apps.storefront!.id } })) ??
            (await ctx.db.anomaly.create({
              data: { applicationId: ctx.apps.storefront!.id, scope: `application:${ctx.apps.storefront!.id}`, figure: "cost", kind: "spike", state: "open", startDay: "2026-11-01", openedDay: "2026-11-01", lastDay: "2026-11-01", value: 2, expected: 1, low: 1, high: 1, excessUsd: 1, details: {} },
            }));
          value = String(anomaly.id);
          break;
        }
        case "scheduleId":
        case "deliveryId":
          value = reportSamples[field]!;
          break;
        default:
          throw new Error(`add a sample value for the target field '${field}' to sampleForm`);
      }
      form.set(field, value);
    }
    return form;
  }

  it("are found", () => {
    expect(actions.length).toBeGreaterThanOrEqual(5);
  });

  it.each(actions.map((a) => [`${a.name} (${a.file})`, a] as const))("%s goes through serverAction()", (_name, { action }) => {
    expect(action[ACTION_SPEC], "export it as serverAction({...}) (lib/auth/server-action.ts)").toBeDefined();
  });

  it.each(actions.map((a) => [`${a.name} (${a.file})`, a] as const))("%s refuses an anonymous caller", async (_name, { action }) => {
    actAs(null);
    const state = await action(null, await sampleForm(action[ACTION_SPEC].targetFields));
    expect(state).toMatchObject({ ok: false, status: 401 });
  });

  const restricted = actions.filter((a) => a.action[ACTION_SPEC].permission !== "dashboard:read");
  it.each(restricted.map((a) => [`${a.name} (${a.file})`, a] as const))("%s refuses a signed-in user without the right role", async (_name, { action }) => {
    const permission = action[ACTION_SPEC].permission;
    const role = ["user:manage", "audit:read", "settings:edit"].includes(permission) ? "engineer" : "viewer";
    actAs(ctx.cookies[role]);
    const state = await action(null, await sampleForm(action[ACTION_SPEC].targetFields));
    expect(state, `${role} should be refused ${permission}`).toMatchObject({ ok: false, status: 403 });
  });
});
