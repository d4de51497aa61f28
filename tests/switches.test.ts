// Kill switches, proposals and limits through the dashboard's own server actions
// and jobs, on a demo account with 40 days of history: what a person sees,
// what the audit log keeps, four eyes, cells, and the evaluator after a sync.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  changeSwitchAction,
  decideChangeAction,
  decideProposalAction,
  decideRequestAction,
  deleteFeatureAction,
  reopenProposalAction,
  previewSwitchAction,
  saveFeatureAction,
  saveLimitAction,
  savePolicyAction,
} from "../app/applications/[slug]/tiers/actions";
import { changeSwitch, switchImpact } from "../lib/data/switches";
import { getLimitsOverview } from "../lib/data/limits-overview";
import { limitContext } from "../lib/data/limit-inputs";
import { getTiersView } from "../lib/data/tiers";
import type { SwitchPosition } from "../lib/domain/switches";
import { evaluateLimits } from "../lib/jobs/evaluate-limits";
import { seedDemoLimits } from "../lib/jobs/seed-demo-switches";
import { onOfrepChange } from "../lib/ofrep/signal";
import { createAppContext, type AppContext } from "./app-context";
import { actAs } from "./next-mocks";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

let ctx: AppContext;
let storefront: number;

function form(fields: Record<string, string | number | null>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v === null ? "" : String(v));
  return f;
}
const feature = (key: string, app = "storefront") => ctx.db.feature.findFirstOrThrow({ where: { applicationId: ctx.apps[app]!.id, key } });
const audit = (action: string) => ctx.db.auditEvent.findMany({ where: { action }, orderBy: { id: "desc" } });

beforeAll(async () => {
  ctx = await createAppContext({ days: 40 });
  storefront = ctx.apps.storefront!.id;
  await seedDemoLimits(ctx.db, ctx.accountId);
});
afterAll(async () => ctx.close());

beforeEach(async () => {
  // Every test starts with every switch on, no approvals asked, no proposals.
  await ctx.db.feature.updateMany({ data: { state: "on", throttlePercent: null, cellStates: {} } });
  await ctx.db.switchChange.deleteMany();
  await ctx.db.changeRequest.deleteMany();
  await ctx.db.proposal.deleteMany();
  await ctx.db.application.updateMany({ data: { requireApproval: false, autoApplyFromTier: null, cooldownMinutes: 60, restoreMarginPercent: 10 } });
});

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

