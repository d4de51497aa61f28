// After a switch moves (a proposal applied, a change approved, a person's toggle), the
// other open proposals of its application are judged again at once, not at the next
// sync: cost proposals by the limits evaluator against the new positions, load
// proposals by what they would still change from where the switch now stands.
import type { Db, Prisma } from "../db/client";
import { switchImpact } from "../data/switches";
import { servedFraction, type SwitchPosition } from "../domain/switches";
import { evaluateLimits, LIMITS_LEASE_MS } from "./evaluate-limits";
import { leaseName, withLease } from "./lease";

export interface Reevaluation {
  /** Open proposals that no longer change anything: marked superseded. */
  superseded: number;
  /** Open proposals whose figures were worked out again. */
  updated: number;
}

export async function reevaluateProposals(db: Db, applicationId: number, now = new Date()): Promise<Reevaluation> {
  const result: Reevaluation = { superseded: 0, updated: 0 };
  const cost = await withLease(db, leaseName({ kind: "limits", applicationId }), LIMITS_LEASE_MS, () => evaluateLimits(db, applicationId, now));
  if (cost.acquired) result.superseded += cost.value.expired;

  for (const p of await db.proposal.findMany({ where: { applicationId, kind: "load", status: "open" } })) {
    const to = { state: p.toState, throttlePercent: p.throttlePercent } as SwitchPosition;
    const impact = await switchImpact(db, p.featureId, to, p.cell);
    const still = p.action === "throttle" ? servedFraction(impact.from) > servedFraction(to) : servedFraction(impact.from) < servedFraction(to);
    if (!still) {
      await db.proposal.update({ where: { id: p.id }, data: { status: "superseded", decidedAt: now } });
      result.superseded++;
      continue;
    }
    const details = { ...(p.details as Record<string, unknown>), savingMicroUsd: impact.savingMicroUsd, requestsAtRisk: impact.requestsAtRisk, revenueAtRiskMicroUsd: impact.revenueAtRiskMicroUsd };
    await db.proposal.update({ where: { id: p.id }, data: { details: details as Prisma.InputJsonValue } });
    result.updated++;
  }
  return result;
}

/** After a switch moved: the move stands whatever happens here, so a failure is logged, not thrown. */
export async function reevaluateAfterSwitch(db: Db, applicationId: number): Promise<void> {
  try {
    await reevaluateProposals(db, applicationId);
  } catch (error) {
    console.error("[frugal] re-evaluating proposals after a switch change failed:", error instanceof Error ? error.message : error);
  }
}
