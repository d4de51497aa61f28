// Four eyes: with it on, a change that could take a protected feature (tier 1 or 2)
// away from its users — serving less, a new tier, a new key, deletion — or that turns
// four eyes off, is recorded as a request and waits for a second owner. While any
// request on a feature waits, nothing else about that feature may change.
import { recordAudit, type AuditActor } from "../audit/record";
import type { Prisma } from "../db/client";
import { ConflictError } from "../errors";

type Tx = Prisma.TransactionClient;

/** Tiers that four eyes protects. */
export const PROTECTED_TIERS_UP_TO = 2;
export const isProtected = (tier: number) => tier <= PROTECTED_TIERS_UP_TO;

export type ChangeRequestKind = "feature.edit" | "feature.delete" | "policy";

export const actorLabel = (actor: AuditActor) => (actor.kind === "user" ? actor.email : actor.kind === "token" ? `token ${actor.name}` : actor.label);

export async function requestChange(
  tx: Tx,
  request: { applicationId: number; featureId: number | null; kind: ChangeRequestKind; payload: Prisma.InputJsonValue; summary: string; reason: string; actor: AuditActor },
) {
  const row = await tx.changeRequest.create({
    data: {
      applicationId: request.applicationId,
      featureId: request.featureId,
      kind: request.kind,
      payload: request.payload,
      summary: request.summary,
      reason: request.reason.trim(),
      requestedById: request.actor.kind === "user" ? request.actor.userId : null,
      requestedBy: actorLabel(request.actor),
    },
  });
  await recordAudit(tx, {
    actor: request.actor,
    action: "change.approval_requested",
    object: { type: request.featureId === null ? "application" : "feature", id: request.featureId ?? request.applicationId, label: request.summary },
    applicationId: request.applicationId,
    after: { kind: request.kind, summary: request.summary, requestId: row.id },
    reason: request.reason.trim() || null,
  });
  return row;
}

/**
 * Refuses (409) while a request waits on the feature (a switch change or any other
 * request), or, for the policy, while a policy request waits.
 */
export async function assertNothingWaiting(tx: Tx, scope: { featureId: number } | { applicationId: number; kind: "policy" }): Promise<void> {
  if ("featureId" in scope) {
    const [change, request] = await Promise.all([
      tx.switchChange.findFirst({ where: { featureId: scope.featureId, status: "pending" }, include: { feature: { select: { name: true } } } }),
      tx.changeRequest.findFirst({ where: { featureId: scope.featureId, status: "pending" } }),
    ]);
    const waiting = change ? `a switch change of ${change.feature.name} asked by ${change.requestedBy}` : request ? `"${request.summary}" asked by ${request.requestedBy}` : null;
    if (waiting) throw new ConflictError(`${waiting[0]?.toUpperCase()}${waiting.slice(1)} waits for a second owner; nothing else about this feature changes until it is approved, rejected or withdrawn.`);
    return;
  }
  const request = await tx.changeRequest.findFirst({ where: { applicationId: scope.applicationId, kind: "policy", status: "pending" } });
  if (request) throw new ConflictError(`"${request.summary}" asked by ${request.requestedBy} waits for a second owner; the policy stays as it is until then.`);
}
