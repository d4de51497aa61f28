// After every sync: each application's limits against its last complete day.
// Open proposals are kept while they still hold, replaced when the advice
// changes, expired when the limit is back under; a proposal dismissed in the last
// day is not made again. Where the policy allows, proposals apply themselves.
import type { Db, Prisma } from "../db/client";
import { LIMIT_KIND_TEXT } from "../domain/limits";
import { evaluate, type SwitchPlan } from "../domain/proposals";
import { describePosition } from "../domain/switches";
import { limitContext, type LimitContext } from "../data/limit-inputs";
import { decideProposal, DISMISSAL_MEMORY_MS } from "../data/switches";
import { leaseName, withLease } from "./lease";

/** Limits of one application are evaluated by one holder at a time, under its lease: the sync's evaluation, or an owner's apply. */
export const LIMITS_LEASE_MS = 60_000;
const AUTOMATION = { kind: "system", label: "automation" } as const;

export interface LimitEvaluation {
  applicationId: number;
  created: number;
  applied: number;
  expired: number;
  breached: number;
}

function details(plan: SwitchPlan, context: LimitContext, statuses: ReturnType<typeof evaluate>["statuses"]): Prisma.InputJsonValue {
  const limits = plan.limitIds.map((id) => {
    const def = context.limits.find((l) => l.id === id);
    const status = statuses.find((s) => s.limitId === id);
    return {
      id,
      kind: def?.kind ?? "unknown",
      label: `${def?.featureName ?? "Application"}: ${def ? LIMIT_KIND_TEXT[def.kind] : "limit"}`,
      valueMicroUsd: status?.value ?? null,
      breachMicroUsd: def?.breachMicroUsd ?? null,
      overshootMicroUsd: status?.overshoot ?? 0,
      projectedMicroUsd: plan.projected.find((p) => p.limitId === id)?.value ?? null,
    };
  });
  return {
    day: context.day,
    limits,
    savingMicroUsd: plan.savingMicroUsd,
    requestsAtRisk: plan.requestsAtRisk,
    revenueAtRiskMicroUsd: plan.revenueAtRiskMicroUsd,
    autoApply: plan.autoApply,
    manualBecause: plan.manualBecause,
  } as Prisma.InputJsonValue;
}

function reasonFor(plan: SwitchPlan, context: LimitContext, statuses: ReturnType<typeof evaluate>["statuses"]): string {
  const feature = context.features.find((f) => f.id === plan.featureId);
  const limits = plan.limitIds
    .map((id) => {
      const def = context.limits.find((l) => l.id === id);
      const over = statuses.find((s) => s.limitId === id)?.overshoot ?? 0;
      return def ? `${def.featureName ?? "application"} ${LIMIT_KIND_TEXT[def.kind]}${over > 0 ? ` over by $${(over / 1e6).toFixed(2)}` : ""}` : `limit ${id}`;
    })
    .join("; ");
  return plan.action === "throttle"
    ? `Automatic: ${limits} on ${context.day}; ${feature?.name ?? "the feature"} ${describePosition(plan.to)}.`
    : `Automatic: back under the limit with margin (${limits}); ${feature?.name ?? "the feature"} restored.`;
}

export async function evaluateLimits(db: Db, applicationId: number, now = new Date()): Promise<LimitEvaluation> {
  const result: LimitEvaluation = { applicationId, created: 0, applied: 0, expired: 0, breached: 0 };
  const context = await limitContext(db, applicationId, now);
  if (!context) return result;
  const { statuses, plans } = evaluate(context.input);
  result.breached = statuses.filter((s) => s.level === "breach").length;

  const open = await db.proposal.findMany({ where: { applicationId, kind: "cost", status: "open" } });
  const dismissed = await db.proposal.findMany({ where: { applicationId, kind: "cost", status: "dismissed", decidedAt: { gt: new Date(now.getTime() - DISMISSAL_MEMORY_MS.cost) } } });
  const sameTarget = (p: { featureId: number; action: string; toState: string; throttlePercent: number | null }, plan: SwitchPlan) =>
    p.featureId === plan.featureId && p.action === plan.action && p.toState === plan.to.state && (p.throttlePercent ?? null) === plan.to.throttlePercent;

  const kept = new Set<number>();
  const toApply: number[] = [];
  for (const plan of plans) {
    const existing = open.find((p) => sameTarget(p, plan));
    if (existing) {
      kept.add(existing.id);
      await db.proposal.update({ where: { id: existing.id }, data: { details: details(plan, context, statuses), limitId: plan.limitIds[0] ?? null } });
      if (plan.autoApply) toApply.push(existing.id);
      continue;
    }
    if (dismissed.some((p) => sameTarget(p, plan))) continue;
    const created = await db.proposal.create({
      data: {
        applicationId,
        featureId: plan.featureId,
        limitId: plan.limitIds[0] ?? null,
        kind: "cost",
        action: plan.action,
        fromState: plan.from.state,
        toState: plan.to.state,
        throttlePercent: plan.to.throttlePercent,
        details: details(plan, context, statuses),
      },
    });
    result.created++;
    if (plan.autoApply) toApply.push(created.id);
  }
  for (const stale of open.filter((p) => !kept.has(p.id))) {
    await db.proposal.update({ where: { id: stale.id }, data: { status: plans.some((plan) => plan.featureId === stale.featureId) ? "superseded" : "expired", decidedAt: now } });
    result.expired++;
  }
  for (const id of toApply) {
    const proposal = await db.proposal.findUniqueOrThrow({ where: { id } });
    const plan = plans.find((p) => sameTarget(proposal, p)) as SwitchPlan;
    try {
      await decideProposal(db, id, "apply", AUTOMATION, reasonFor(plan, context, statuses));
      result.applied++;
    } catch (error) {
      // Left open for a person (a switch changed meanwhile, say); the rest still run.
      console.error(`[frugal] could not apply proposal ${id} automatically:`, error instanceof Error ? error.message : error);
    }
  }
  return result;
}

export async function evaluateAllLimits(db: Db, accountId: number, now = new Date()): Promise<LimitEvaluation[]> {
  const apps = await db.application.findMany({ where: { accountId }, select: { id: true } });
  const out: LimitEvaluation[] = [];
  for (const app of apps) {
    // One evaluator per application at a time: an owner's apply re-evaluates at once (reevaluate-proposals.ts).
    const run = await withLease(db, leaseName({ kind: "limits", applicationId: app.id }), LIMITS_LEASE_MS, () => evaluateLimits(db, app.id, now));
    if (run.acquired) out.push(run.value);
  }
  return out;
}
