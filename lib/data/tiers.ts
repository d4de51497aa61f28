// Everything the tiers page shows for one application: features by tier with their
// cost, limits with where they stand, open proposals, changes waiting for a second
// owner, and each switch's history.
import type { Db } from "../db/client";
import { LIMIT_KIND_TEXT, type Level, type LimitKind } from "../domain/limits";
import type { ShedPlan } from "../domain/load-shedding";
import { proposalOverlaps, type Overlap } from "../domain/proposal-overlap";
import { currentUsage, evaluate } from "../domain/proposals";
import { parseCellPositions, type SwitchPosition } from "../domain/switches";
import { limitContext, positionOf } from "./limit-inputs";
import { DISMISSAL_MEMORY_MS, dismissedUntil } from "./switches";
import { num } from "./sql";

export interface FeatureView {
  id: number;
  key: string;
  name: string;
  description: string | null;
  tier: number;
  position: SwitchPosition;
  /** Cells where the feature serves less than everywhere else (load shedding). */
  cellPositions: Record<string, SwitchPosition>;
  defaultState: string;
  services: string[];
  revenueSharePercent: number | null;
  costMicroUsdPerDay: number | null;
  costPerMillionMicroUsd: number | null;
  history: { id: number; at: Date; by: string; from: string; to: string; source: string; status: string; reason: string; approvedBy: string | null }[];
}

export interface LimitView {
  id: number;
  featureId: number | null;
  featureName: string | null;
  kind: LimitKind;
  label: string;
  metricId: number | null;
  metricName: string | null;
  warningMicroUsd: number;
  breachMicroUsd: number;
  level: Level;
  value: number | null;
  /** When breached with no open proposal: why not. */
  quiet: QuietReason | null;
  resolvable: boolean;
}

export interface ProposalView {
  id: number;
  featureId: number;
  featureName: string;
  tier: number;
  action: string;
  from: SwitchPosition;
  to: SwitchPosition;
  cell: string | null;
  kind: string;
  createdAt: Date;
  details: {
    day?: string;
    limits?: { id: number; label: string; valueMicroUsd: number | null; breachMicroUsd: number | null; overshootMicroUsd: number; projectedMicroUsd: number | null }[];
    savingMicroUsd?: number;
    requestsAtRisk?: number;
    revenueAtRiskMicroUsd?: number | null;
    manualBecause?: string | null;
    reason?: string;
    /** A load-shedding proposal's overloaded services and what each showed (the reason, without its "Shed …:" heading). */
    because?: ShedPlan["because"];
  };
  /** Other open proposals for the same switch in a shared scope, and whether the total counts this one. */
  overlap: Overlap;
}

/** Something waiting for a second owner: a switch change, or a change request (tier, key, deletion, four eyes off). */
export interface PendingView {
  kind: "switch" | "request";
  id: number;
  featureId: number | null;
  /** The feature's name, or "Switch policy". */
  subject: string;
  tier: number | null;
  /** A switch change: where it moves the switch (in one cell or everywhere). */
  to: SwitchPosition | null;
  cell: string | null;
  /** A change request: what it asks for, in words ("Checkout: tier 1 → 9"). */
  summary: string | null;
  requestedBy: string;
  requestedById: string | null;
  requestedAt: Date;
  reason: string;
}

/** Why a breached limit has no open proposal. */
export type QuietReason =
  | { kind: "dismissed"; proposalId: number; by: string; until: Date; reason: string | null }
  /** Throttling every feature Frugal may touch (tier 2 and up) would not bring it under. */
  | { kind: "unresolvable" }
  /** Not evaluated since it was breached: the next sync proposes. */
  | { kind: "pending" };

/** A proposal an owner dismissed, while its dismissal holds (and can be undone). */
export interface DismissedView {
  id: number;
  featureName: string;
  kind: string;
  to: SwitchPosition;
  cell: string | null;
  by: string;
  at: Date;
  until: Date;
  reason: string | null;
}