describe("proposals after a sync", () => {
  it("proposes throttling recommendations (tier 3) for the breached cost-per-1M limit, with what it saves and risks", async () => {
    const result = await evaluateLimits(ctx.db, storefront);
    expect(result.breached).toBeGreaterThanOrEqual(1);
    const proposals = await ctx.db.proposal.findMany({ where: { applicationId: storefront, status: "open" }, include: { feature: true } });
    expect(proposals).toHaveLength(1);
    const [p] = proposals;
    expect(p).toMatchObject({ kind: "cost", action: "throttle", toState: "throttled", feature: { key: "recommendations.enabled", tier: 3 } });
    expect(p!.details).toMatchObject({ savingMicroUsd: expect.any(Number), requestsAtRisk: expect.any(Number), revenueAtRiskMicroUsd: expect.any(Number), limits: [expect.objectContaining({ kind: "cost_per_million" })] });

    // Evaluating again keeps the one proposal rather than stacking copies.
    expect((await evaluateLimits(ctx.db, storefront)).created).toBe(0);
    expect(await ctx.db.proposal.count({ where: { status: "open" } })).toBe(1);
  });

  it("applies a proposal for an owner, with the proposal in the switch history; a dismissed one is not made again for a day", async () => {
    await evaluateLimits(ctx.db, storefront);
    const proposal = await ctx.db.proposal.findFirstOrThrow({ where: { status: "open" } });
    actAs(ctx.cookies.owner);
    expect(await decideProposalAction(null, form({ proposalId: proposal.id, decision: "apply", reason: "" }))).toMatchObject({ ok: false, status: 400 });
    expect(await decideProposalAction(null, form({ proposalId: proposal.id, decision: "apply", reason: "agreed with finance" }))).toMatchObject({ ok: true, data: { status: "applied" } });
    expect(await ctx.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({ status: "applied", decidedBy: "owner@demo.frugal.dev" });
    expect(await ctx.db.switchChange.findFirstOrThrow({ where: { proposalId: proposal.id } })).toMatchObject({ source: "proposal", toState: "throttled" });
    expect(await decideProposalAction(null, form({ proposalId: proposal.id, decision: "apply", reason: "twice" }))).toMatchObject({ ok: false, status: 404 });

    // Back to on by hand; the limit is still breached, so the evaluator would propose again...
    await ctx.db.feature.updateMany({ data: { state: "on", throttlePercent: null } });
    await ctx.db.switchChange.deleteMany();
    await evaluateLimits(ctx.db, storefront);
    const again = await ctx.db.proposal.findFirstOrThrow({ where: { status: "open" } });
    // Dismissing asks why, like applying.
    expect(await decideProposalAction(null, form({ proposalId: again.id, decision: "dismiss" }))).toMatchObject({ ok: false, status: 400, fieldErrors: { reason: expect.any(String) } });
    expect(await decideProposalAction(null, form({ proposalId: again.id, decision: "dismiss", reason: "launch week: the spend is expected" }))).toMatchObject({ ok: true, data: { status: "dismissed" } });
    // ...but not once an owner said no.
    expect((await evaluateLimits(ctx.db, storefront)).created).toBe(0);
    expect(await ctx.db.proposal.count({ where: { status: "open" } })).toBe(0);
  });

  it("says why a breached limit has nothing to act on — who dismissed its proposal, until when, why — and lets an owner undo it", async () => {
    await evaluateLimits(ctx.db, storefront);
    const proposal = await ctx.db.proposal.findFirstOrThrow({ where: { status: "open", kind: "cost" } });
    actAs(ctx.cookies.owner);
    const before = Date.now();
    await decideProposalAction(null, form({ proposalId: proposal.id, decision: "dismiss", reason: "launch week: the spend is expected" }));

    const view = await getTiersView(ctx.db, storefront);
    expect(view.proposals.filter((p) => p.kind === "cost")).toHaveLength(0);
    const breached = view.limits.find((l) => l.level === "breach")!;
    expect(breached.quiet).toMatchObject({ kind: "dismissed", proposalId: proposal.id, by: "owner@demo.frugal.dev", reason: "launch week: the spend is expected" });
    const until = (breached.quiet as { until: Date }).until.getTime();
    expect(until - before).toBeGreaterThanOrEqual(24 * 3600_000 - 60_000);
    expect(until - before).toBeLessThanOrEqual(24 * 3600_000 + 60_000);
    expect(view.dismissed.map((d) => d.id)).toEqual([proposal.id]);
    expect((await audit("proposal.dismissed"))[0]).toMatchObject({ reason: "launch week: the spend is expected", actorLabel: "owner@demo.frugal.dev" });

    // A viewer cannot undo it; the owner can, once.
    actAs(ctx.cookies.viewer);
    expect(await reopenProposalAction(null, form({ proposalId: proposal.id }))).toMatchObject({ ok: false, status: 403 });
    actAs(ctx.cookies.owner);
    expect(await reopenProposalAction(null, form({ proposalId: proposal.id }))).toMatchObject({ ok: true });
    expect(await reopenProposalAction(null, form({ proposalId: proposal.id }))).toMatchObject({ ok: false, status: 404 });
    expect(await ctx.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({ status: "open", decidedBy: null, decisionReason: null });
    expect((await audit("proposal.reopened"))[0]).toMatchObject({ actorLabel: "owner@demo.frugal.dev", objectId: String(proposal.id) });
    const after = await getTiersView(ctx.db, storefront);
    expect(after.limits.find((l) => l.id === breached.id)!.quiet).toBeNull();
    expect(after.dismissed).toHaveLength(0);
    // The next evaluation keeps it rather than adding a second one.
    expect((await evaluateLimits(ctx.db, storefront)).created).toBe(0);
    expect(await ctx.db.proposal.count({ where: { status: "open", kind: "cost" } })).toBe(1);
  });

  it("cannot undo a dismissal that has run out", async () => {
    await evaluateLimits(ctx.db, storefront);
    const proposal = await ctx.db.proposal.findFirstOrThrow({ where: { status: "open", kind: "cost" } });
    actAs(ctx.cookies.owner);
    await decideProposalAction(null, form({ proposalId: proposal.id, decision: "dismiss", reason: "not now" }));
    await ctx.db.proposal.update({ where: { id: proposal.id }, data: { decidedAt: new Date(Date.now() - 25 * 3600_000) } });
    expect(await reopenProposalAction(null, form({ proposalId: proposal.id }))).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/run out/) });
    expect((await getTiersView(ctx.db, storefront)).limits.find((l) => l.level === "breach")!.quiet).toMatchObject({ kind: "pending" });
  });

  it("counts a feature's saving once where a cost proposal and load proposals overlap, and judges the others again as soon as one is applied", async () => {
    await evaluateLimits(ctx.db, storefront);
    const cost = await ctx.db.proposal.findFirstOrThrow({ where: { status: "open", kind: "cost" } });
    const costTo = { state: cost.toState, throttlePercent: cost.throttlePercent } as SwitchPosition;
    // Overload asks for cell-b at the very position the cost proposal gives everywhere, and for cell-a to be shed entirely.
    const load = async (cell: string, to: SwitchPosition) => {
      const impact = await switchImpact(ctx.db, cost.featureId, to, cell);
      return ctx.db.proposal.create({
        data: { applicationId: storefront, featureId: cost.featureId, kind: "load", action: "throttle", fromState: "on", toState: to.state, throttlePercent: to.throttlePercent, cell, details: { reason: `overload in ${cell}`, savingMicroUsd: impact.savingMicroUsd, requestsAtRisk: impact.requestsAtRisk } },
      });
    };
    const sameInB = await load("cell-b", costTo);
    const offInA = await load("cell-a", { state: "off", throttlePercent: null });
    const savingOf = (p: { details: unknown }) => (p.details as { savingMicroUsd: number }).savingMicroUsd;

    const view = await getTiersView(ctx.db, storefront);
    const byId = new Map(view.proposals.map((p) => [p.id, p]));
    const everywhere = savingOf(cost);
    const cells = savingOf(sameInB) + savingOf(offInA);
    // The total counts either the one switch everywhere or the two cells, whichever saves more; never all three.
    const counted = view.proposals.filter((p) => p.overlap.counted);
    expect(counted.reduce((s, p) => s + (p.details.savingMicroUsd ?? 0), 0)).toBe(Math.max(everywhere, cells));
    expect(byId.get(cost.id)!.overlap.overlaps.sort()).toEqual([sameInB.id, offInA.id].sort());
    expect(byId.get(sameInB.id)!.overlap.overlaps).toEqual([cost.id]);
    if (everywhere >= cells) expect(byId.get(sameInB.id)!.overlap.supersededBy).toBe(cost.id);

    actAs(ctx.cookies.owner);
    expect(await decideProposalAction(null, form({ proposalId: cost.id, decision: "apply", reason: "agreed with finance" }))).toMatchObject({ ok: true, data: { status: "applied" } });
    // At once, not at the next sync: cell-b is already where overload wanted it, and shedding cell-a saves only what the throttle left.
    expect(await ctx.db.proposal.findUniqueOrThrow({ where: { id: sameInB.id } })).toMatchObject({ status: "superseded" });
    const a = await ctx.db.proposal.findUniqueOrThrow({ where: { id: offInA.id } });
    expect(a.status).toBe("open");
    expect(savingOf(a)).toBeLessThan(savingOf(offInA));
    expect(savingOf(a)).toBeGreaterThan(0);
  });

  it("does not ask for more throttling at the next sync while the cost data still shows the days before the change", async () => {
    await evaluateLimits(ctx.db, storefront);
    const proposal = await ctx.db.proposal.findFirstOrThrow({ where: { status: "open" } });
    actAs(ctx.cookies.owner);
    await decideProposalAction(null, form({ proposalId: proposal.id, decision: "apply", reason: "agreed with finance" }));
    const next = await evaluateLimits(ctx.db, storefront);
    expect(next).toMatchObject({ created: 0, breached: 0 });
    expect(await ctx.db.proposal.count({ where: { status: "open" } })).toBe(0);
  });

  it("applies itself when the application opts in for that tier, and does not flap back within the cool-down", async () => {
    actAs(ctx.cookies.owner);
    expect(await savePolicyAction(null, form({ applicationId: storefront, requireApproval: "", autoApplyFromTier: 3, cooldownMinutes: 120, restoreMarginPercent: 10 }))).toMatchObject({ ok: true });
    const result = await evaluateLimits(ctx.db, storefront);
    expect(result.applied).toBe(1);
    const recs = await feature("recommendations.enabled");
    expect(recs.state).toBe("throttled");
    expect(await ctx.db.switchChange.findFirstOrThrow({ where: { featureId: recs.id } })).toMatchObject({ source: "automation", requestedBy: "automation" });
    expect((await audit("switch.changed"))[0]).toMatchObject({ actorType: "system", actorLabel: "automation", reason: expect.stringMatching(/^Automatic:/) });

    // Finance raises the limit: far under it now, but within the cool-down nothing moves...
    const limit = await ctx.db.costLimit.findFirstOrThrow({ where: { applicationId: storefront, kind: "cost_per_million" } });
    await ctx.db.costLimit.update({ where: { id: limit.id }, data: { warningMicroUsd: limit.warningMicroUsd * 2n, breachMicroUsd: limit.breachMicroUsd * 2n } });
    try {
      const soon = await evaluateLimits(ctx.db, storefront, new Date(Date.now() + 30 * 60_000));
      expect(soon.applied).toBe(0);
      expect((await feature("recommendations.enabled")).state).toBe("throttled");
      // ...and after it, the switch comes back on by itself.
      const later = await evaluateLimits(ctx.db, storefront, new Date(Date.now() + 150 * 60_000));
      expect(later.applied).toBe(1);
      expect((await feature("recommendations.enabled")).state).toBe("on");
    } finally {
      await ctx.db.costLimit.update({ where: { id: limit.id }, data: { warningMicroUsd: limit.warningMicroUsd, breachMicroUsd: limit.breachMicroUsd } });
    }
  });

  it("never throttles tier 1 automatically, even when nothing else can bring a limit under", async () => {
    await ctx.db.costLimit.create({ data: { applicationId: storefront, kind: "daily_spend", warningMicroUsd: 1_000_000n, breachMicroUsd: 2_000_000n } });
    actAs(ctx.cookies.owner);
    await savePolicyAction(null, form({ applicationId: storefront, requireApproval: "", autoApplyFromTier: 2, cooldownMinutes: 60, restoreMarginPercent: 10 }));
    await evaluateLimits(ctx.db, storefront);
    expect((await feature("checkout.enabled")).state).toBe("on");
    expect(await ctx.db.proposal.count({ where: { feature: { tier: 1 } } })).toBe(0);
    await ctx.db.costLimit.deleteMany({ where: { applicationId: storefront, kind: "daily_spend", featureId: null } });
  });
});

