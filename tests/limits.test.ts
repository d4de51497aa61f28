// Cost limits through the dashboard's own server actions and jobs, on a demo account with 40 days
// of history: the proposals the evaluator makes after a sync and what an owner does with them,
// declaring features and limits, the limits overview, and what the evaluator reads of a switch's
// history. Flipping switches by hand is in tests/switches.test.ts.
import { describe, expect, it, vi } from "vitest";
import {
  decideProposalAction,
  reopenProposalAction,
  saveFeatureAction,
  saveLimitAction,
  savePolicyAction,
} from "../app/applications/[slug]/tiers/actions";
import { switchImpact } from "../lib/data/switches";
import { getLimitsOverview } from "../lib/data/limits-overview";
import { limitContext } from "../lib/data/limit-inputs";
import { getTiersView } from "../lib/data/tiers";
import type { SwitchPosition } from "../lib/domain/switches";
import { evaluateLimits } from "../lib/jobs/evaluate-limits";
import { actAs } from "./next-mocks";
import { audit, ctx, feature, form, storefront, switchesPerSuite } from "./switches-context";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

switchesPerSuite();

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