export interface TiersView {
  day: string | null;
  windowFrom: string | null;
  features: FeatureView[];
  limits: LimitView[];
  proposals: ProposalView[];
  dismissed: DismissedView[];
  pending: PendingView[];
  policy: { requireApproval: boolean; autoApplyFromTier: number | null; cooldownMinutes: number; restoreMarginPercent: number };
  services: string[];
  /** The cells the application runs in (OFREP context 'cell'). */
  cells: string[];
  metrics: { id: number; name: string }[];
}

const describe = (state: string, percent: number | null) => (state === "throttled" ? `throttled ${percent ?? 0}\u00a0%` : state);

export async function getTiersView(db: Db, applicationId: number): Promise<TiersView> {
  const [app, features, limits, allProposals, pending, services, metrics, context, cells] = await Promise.all([
    db.application.findUniqueOrThrow({ where: { id: applicationId } }),
    db.feature.findMany({
      where: { applicationId },
      orderBy: [{ tier: "asc" }, { name: "asc" }],
      include: { services: { include: { service: { select: { name: true } } } }, changes: { orderBy: { requestedAt: "desc" }, take: 10 } },
    }),
    db.costLimit.findMany({ where: { applicationId }, orderBy: { id: "asc" }, include: { feature: { select: { name: true } }, metric: { select: { name: true } } } }),
    db.proposal.findMany({
      where: { OR: [{ applicationId, status: "open" }, { applicationId, status: "dismissed", decidedAt: { gt: new Date(Date.now() - DISMISSAL_MEMORY_MS.cost) } }] },
      orderBy: { createdAt: "desc" },
      include: { feature: { select: { name: true, tier: true } } },
    }),
    Promise.all([
      db.switchChange.findMany({ where: { status: "pending", feature: { applicationId } }, orderBy: { requestedAt: "asc" }, include: { feature: { select: { name: true, tier: true } } } }),
      db.changeRequest.findMany({ where: { status: "pending", applicationId }, orderBy: { requestedAt: "asc" }, include: { feature: { select: { name: true, tier: true } } } }),
    ]),
    db.service.findMany({ where: { applicationId }, orderBy: { name: "asc" }, select: { name: true } }),
    db.businessMetric.findMany({ where: { applicationId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    limitContext(db, applicationId),
    db.cell.findMany({ where: { resources: { some: { service: { applicationId }, goneSince: null } } }, orderBy: { name: "asc" }, select: { name: true } }),
  ]);
  const evaluation = context ? evaluate(context.input) : null;
  const now = new Date();
  const open = allProposals.filter((p) => p.status === "open");
  const dismissed = allProposals
    .filter((p) => p.status === "dismissed" && p.decidedAt && dismissedUntil({ kind: p.kind, decidedAt: p.decidedAt }) > now)
    .map((p) => ({ ...p, decidedAt: p.decidedAt as Date, until: dismissedUntil({ kind: p.kind, decidedAt: p.decidedAt as Date }) }))
    .sort((a, b) => b.decidedAt.getTime() - a.decidedAt.getTime());
  const covers = (p: { limitId: number | null; details: unknown }, limitId: number) =>
    p.limitId === limitId || ((p.details as { limits?: { id: number }[] } | null)?.limits ?? []).some((l) => l.id === limitId);
  const quietReason = (limitId: number, level: Level, resolvable: boolean): QuietReason | null => {
    if (level !== "breach" || open.some((p) => p.kind === "cost" && covers(p, limitId))) return null;
    const last = dismissed.find((p) => p.kind === "cost" && covers(p, limitId));
    if (last) return { kind: "dismissed", proposalId: last.id, by: last.decidedBy ?? "someone", until: last.until, reason: last.decisionReason };
    return resolvable ? { kind: "pending" } : { kind: "unresolvable" };
  };
  const usage = context ? currentUsage(context.input).usage : new Map();
  return {
    day: context?.day ?? null,
    windowFrom: context?.from ?? null,
    features: features.map((f) => {
      const u = usage.get(f.id);
      return {
        id: f.id,
        key: f.key,
        name: f.name,
        description: f.description,
        tier: f.tier,
        position: positionOf(f),
        cellPositions: parseCellPositions(f.cellStates),
        defaultState: f.defaultState,
        services: f.services.map((s) => s.service.name),
        revenueSharePercent: f.revenueSharePercent,
        costMicroUsdPerDay: u ? Math.round(u.costMicroUsd) : null,
        costPerMillionMicroUsd: u && u.requests > 0 ? Math.round((u.costMicroUsd * 1e6) / u.requests) : null,
        history: f.changes.map((c) => ({
          id: c.id,
          at: c.requestedAt,
          by: c.requestedBy,
          from: describe(c.fromState, c.fromPercent),
          to: `${describe(c.toState, c.toPercent)}${c.cell ? ` in ${c.cell}` : ""}`,
          source: c.source,
          status: c.status,
          reason: c.reason,
          approvedBy: c.approvedBy,
        })),
      };
    }),
    limits: limits.map((l) => {
      const status = evaluation?.statuses.find((s) => s.limitId === l.id);
      return {
        id: l.id,
        featureId: l.featureId,
        featureName: l.feature?.name ?? null,
        kind: l.kind as LimitKind,
        label: `${l.feature?.name ?? "Application"}: ${LIMIT_KIND_TEXT[l.kind as LimitKind] ?? l.kind}${l.metric ? ` (${l.metric.name})` : ""}`,
        metricId: l.metricId,
        metricName: l.metric?.name ?? null,
        warningMicroUsd: num(l.warningMicroUsd),
        breachMicroUsd: num(l.breachMicroUsd),
        level: status?.level ?? "no_data",
        value: status?.value ?? null,
        resolvable: status?.resolvable ?? true,
        quiet: quietReason(l.id, status?.level ?? "no_data", status?.resolvable ?? true),
      };
    }),
    dismissed: dismissed.map((p) => ({
      id: p.id,
      featureName: p.feature.name,
      kind: p.kind,
      to: positionOf({ state: p.toState, throttlePercent: p.throttlePercent }),
      cell: p.cell,
      by: p.decidedBy ?? "someone",
      at: p.decidedAt,
      until: p.until,
      reason: p.decisionReason,
    })),
    proposals: withOverlaps(open).map((p) => ({
      id: p.id,
      featureId: p.featureId,
      featureName: p.feature.name,
      tier: p.feature.tier,
      action: p.action,
      from: positionOf({ state: p.fromState, throttlePercent: null }),
      to: positionOf({ state: p.toState, throttlePercent: p.throttlePercent }),
      cell: p.cell,
      kind: p.kind,
      createdAt: p.createdAt,
      details: (p.details ?? {}) as ProposalView["details"],
      overlap: p.overlap,
    })),
    pending: [
      ...pending[0].map((c): PendingView => ({
        kind: "switch",
        id: c.id,
        featureId: c.featureId,
        subject: c.feature.name,
        tier: c.feature.tier,
        to: positionOf({ state: c.toState, throttlePercent: c.toPercent }),
        cell: c.cell,
        summary: null,
        requestedBy: c.requestedBy,
        requestedById: c.requestedById,
        requestedAt: c.requestedAt,
        reason: c.reason,
      })),
      ...pending[1].map((r): PendingView => ({
        kind: "request",
        id: r.id,
        featureId: r.featureId,
        subject: r.feature?.name ?? "Switch policy",
        tier: r.feature?.tier ?? null,
        to: null,
        cell: null,
        summary: r.summary,
        requestedBy: r.requestedBy,
        requestedById: r.requestedById,
        requestedAt: r.requestedAt,
        reason: r.reason,
      })),
    ].sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime()),
    policy: { requireApproval: app.requireApproval, autoApplyFromTier: app.autoApplyFromTier, cooldownMinutes: app.cooldownMinutes, restoreMarginPercent: app.restoreMarginPercent },
    services: services.map((s) => s.name),
    cells: cells.map((c) => c.name),
    metrics,
  };
}

function withOverlaps<P extends { id: number; featureId: number; cell: string | null; action: string; details: unknown }>(proposals: P[]): (P & { overlap: Overlap })[] {
  const overlaps = proposalOverlaps(proposals.map((p) => ({ id: p.id, featureId: p.featureId, cell: p.cell, action: p.action, savingMicroUsd: Number((p.details as { savingMicroUsd?: number } | null)?.savingMicroUsd ?? 0) })));
  return proposals.map((p) => ({ ...p, overlap: overlaps.get(p.id)! }));
}