describe("declaring features and limits", () => {
  it("saves a feature with its services, refuses a taken key or an unknown service, and audits it", async () => {
    actAs(ctx.cookies.owner);
    const fields = { applicationId: storefront, featureId: "", name: "Reviews", key: "reviews.enabled", description: "", tier: 3, defaultState: "on", revenueSharePercent: "" };
    const f = form(fields);
    f.append("services[]", "catalog");
    expect(await saveFeatureAction(null, f)).toMatchObject({ ok: true });
    const reviews = await ctx.db.feature.findFirstOrThrow({ where: { key: "reviews.enabled" }, include: { services: { include: { service: true } } } });
    expect(reviews.services.map((s) => s.service.name)).toEqual(["catalog"]);
    expect((await audit("feature.created"))[0]).toMatchObject({ objectLabel: "reviews.enabled" });

    expect(await saveFeatureAction(null, form({ ...fields, key: "search.enabled" }))).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/taken by Search/) });
    const unknown = form({ ...fields, key: "ghost.enabled" });
    unknown.append("services[]", "ghost");
    expect(await saveFeatureAction(null, unknown)).toMatchObject({ ok: false, status: 422, error: expect.stringMatching(/No service ghost/) });
    expect(await saveFeatureAction(null, form({ ...fields, key: "Bad Key!" }))).toMatchObject({ ok: false, status: 400, fieldErrors: { key: expect.any(String) } });
    await ctx.db.feature.delete({ where: { id: reviews.id } });
  });

  it("refuses a limit whose warning is above its breach level, or a per-unit limit without a metric", async () => {
    actAs(ctx.cookies.owner);
    const base = { applicationId: storefront, limitId: "", featureId: "", metricId: "" };
    expect(await saveLimitAction(null, form({ ...base, kind: "daily_spend", warningUsd: 500, breachUsd: 400 }))).toMatchObject({ ok: false, status: 400, fieldErrors: { warningUsd: expect.any(String) } });
    expect(await saveLimitAction(null, form({ ...base, kind: "cost_per_unit", warningUsd: 1, breachUsd: 2 }))).toMatchObject({ ok: false, status: 400, fieldErrors: { metricId: expect.any(String) } });
    actAs(ctx.cookies.engineer);
    expect(await saveLimitAction(null, form({ ...base, kind: "daily_spend", warningUsd: 1, breachUsd: 2 }))).toMatchObject({ ok: false, status: 403 });
  });
});

