// Changing a kill switch: what it will do (shown to the person before they
// confirm, and kept in the audit log), four eyes where the application asks for
// it, proposals applied or dismissed. The OFREP snapshot hears of every change.
import type { AuditActor } from "../audit/record";
import { recordAudit } from "../audit/record";
import type { Db, Prisma } from "../db/client";
import { currentUsage, type Usage } from "../domain/proposals";
import { cellPosition, describePosition, parseCellPositions, samePosition, servedFraction, type SwitchPosition } from "../domain/switches";
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from "../errors";
import { signalOfrepChange } from "../ofrep/signal";
import { assertNothingWaiting, isProtected } from "./change-requests";
import { limitContext, positionOf } from "./limit-inputs";
import { overloadSummary, type OverloadSummary } from "./overload-summary";

export interface SwitchImpact {
  feature: { id: number; key: string; name: string; tier: number };
  /** The one cell the change is for; null: everywhere. */
  cell: string | null;
  from: SwitchPosition;
  to: SwitchPosition;
  /** The last complete day the figures are for. */
  day: string | null;
  costMicroUsdPerDay: number;
  requestsPerDay: number;
  costPerMillionMicroUsd: number | null;
  savingMicroUsd: number;
  requestsAtRisk: number;
  revenueAtRiskMicroUsd: number | null;
  /** The feature's cost and requests at full traffic: what a later restore brings back. */
  fullUsage: Usage | null;
  overload: OverloadSummary;
}

type Actor = AuditActor & { kind: "user" | "system" };

async function cellCount(db: Db, applicationId: number): Promise<number> {
  // GROUP BY in the database (Prisma's `distinct` fetches every row and dedupes in memory).
  const cells = await db.resource.groupBy({ by: ["cellId"], where: { service: { applicationId }, cellId: { not: null }, goneSince: null } });
  return cells.length;
}

/** Where a feature stands, everywhere or (with a cell) in that cell. */
export function currentPosition(feature: { state: string; throttlePercent: number | null; cellStates: unknown }, cell: string | null): SwitchPosition {
  const global = positionOf(feature);
  return (cell && cellPosition(parseCellPositions(feature.cellStates), cell)) || global;
}

/**
 * What moving a switch does: the figures are the feature's daily averages over the
 * last complete week. For one cell, the share of the feature's traffic that cell
 * serves is not known per feature, so the whole-feature figures are divided by the
 * number of cells the application runs in.
 */
export async function switchImpact(db: Db, featureId: number, to: SwitchPosition, cell: string | null = null): Promise<SwitchImpact> {
  const feature = await db.feature.findUnique({ where: { id: featureId }, include: { services: { include: { service: { select: { name: true } } } } } });
  if (!feature) throw new NotFoundError("That feature no longer exists.");
  const from = currentPosition(feature, cell);
  const context = await limitContext(db, feature.applicationId);
  const cellShare = cell ? 1 / Math.max(1, await cellCount(db, feature.applicationId)) : 1;
  // At full traffic (corrected for switch changes the cost data has not caught up with), then at the current position.
  const fullWhole = context ? (currentUsage(context.input).full.get(feature.id) ?? null) : null;
  const full = fullWhole && { costMicroUsd: fullWhole.costMicroUsd * cellShare, requests: fullWhole.requests * cellShare };
  const s0 = servedFraction(from);
  const s1 = servedFraction(to);
  const usage = full ? { costMicroUsd: full.costMicroUsd * s0, requests: full.requests * s0 } : { costMicroUsd: 0, requests: 0 };
  const savingShare = full ? s0 - s1 : 0;
  const app = context?.input.application;
  const requestsAtRisk = Math.round((full?.requests ?? 0) * savingShare);
  return {
    feature: { id: feature.id, key: feature.key, name: feature.name, tier: feature.tier },
    cell,
    from,
    to,
    day: context?.day ?? null,
    costMicroUsdPerDay: Math.round(usage.costMicroUsd),
    requestsPerDay: Math.round(usage.requests),
    costPerMillionMicroUsd: full && full.requests > 0 ? Math.round((full.costMicroUsd * 1e6) / full.requests) : null,
    savingMicroUsd: Math.round((full?.costMicroUsd ?? 0) * savingShare),
    requestsAtRisk,
    revenueAtRiskMicroUsd:
      app?.revenueMicroUsd != null && feature.revenueSharePercent !== null ? Math.round(app.revenueMicroUsd * cellShare * (feature.revenueSharePercent / 100) * Math.max(0, s0 - s1)) : null,
    fullUsage: full && { costMicroUsd: Math.round(full.costMicroUsd), requests: Math.round(full.requests) },
    overload: await overloadSummary(db, feature.applicationId, feature.services.map((s) => s.service.name), cell),
  };
}

export interface ChangeRequest {
  featureId: number;
  to: SwitchPosition;
  reason: string;
  actor: Actor;
  source: "manual" | "proposal" | "automation";
  proposalId?: number | null;
  /** Only in this cell (OFREP context 'cell'); absent: everywhere. */
  cell?: string | null;
}

