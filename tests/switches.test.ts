// Kill switches through the dashboard's own server actions, on a demo account with 40 days of
// history: what a person sees before flipping one, what the audit log keeps, cells and four eyes.
// The limits and the proposals they make are in tests/limits.test.ts.
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  changeSwitchAction,
  decideChangeAction,
  decideRequestAction,
  deleteFeatureAction,
  previewSwitchAction,
  saveFeatureAction,
  savePolicyAction,
} from "../app/applications/[slug]/tiers/actions";
import { changeSwitch } from "../lib/data/switches";
import { onOfrepChange } from "../lib/ofrep/signal";
import { actAs } from "./next-mocks";
import { audit, ctx, feature, form, storefront, switchesPerSuite } from "./switches-context";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

switchesPerSuite();

describe("flipping a switch by hand", () => {
  it("shows, before confirming, the tier, cost per request, requests and revenue at risk and the overload state", async () => {
    actAs(ctx.cookies.owner);
    const search = await feature("search.enabled");
    const preview = await previewSwitchAction(null, form({ featureId: search.id, state: "off" }));
    expect(preview).toMatchObject({ ok: true });
    const impact = preview?.ok ? preview.data : null;
    expect(impact).toMatchObject({ feature: { name: "Search", tier: 2 }, from: { state: "on" }, to: { state: "off" }, cell: null, overload: { state: expect.any(String) } });
    expect(impact!.costPerMillionMicroUsd).toBeGreaterThan(0);
    // Off saves all of the feature's cost and risks all of its requests and its share of revenue.
    expect(impact!.savingMicroUsd).toBe(impact!.costMicroUsdPerDay);
    expect(impact!.requestsAtRisk).toBe(impact!.requestsPerDay);
    expect(impact!.revenueAtRiskMicroUsd).toBeGreaterThan(0);
    const half = await previewSwitchAction(null, form({ featureId: search.id, state: "throttled", throttlePercent: 50 }));
    expect(half?.ok && half.data.savingMicroUsd).toBeCloseTo(impact!.savingMicroUsd / 2, -2);
    expect((await feature("search.enabled")).state).toBe("on"); // a preview changes nothing
  });

  it("keeps that snapshot, who and why in the audit log, and tells the OFREP snapshot at once", async () => {
    const heard = vi.fn();
    const unsubscribe = onOfrepChange(heard);
    actAs(ctx.cookies.owner);
    const recs = await feature("recommendations.enabled");
    const result = await changeSwitchAction(null, form({ featureId: recs.id, state: "throttled", throttlePercent: 25, reason: "recommendations cost doubled this month" }));
    unsubscribe();
    expect(result).toMatchObject({ ok: true, data: { status: "applied" }, message: expect.stringMatching(/Recommendations changed/) });
    expect(await feature("recommendations.enabled")).toMatchObject({ state: "throttled", throttlePercent: 25 });
    expect(heard).toHaveBeenCalledTimes(1);

    const [entry] = await audit("switch.changed");
    expect(entry).toMatchObject({ actorLabel: "owner@demo.frugal.dev", objectLabel: "recommendations.enabled", applicationId: storefront, reason: "recommendations cost doubled this month" });
    expect(entry!.before).toMatchObject({ state: "on" });
    expect(entry!.after).toMatchObject({
      state: "throttled",
      throttlePercent: 25,
      source: "manual",
      snapshot: { feature: { tier: 3 }, costPerMillionMicroUsd: expect.any(Number), requestsAtRisk: expect.any(Number), revenueAtRiskMicroUsd: expect.any(Number), overload: { state: expect.any(String) } },
    });
    const history = await ctx.db.switchChange.findMany({ where: { featureId: recs.id } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ fromState: "on", toState: "throttled", toPercent: 25, status: "applied", requestedBy: "owner@demo.frugal.dev" });
  });

  it.each([
    ["no reason", { state: "off", reason: "" }, 400, /Say why/],
    ["a throttle share of 0", { state: "throttled", throttlePercent: 0, reason: "testing limits" }, 400, /between 1 and 99/],
    ["a throttle share of 100", { state: "throttled", throttlePercent: 100, reason: "testing limits" }, 400, /between 1 and 99/],
    ["a state that does not exist", { state: "paused", reason: "testing limits" }, 400, /on, throttled or off/],
    ["the position it already has", { state: "on", reason: "testing limits" }, 409, /already on/],
  ])("refuses %s with a clear error and changes nothing", async (_name, fields, status, message) => {
    actAs(ctx.cookies.owner);
    const recs = await feature("recommendations.enabled");
    const result = await changeSwitchAction(null, form({ featureId: recs.id, ...fields }));
    expect(result).toMatchObject({ ok: false, status });
    const text = result && !result.ok ? `${result.error} ${Object.values(result.fieldErrors ?? {}).join(" ")}` : "";
    expect(text).toMatch(message);
    expect(await ctx.db.switchChange.count()).toBe(0);
  });

  it("lets a viewer and an engineer see but not flip, and an owner only flip their own application's switches", async () => {
    const recs = await feature("recommendations.enabled");
    for (const role of ["viewer", "engineer"] as const) {
      actAs(ctx.cookies[role]);
      expect(await changeSwitchAction(null, form({ featureId: recs.id, state: "off", reason: "not allowed" }))).toMatchObject({ ok: false, status: 403 });
    }
    actAs(ctx.cookies.owner);
    const shipping = await feature("shipping.quotes", "fulfilment");
    expect(await changeSwitchAction(null, form({ featureId: shipping.id, state: "off", reason: "not mine" }))).toMatchObject({ ok: false, status: 403 });
    actAs(ctx.cookies.admin);
    expect(await changeSwitchAction(null, form({ featureId: shipping.id, state: "off", reason: "carrier API outage" }))).toMatchObject({ ok: true });
    expect(await ctx.db.switchChange.count()).toBe(1);
  });
});