describe("the limits overview", () => {
  it("gives each application with limits, proposals or requests its whole view, and the others none without reading theirs", async () => {
    const quiet = await ctx.db.application.create({ data: { accountId: ctx.accountId, slug: "quiet", name: "Quiet" } });
    const overview = await getLimitsOverview(ctx.db, ctx.accountId);
    expect(overview.map((a) => a.slug).sort()).toEqual((await ctx.db.application.findMany({ where: { accountId: ctx.accountId } })).map((a) => a.slug).sort());
    for (const app of overview) {
      const view = await getTiersView(ctx.db, app.applicationId);
      expect(app.limits.map((l) => [l.id, l.level]), app.slug).toEqual(view.limits.map((l) => [l.id, l.level]));
      expect(app.proposals.map((p) => p.id), app.slug).toEqual(view.proposals.map((p) => p.id));
      expect(app.pending.map((p) => p.id), app.slug).toEqual(view.pending.map((p) => p.id));
    }
    expect(overview.find((a) => a.slug === "quiet")).toMatchObject({ worst: null, limits: [], proposals: [], pending: [] });
    expect(overview.some((a) => a.limits.length > 0)).toBe(true);
    await ctx.db.application.delete({ where: { id: quiet.id } });
  });
});

describe("what the evaluator reads of a feature's switch history", () => {
  // Times in days from the start of the evaluation window (the window runs 7 days); the feature stands "off" now.
  type Change = { reason: string; from: [string, number | null]; requestedDay: number; decidedDay?: number; cell?: string; status?: string; fullUsage?: { costMicroUsd: number; requests: number } };
  const cases: { name: string; changes: Change[]; served: number; last: string | null }[] = [
    { name: "no change ever: off all week", changes: [], served: 0, last: null },
    { name: "turned off a month before the window: still its last change", changes: [{ reason: "old", from: ["on", null], requestedDay: -30, decidedDay: -30, fullUsage: { costMicroUsd: 5, requests: 10 } }], served: 0, last: "old" },
    {
      name: "throttled to 50 % a month before, off from the middle of the window",
      changes: [
        { reason: "old", from: ["on", null], requestedDay: -30 },
        { reason: "mid", from: ["throttled", 50], requestedDay: 3.5 },
      ],
      served: 0.25,
      last: "mid",
    },
    {
      name: "a cell's override and a pending change after it change neither",
      changes: [
        { reason: "old", from: ["on", null], requestedDay: -30 },
        { reason: "mid", from: ["throttled", 50], requestedDay: 3.5 },
        { reason: "cell", from: ["off", null], requestedDay: 5, cell: "cell-1" },
        { reason: "pending", from: ["off", null], requestedDay: 6, status: "pending" },
      ],
      served: 0.25,
      last: "mid",
    },
    { name: "asked before the window, decided in its middle: counts from the decision", changes: [{ reason: "held", from: ["on", null], requestedDay: -2, decidedDay: 3.5 }], served: 0.5, last: "held" },
    { name: "decided at the window's very start: off all week", changes: [{ reason: "edge", from: ["on", null], requestedDay: -1, decidedDay: 0 }], served: 0, last: "edge" },
    { name: "after the window (today): the week ran on the position before it", changes: [{ reason: "today", from: ["on", null], requestedDay: 7.5 }], served: 1, last: "today" },
  ];

  it.each(cases)("$name", async ({ changes, served, last }) => {
    const f = await feature("recommendations.enabled");
    await ctx.db.feature.update({ where: { id: f.id }, data: { state: "off", throttlePercent: null } });
    const before = (await limitContext(ctx.db, storefront))!;
    const start = Date.parse(`${before.from}T00:00:00Z`);
    const at = (days: number) => new Date(start + days * 86_400_000);
    for (const c of changes) {
      await ctx.db.switchChange.create({
        data: {
          featureId: f.id,
          fromState: c.from[0],
          fromPercent: c.from[1],
          toState: "off",
          cell: c.cell ?? null,
          source: "manual",
          status: c.status ?? "applied",
          reason: c.reason,
          snapshot: c.fullUsage ? { fullUsage: c.fullUsage } : {},
          requestedBy: "test",
          requestedAt: at(c.requestedDay),
          decidedAt: c.decidedDay === undefined ? null : at(c.decidedDay),
        },
      });
    }
    const context = (await limitContext(ctx.db, storefront))!;
    expect(context.features.find((x) => x.id === f.id)!.measuredServed).toBeCloseTo(served, 9);
    const lastChange = context.input.lastChanges.get(f.id);
    const expected = changes.find((c) => c.reason === last);
    if (!expected) expect(lastChange).toBeUndefined();
    else {
      expect(lastChange?.at).toEqual(at(expected.decidedDay ?? expected.requestedDay));
      expect(lastChange?.fullUsage).toEqual(expected.fullUsage ?? null);
    }
  });
});