export function checkPosition(to: SwitchPosition): void {
  if (to.state === "throttled" && (to.throttlePercent === null || !Number.isInteger(to.throttlePercent) || to.throttlePercent < 1 || to.throttlePercent > 99)) {
    throw new UnprocessableError("A throttled feature serves between 1 and 99 % of its traffic.");
  }
}

/** Moves the switch everywhere, or in one cell (a cell back at the feature's own position loses its override). */
async function applyChange(tx: Prisma.TransactionClient, featureId: number, to: SwitchPosition, cell: string | null) {
  if (!cell) {
    await tx.feature.update({ where: { id: featureId }, data: { state: to.state, throttlePercent: to.throttlePercent, stateChangedAt: new Date() } });
    return;
  }
  const feature = await tx.feature.findUniqueOrThrow({ where: { id: featureId } });
  const cells = parseCellPositions(feature.cellStates);
  if (servedFraction(to) >= servedFraction(positionOf(feature))) delete cells[cell];
  else cells[cell] = to;
  await tx.feature.update({ where: { id: featureId }, data: { cellStates: cells as unknown as Prisma.InputJsonValue, stateChangedAt: new Date() } });
}

/**
 * Changes a switch, or, when the application wants a second owner and the change
 * makes a tier 1 or 2 feature serve less, records the request for approval.
 * Returns what happened.
 */
export async function changeSwitch(db: Db, request: ChangeRequest): Promise<{ status: "applied" | "pending"; changeId: number; impact: SwitchImpact }> {
  const reason = request.reason.trim();
  if (reason.length < 3) throw new UnprocessableError("Say why (at least a few words): it goes into the audit log.");
  checkPosition(request.to);
  const cell = request.cell || null;
  const impact = await switchImpact(db, request.featureId, request.to, cell);
  const result = await db.$transaction(async (tx) => {
    const feature = await tx.feature.findUniqueOrThrow({ where: { id: request.featureId }, include: { application: true } });
    const from = currentPosition(feature, cell);
    const where = cell ? ` in ${cell}` : "";
    if (samePosition(from, request.to)) throw new ConflictError(`${feature.name} is already ${describePosition(from)}${where}.`);
    if (cell && servedFraction(request.to) > servedFraction(positionOf(feature))) {
      throw new UnprocessableError(`${feature.name} is ${describePosition(positionOf(feature))} everywhere; a cell can only serve less than that. Change it everywhere instead.`);
    }
    // Four eyes: anything that makes a tier 1 or 2 feature serve less (off, any throttle, in one cell or
    // everywhere) waits for a second owner; and while anything about the feature waits, nothing else moves it.
    await assertNothingWaiting(tx, { featureId: feature.id });
    const needsApproval = feature.application.requireApproval && isProtected(feature.tier) && servedFraction(request.to) < servedFraction(from);
    const status = needsApproval ? "pending" : "applied";
    const change = await tx.switchChange.create({
      data: {
        featureId: feature.id,
        fromState: from.state,
        fromPercent: from.throttlePercent,
        toState: request.to.state,
        toPercent: request.to.throttlePercent,
        cell,
        source: request.source,
        proposalId: request.proposalId ?? null,
        status,
        reason,
        snapshot: impact as unknown as Prisma.InputJsonValue,
        requestedById: request.actor.kind === "user" ? request.actor.userId : null,
        requestedBy: request.actor.kind === "user" ? request.actor.email : request.actor.label,
      },
    });
    if (status === "applied") await applyChange(tx, feature.id, request.to, cell);
    if (request.proposalId) {
      const decidedBy = request.actor.kind === "user" ? request.actor.email : request.actor.label;
      await tx.proposal.update({ where: { id: request.proposalId }, data: { status: status === "applied" ? "applied" : "awaiting_approval", decidedAt: new Date(), decidedBy } });
    }
    await recordAudit(tx, {
      actor: request.actor,
      action: status === "applied" ? "switch.changed" : "switch.approval_requested",
      object: { type: "feature", id: feature.id, label: feature.key },
      applicationId: feature.applicationId,
      before: { state: from.state, throttlePercent: from.throttlePercent, cell },
      after: { state: request.to.state, throttlePercent: request.to.throttlePercent, cell, source: request.source, proposalId: request.proposalId ?? null, snapshot: impact as unknown as Prisma.InputJsonValue },
      reason,
    });
    return { status, changeId: change.id } as const;
  });
  if (result.status === "applied") signalOfrepChange();
  return { ...result, impact };
}

