// A second owner approves or rejects a waiting request (lib/data/change-requests.ts);
// the person who asked may withdraw it, never approve it. Approving applies exactly
// what was asked, through the same write as a direct change, if the object has not
// moved since.
import type { AuditActor } from "../audit/record";
import { recordAudit } from "../audit/record";
import type { Db } from "../db/client";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { featureInputSchema, policyInputSchema, removeFeature, writeFeature, writePolicy } from "./features";

type Decision = "approve" | "reject";

export async function decideChangeRequest(db: Db, requestId: number, decision: Decision, approver: Extract<AuditActor, { kind: "user" }>, note?: string) {
  return db.$transaction(async (tx) => {
    const request = await tx.changeRequest.findUnique({ where: { id: requestId } });
    if (!request || request.status !== "pending") throw new NotFoundError("That request is no longer waiting.");
    const own = request.requestedById === approver.userId;
    if (own && decision === "approve") throw new ForbiddenError("You asked for this change: another owner must approve it.");
    const payload = request.payload as { input?: unknown; before?: { tier: number; key: string } };
    if (decision === "approve") {
      if (request.kind === "policy") {
        await writePolicy(tx, request.applicationId, policyInputSchema.parse(payload.input), approver, request.id);
      } else {
        const feature = request.featureId === null ? null : await tx.feature.findUnique({ where: { id: request.featureId } });
        if (!feature) throw new NotFoundError("That feature no longer exists.");
        if (payload.before && (feature.tier !== payload.before.tier || feature.key !== payload.before.key)) throw new ConflictError(`${feature.name} changed since this was asked; ask again.`);
        if (request.kind === "feature.delete") await removeFeature(tx, request.applicationId, feature.id, approver, request.id);
        else {
          // Stored as parsed (a blank description became null): parse it again as the form would send it.
          const asked = payload.input as Record<string, unknown>;
          const input = featureInputSchema.parse({ ...asked, description: asked.description ?? "" });
          const services = await tx.service.findMany({ where: { applicationId: request.applicationId, name: { in: input.services } }, select: { id: true } });
          await writeFeature(tx, request.applicationId, feature.id, input, services.map((s) => s.id), approver, request.id);
        }
      }
    }
    const status = decision === "approve" ? "applied" : own ? "withdrawn" : "rejected";
    await tx.changeRequest.update({ where: { id: requestId }, data: { status, decidedBy: approver.email, decidedAt: new Date() } });
    await recordAudit(tx, {
      actor: approver,
      action: decision === "approve" ? "change.approved" : own ? "change.withdrawn" : "change.rejected",
      object: { type: request.featureId === null ? "application" : "feature", id: request.featureId ?? request.applicationId, label: request.summary },
      applicationId: request.applicationId,
      after: { requestId, kind: request.kind, summary: request.summary, requestedBy: request.requestedBy },
      reason: note?.trim() || request.reason || null,
    });
    return { summary: request.summary, status };
  });
}