describe("one cell only", () => {
  it("sheds a feature in one cell, refuses to serve a cell more than everywhere, and drops the override when the cell is restored", async () => {
    actAs(ctx.cookies.owner);
    const recs = await feature("recommendations.enabled");
    expect(await changeSwitchAction(null, form({ featureId: recs.id, state: "off", cell: "cell-b", reason: "cell-b overloaded" }))).toMatchObject({ ok: true });
    expect(await feature("recommendations.enabled")).toMatchObject({ state: "on", cellStates: { "cell-b": { state: "off", throttlePercent: null } } });
    const [change] = await ctx.db.switchChange.findMany({ where: { featureId: recs.id } });
    expect(change).toMatchObject({ cell: "cell-b", toState: "off" });

    expect(await changeSwitchAction(null, form({ featureId: recs.id, state: "on", cell: "cell-b", reason: "cell-b recovered" }))).toMatchObject({ ok: true });
    expect((await feature("recommendations.enabled")).cellStates).toEqual({});

    expect(await changeSwitchAction(null, form({ featureId: recs.id, state: "throttled", throttlePercent: 20, reason: "budget" }))).toMatchObject({ ok: true });
    const wider = await changeSwitchAction(null, form({ featureId: recs.id, state: "throttled", throttlePercent: 60, cell: "cell-a", reason: "more in cell-a" }));
    expect(wider).toMatchObject({ ok: false, status: 422, error: expect.stringMatching(/a cell can only serve less/) });
  });
});