/** A second owner approves a waiting change; the person who asked cannot. */
export async function decideSwitchChange(db: Db, changeId: number, decision: "approve" | "reject", approver: Extract<AuditActor, { kind: "user" }>, note?: string) {
  const outcome = await db.$transaction(async (tx) => {
    const change = await tx.switchChange.findUnique({ where: { id: changeId }, include: { feature: true } });
    if (!change || change.status !== "pending") throw new NotFoundError("That request is no longer waiting.");
    if (change.requestedById === approver.userId && decision === "approve") throw new ForbiddenError("You asked for this change: another owner must approve it.");
    const now = currentPosition(change.feature, change.cell);
    if (decision === "approve" && (now.state !== change.fromState || (now.throttlePercent ?? null) !== (change.fromPercent ?? null))) {
      throw new ConflictError(`${change.feature.name} changed since this was asked; ask again.`);
    }
    await tx.switchChange.update({ where: { id: changeId }, data: { status: decision === "approve" ? "applied" : "rejected", approvedById: approver.userId, approvedBy: approver.email, decidedAt: new Date() } });
    const to = { state: change.toState, throttlePercent: change.toPercent } as SwitchPosition;
    if (decision === "approve") await applyChange(tx, change.featureId, to, change.cell);
    if (change.proposalId) await tx.proposal.update({ where: { id: change.proposalId }, data: { status: decision === "approve" ? "applied" : "dismissed", decidedAt: new Date(), decidedBy: approver.email } });
    await recordAudit(tx, {
      actor: approver,
      action: decision === "approve" ? "switch.approved" : "switch.rejected",
      object: { type: "feature", id: change.featureId, label: change.feature.key },
      applicationId: change.feature.applicationId,
      before: { state: change.fromState, throttlePercent: change.fromPercent },
      after: { state: change.toState, throttlePercent: change.toPercent, requestedBy: change.requestedBy },
      reason: note?.trim() || change.reason,
    });
    return { feature: change.feature.name, decision };
  });
  if (outcome.decision === "approve") signalOfrepChange();
  return outcome;
}

/**
 * A dismissed proposal is not made again for this long, and until then it can be undone:
 * a day for a cost limit (evaluated once a day), two hours for overload (it moves faster).
 */
export const DISMISSAL_MEMORY_MS = { cost: 24 * 3600_000, load: 2 * 3600_000 } as const;

/** Until when a dismissal holds. */
export const dismissedUntil = (p: { kind: string; decidedAt: Date }) => new Date(p.decidedAt.getTime() + (p.kind === "load" ? DISMISSAL_MEMORY_MS.load : DISMISSAL_MEMORY_MS.cost));

/**
 * Undoes a dismissal: the proposal is open again, as it was (the next evaluation
 * updates its figures or retires it like any open proposal).
 */
export async function reopenProposal(db: Db, proposalId: number, actor: Actor, now = new Date()) {
  return db.$transaction(async (tx) => {
    const proposal = await tx.proposal.findUnique({ where: { id: proposalId }, include: { feature: true } });
    if (!proposal || proposal.status !== "dismissed") throw new NotFoundError("That proposal is not dismissed.");
    if (!proposal.decidedAt || now >= dismissedUntil({ kind: proposal.kind, decidedAt: proposal.decidedAt })) throw new ConflictError("That dismissal has run out: the next evaluation proposes again if it is still needed.");
    const fresher = await tx.proposal.findFirst({ where: { featureId: proposal.featureId, cell: proposal.cell, status: "open" } });
    if (fresher) throw new ConflictError("There is an open proposal for that switch already; act on it instead.");
    await tx.proposal.update({ where: { id: proposalId }, data: { status: "open", decidedAt: null, decidedBy: null, decisionReason: null } });
    await recordAudit(tx, {
      actor,
      action: "proposal.reopened",
      object: { type: "proposal", id: proposalId, label: proposal.feature.key },
      applicationId: proposal.applicationId,
      before: { status: "dismissed", dismissedBy: proposal.decidedBy, reason: proposal.decisionReason },
      after: { status: "open" },
    });
    return { feature: proposal.feature.name };
  });
}

/** Applies a proposal (through the same path as a person's change) or dismisses it. */
export async function decideProposal(db: Db, proposalId: number, decision: "apply" | "dismiss", actor: Actor, reason: string) {
  const proposal = await db.proposal.findUnique({ where: { id: proposalId }, include: { feature: true } });
  if (!proposal || proposal.status !== "open") throw new NotFoundError("That proposal is no longer open.");
  if (decision === "dismiss") {
    await db.$transaction(async (tx) => {
      await tx.proposal.update({ where: { id: proposalId }, data: { status: "dismissed", decidedAt: new Date(), decidedBy: actor.kind === "user" ? actor.email : actor.label, decisionReason: reason.trim() || null } });
      await recordAudit(tx, { actor, action: "proposal.dismissed", object: { type: "proposal", id: proposalId, label: proposal.feature.key }, applicationId: proposal.applicationId, after: { details: proposal.details as Prisma.InputJsonValue }, reason: reason.trim() || null });
    });
    return { status: "dismissed" as const, feature: proposal.feature.name, until: dismissedUntil({ kind: proposal.kind, decidedAt: new Date() }) };
  }
  const to = { state: proposal.toState, throttlePercent: proposal.throttlePercent } as SwitchPosition;
  const result = await changeSwitch(db, { featureId: proposal.featureId, to, reason, actor, source: actor.kind === "system" ? "automation" : "proposal", proposalId, cell: proposal.cell });
  return { status: result.status, feature: proposal.feature.name };
}
