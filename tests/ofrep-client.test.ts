// Proof with the official client: a service using @openfeature/server-sdk and the
// OFREP provider reads a switch from Frugal's OFREP server, an owner turns the
// switch off through the dashboard's own server action, and the service sees it
// off. The bulk path and its ETag go through @openfeature/ofrep-core's API client.
import type { AddressInfo } from "node:net";
import type http from "node:http";
import { OFREPApi } from "@openfeature/ofrep-core";
import { OFREPProvider } from "@openfeature/ofrep-provider";
import { ErrorCode, OpenFeature, type Client } from "@openfeature/server-sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { changeSwitchAction, decideProposalAction } from "../app/applications/[slug]/tiers/actions";
import { createOfrepServer } from "../lib/ofrep/node";
import { RateLimiter } from "../lib/ofrep/rate-limit";
import { databaseLoader, SnapshotStore } from "../lib/ofrep/snapshot";
import { createAppContext, type AppContext } from "./app-context";
import { actAs } from "./next-mocks";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

let ctx: AppContext;
let server: http.Server;
let store: SnapshotStore;
let baseUrl: string;
let service: Client;

function form(fields: Record<string, string | number>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, String(v));
  return f;
}

const feature = (key: string) => ctx.db.feature.findFirstOrThrow({ where: { applicationId: ctx.apps.storefront!.id, key } });

beforeAll(async () => {
  ctx = await createAppContext();
  // As in production: refreshed on a timer (here, too slow to matter) and at once when a switch changes.
  store = new SnapshotStore(databaseLoader(ctx.db), { intervalMs: 60_000, timeoutMs: 2_000 }).start();
  await store.refresh();
  server = createOfrepServer({ store, limiter: new RateLimiter(1000) });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await OpenFeature.setProviderAndWait("checkout-service", new OFREPProvider({ baseUrl, headers: { Authorization: `Bearer ${ctx.tokens.flags}` } }));
  service = OpenFeature.getClient("checkout-service");
});

afterAll(async () => {
  await OpenFeature.close();
  store.stop();
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

describe("a service on the OpenFeature SDK", () => {
  it("reads a switch, an owner turns it off, and the service sees it off", async () => {
    const user = { targetingKey: "user-42", cell: "cell-a" };
    const before = await service.getBooleanDetails("search.enabled", false, user);
    expect(before).toMatchObject({ value: true, reason: "STATIC", variant: "on", flagMetadata: { tier: 2, state: "on" } });

    actAs(ctx.cookies.owner);
    const search = await feature("search.enabled");
    const result = await changeSwitchAction(null, form({ featureId: search.id, state: "off", reason: "search cluster is burning money" }));
    expect(result).toMatchObject({ ok: true, data: { status: "applied" } });

    // The change signals the snapshot; no timer tick is needed.
    await expect.poll(() => service.getBooleanValue("search.enabled", true, user), { timeout: 5_000, interval: 50 }).toBe(false);
    expect(await service.getBooleanDetails("search.enabled", true, user)).toMatchObject({ value: false, reason: "DISABLED" });
  });

  it("is split by targeting key when an owner applies a throttling proposal", async () => {
    const recs = await feature("recommendations.enabled");
    const proposal = await ctx.db.proposal.create({
      data: { applicationId: ctx.apps.storefront!.id, featureId: recs.id, action: "throttle", fromState: "on", toState: "throttled", throttlePercent: 40, details: {} },
    });
    actAs(ctx.cookies.viewer);
    expect(await decideProposalAction(null, form({ proposalId: proposal.id, decision: "apply", reason: "over budget" }))).toMatchObject({ ok: false, status: 403 });
    actAs(ctx.cookies.owner);
    expect(await decideProposalAction(null, form({ proposalId: proposal.id, decision: "apply", reason: "over budget" }))).toMatchObject({ ok: true, data: { status: "applied" } });

    await expect.poll(async () => (await service.getBooleanDetails("recommendations.enabled", true, { targetingKey: "user-1" })).reason, { timeout: 5_000, interval: 50 }).toBe("SPLIT");
    const values = await Promise.all(Array.from({ length: 200 }, (_, i) => service.getBooleanValue("recommendations.enabled", true, { targetingKey: `user-${i}` })));
    const served = values.filter(Boolean).length / values.length;
    expect(served).toBeGreaterThan(0.3);
    expect(served).toBeLessThan(0.5);
  });

  it("falls back to the default the service chose for an unknown flag, and says why", async () => {
    const details = await service.getBooleanDetails("no-such.flag", true, { targetingKey: "u" });
    expect(details).toMatchObject({ value: true, errorCode: ErrorCode.FLAG_NOT_FOUND });
  });

  it("is refused, and gets its default, with a token of another scope", async () => {
    await OpenFeature.setProviderAndWait("wrong-token", new OFREPProvider({ baseUrl, headers: { Authorization: `Bearer ${ctx.tokens.read}` } }));
    const details = await OpenFeature.getClient("wrong-token").getBooleanDetails("checkout.enabled", false, { targetingKey: "u" });
    expect(details.value).toBe(false);
    expect(details.errorCode).toBe(ErrorCode.GENERAL);
  });
});

describe("the bulk path with ofrep-core", () => {
  it("revalidates with If-None-Match: 304 while nothing changed, 200 with the new state after a change", async () => {
    const api = new OFREPApi(baseUrl);
    const headers = { Authorization: `Bearer ${ctx.tokens.flags}` };
    const context = { context: { targetingKey: "user-7", cell: "cell-b" } };
    const first = await api.postBulkEvaluateFlags(context, { headers });
    expect(first.httpStatus).toBe(200);
    const etag = first.httpResponse?.headers.get("etag") as string;
    expect(etag).toBeTruthy();

    const again = await api.postBulkEvaluateFlags(context, { headers: { ...headers, "If-None-Match": etag } });
    expect(again.httpStatus).toBe(304);

    actAs(ctx.cookies.owner);
    const checkout = await feature("checkout.enabled");
    expect(await changeSwitchAction(null, form({ featureId: checkout.id, state: "throttled", throttlePercent: 90, cell: "cell-b", reason: "shed load in cell-b" }))).toMatchObject({ ok: true });
    await expect.poll(async () => (await api.postBulkEvaluateFlags(context, { headers: { ...headers, "If-None-Match": etag } })).httpStatus, { timeout: 5_000, interval: 50 }).toBe(200);
    const changed = await api.postBulkEvaluateFlags(context, { headers });
    const flags = (changed.value as { flags: { key: string; reason?: string; metadata?: Record<string, unknown> }[] }).flags;
    expect(flags.find((f) => f.key === "checkout.enabled")).toMatchObject({ reason: "SPLIT", metadata: { cell: "cell-b", throttlePercent: 90 } });
  });
});