describe("four eyes", () => {
  beforeEach(async () => {
    actAs(ctx.cookies.admin);
    expect(await savePolicyAction(null, form({ applicationId: storefront, requireApproval: "on", autoApplyFromTier: "", cooldownMinutes: 60, restoreMarginPercent: 10 }))).toMatchObject({ ok: true });
  });

  it("holds a tier 2 'off' until a second owner approves; the first cannot approve their own", async () => {
    actAs(ctx.cookies.owner);
    const search = await feature("search.enabled");
    const asked = await changeSwitchAction(null, form({ featureId: search.id, state: "off", reason: "search bill tripled" }));
    expect(asked).toMatchObject({ ok: true, data: { status: "pending" }, message: expect.stringMatching(/second owner/) });
    expect((await feature("search.enabled")).state).toBe("on");
    const pending = await ctx.db.switchChange.findFirstOrThrow({ where: { featureId: search.id, status: "pending" } });

    expect(await changeSwitchAction(null, form({ featureId: search.id, state: "off", reason: "asking twice" }))).toMatchObject({ ok: false, status: 409 });
    expect(await decideChangeAction(null, form({ changeId: pending.id, decision: "approve" }))).toMatchObject({ ok: false, status: 403, error: expect.stringMatching(/another owner must approve/) });
    expect((await feature("search.enabled")).state).toBe("on");

    actAs(ctx.cookies.viewer);
    expect(await decideChangeAction(null, form({ changeId: pending.id, decision: "approve" }))).toMatchObject({ ok: false, status: 403 });

    actAs(ctx.cookies.admin);
    expect(await decideChangeAction(null, form({ changeId: pending.id, decision: "approve" }))).toMatchObject({ ok: true, data: { decision: "approve" } });
    expect((await feature("search.enabled")).state).toBe("off");
    expect(await ctx.db.switchChange.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ status: "applied", approvedBy: "admin@demo.frugal.dev" });
    expect((await audit("switch.approval_requested"))[0]).toMatchObject({ actorLabel: "owner@demo.frugal.dev" });
    expect((await audit("switch.approved"))[0]).toMatchObject({ actorLabel: "admin@demo.frugal.dev", after: expect.objectContaining({ requestedBy: "owner@demo.frugal.dev" }) });
  });

  // Who × change × state: what an owner's change does with four eyes on (and off).
  const FEATURE_FIELDS = (f: { id: number; name: string; key: string; tier: number; defaultState: string }, changes: Record<string, string | number> = {}) => ({
    applicationId: storefront,
    featureId: f.id,
    name: f.name,
    key: f.key,
    tier: f.tier,
    defaultState: f.defaultState,
    revenueSharePercent: "",
    ...changes,
  });
  type Outcome = "applied" | "pending";
  const table: [string, boolean, Outcome, (owner: string) => Promise<unknown>][] = [
    ["turns tier 1 off", true, "pending", async () => changeSwitchAction(null, form({ featureId: (await feature("checkout.enabled")).id, state: "off", reason: "why not" }))],
    ["throttles tier 1 to 1 %", true, "pending", async () => changeSwitchAction(null, form({ featureId: (await feature("checkout.enabled")).id, state: "throttled", throttlePercent: 1, reason: "a sliver" }))],
    ["throttles tier 2 to 50 %", true, "pending", async () => changeSwitchAction(null, form({ featureId: (await feature("search.enabled")).id, state: "throttled", throttlePercent: 50, reason: "half of search" }))],
    ["turns tier 1 off in one cell", true, "pending", async () => changeSwitchAction(null, form({ featureId: (await feature("checkout.enabled")).id, state: "off", cell: "cell-b", reason: "cell-b only" }))],
    ["moves tier 1 to tier 9", true, "pending", async () => saveFeatureAction(null, form(FEATURE_FIELDS(await feature("checkout.enabled"), { tier: 9 })))],
    ["moves tier 3 to tier 2", true, "pending", async () => saveFeatureAction(null, form(FEATURE_FIELDS(await feature("recommendations.enabled"), { tier: 2 })))],
    ["renames tier 1's flag key", true, "pending", async () => saveFeatureAction(null, form(FEATURE_FIELDS(await feature("checkout.enabled"), { key: "checkout.v2" })))],
    ["deletes tier 1", true, "pending", async () => deleteFeatureAction(null, form({ featureId: (await feature("checkout.enabled")).id }))],
    ["turns four eyes off", true, "pending", async () => savePolicyAction(null, form({ applicationId: storefront, requireApproval: "", autoApplyFromTier: "", cooldownMinutes: 60, restoreMarginPercent: 10 }))],
    ["turns tier 3 off", true, "applied", async () => changeSwitchAction(null, form({ featureId: (await feature("recommendations.enabled")).id, state: "off", reason: "tier 3 goes" }))],
    ["renames tier 1 (same tier and key)", true, "applied", async () => saveFeatureAction(null, form(FEATURE_FIELDS(await feature("checkout.enabled"), { name: "Checkout flow" })))],
    ["renames tier 3's flag key", true, "applied", async () => saveFeatureAction(null, form(FEATURE_FIELDS(await feature("recommendations.enabled"), { key: "recs.enabled" })))],
    ["deletes tier 3", true, "applied", async () => deleteFeatureAction(null, form({ featureId: (await feature("recommendations.enabled")).id }))],
    ["changes the cool-down, four eyes kept on", true, "applied", async () => savePolicyAction(null, form({ applicationId: storefront, requireApproval: "on", autoApplyFromTier: "", cooldownMinutes: 90, restoreMarginPercent: 10 }))],
    ["turns tier 1 off, four eyes off", false, "applied", async () => changeSwitchAction(null, form({ featureId: (await feature("checkout.enabled")).id, state: "off", reason: "why not" }))],
    ["moves tier 1 to tier 9, four eyes off", false, "applied", async () => saveFeatureAction(null, form(FEATURE_FIELDS(await feature("checkout.enabled"), { tier: 9 })))],
  ];

  it.each(table)("an owner who %s (four eyes on: %s): %s", async (_what, fourEyes, outcome, act) => {
    if (!fourEyes) await ctx.db.application.update({ where: { id: storefront }, data: { requireApproval: false } });
    const before = await ctx.db.feature.findMany({ where: { applicationId: storefront }, orderBy: { id: "asc" } });
    const links = await ctx.db.featureService.findMany({ where: { feature: { applicationId: storefront } } });
    const policyBefore = await ctx.db.application.findUniqueOrThrow({ where: { id: storefront } });
    actAs(ctx.cookies.owner);
    const result = await act("owner");
    expect(result).toMatchObject({ ok: true });
    const waiting = (await ctx.db.switchChange.count({ where: { status: "pending" } })) + (await ctx.db.changeRequest.count({ where: { status: "pending" } }));
    if (outcome === "pending") {
      expect(waiting).toBe(1);
      expect((result as { message: string }).message).toMatch(/second owner/);
      // Nothing moved: the features and the policy are as they were.
      expect(await ctx.db.feature.findMany({ where: { applicationId: storefront }, orderBy: { id: "asc" } })).toEqual(before);
      expect((await ctx.db.application.findUniqueOrThrow({ where: { id: storefront } })).requireApproval).toBe(policyBefore.requireApproval);
    } else {
      expect(waiting).toBe(0);
    }
    // Restore what the applied rows changed, for the next row.
    await ctx.db.feature.deleteMany({ where: { applicationId: storefront, id: { notIn: before.map((f) => f.id) } } });
    for (const f of before) {
      await ctx.db.feature.upsert({ where: { id: f.id }, update: { ...f, cellStates: f.cellStates ?? {} }, create: { ...f, cellStates: f.cellStates ?? {} } });
    }
    await ctx.db.featureService.deleteMany({ where: { feature: { applicationId: storefront } } });
    await ctx.db.featureService.createMany({ data: links });
  });

  it("lets the second owner apply a held tier change, and not the one who asked; the asker can withdraw", async () => {
    actAs(ctx.cookies.owner);
    const checkout = await feature("checkout.enabled");
    await saveFeatureAction(null, form(FEATURE_FIELDS(checkout, { tier: 9, reason: "it is not that important" })));
    const request = await ctx.db.changeRequest.findFirstOrThrow({ where: { status: "pending" } });
    expect(request).toMatchObject({ kind: "feature.edit", summary: "Checkout: tier 1 → 9", reason: "it is not that important", requestedBy: "owner@demo.frugal.dev" });
    expect(await decideRequestAction(null, form({ requestId: request.id, decision: "approve" }))).toMatchObject({ ok: false, status: 403 });
    // While it waits, the feature cannot be switched, edited or deleted by anyone.
    expect(await changeSwitchAction(null, form({ featureId: checkout.id, state: "off", reason: "now off" }))).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/waits for a second owner/) });
    actAs(ctx.cookies.admin);
    expect(await changeSwitchAction(null, form({ featureId: checkout.id, state: "throttled", throttlePercent: 10, reason: "admin too" }))).toMatchObject({ ok: false, status: 409 });
    expect(await deleteFeatureAction(null, form({ featureId: checkout.id }))).toMatchObject({ ok: false, status: 409 });
    expect(await decideRequestAction(null, form({ requestId: request.id, decision: "approve", note: "agreed" }))).toMatchObject({ ok: true, data: { status: "applied" } });
    expect((await feature("checkout.enabled")).tier).toBe(9);
    expect((await audit("change.approved"))[0]).toMatchObject({ actorLabel: "admin@demo.frugal.dev", after: expect.objectContaining({ summary: "Checkout: tier 1 → 9", requestedBy: "owner@demo.frugal.dev" }) });
    expect((await audit("feature.changed"))[0]).toMatchObject({ actorLabel: "admin@demo.frugal.dev", after: expect.objectContaining({ tier: 9, approvedRequestId: request.id }) });

    // Four eyes off, asked and withdrawn by the same owner.
    actAs(ctx.cookies.owner);
    await savePolicyAction(null, form({ applicationId: storefront, requireApproval: "", autoApplyFromTier: "", cooldownMinutes: 60, restoreMarginPercent: 10, reason: "too slow" }));
    const policy = await ctx.db.changeRequest.findFirstOrThrow({ where: { status: "pending", kind: "policy" } });
    expect(await savePolicyAction(null, form({ applicationId: storefront, requireApproval: "", autoApplyFromTier: 3, cooldownMinutes: 60, restoreMarginPercent: 10 }))).toMatchObject({ ok: false, status: 409 });
    expect(await decideRequestAction(null, form({ requestId: policy.id, decision: "reject" }))).toMatchObject({ ok: true, data: { status: "withdrawn" } });
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: storefront } })).requireApproval).toBe(true);
  });

  it("holds an automatic apply of a tier 2 throttle too, for a person to approve", async () => {
    const search = await feature("search.enabled");
    const result = await changeSwitch(ctx.db, { featureId: search.id, to: { state: "throttled", throttlePercent: 50 }, reason: "automatic", actor: { kind: "system", label: "automation" }, source: "automation" });
    expect(result.status).toBe("pending");
    expect((await feature("search.enabled")).state).toBe("on");
  });

  it("refuses an approval once the switch has moved since it was asked", async () => {
    actAs(ctx.cookies.owner);
    const search = await feature("search.enabled");
    await changeSwitchAction(null, form({ featureId: search.id, state: "off", reason: "search bill tripled" }));
    const pending = await ctx.db.switchChange.findFirstOrThrow({ where: { status: "pending" } });
    // Only a write around Frugal can move it now: its own paths refuse while a change waits.
    await ctx.db.feature.update({ where: { id: search.id }, data: { state: "throttled", throttlePercent: 50 } });
    actAs(ctx.cookies.admin);
    expect(await decideChangeAction(null, form({ changeId: pending.id, decision: "approve" }))).toMatchObject({ ok: false, status: 409 });
  });
});
