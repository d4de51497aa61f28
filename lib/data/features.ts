// Declaring features, their tiers and services, cost limits, and an application's
// switch policy. Owners of the application and admins do this; everything is audited.
import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db, Prisma } from "../db/client";
import { assertNothingWaiting, isProtected, requestChange } from "./change-requests";
import { LIMIT_KINDS } from "../domain/limits";
import { FLAG_KEY } from "../domain/switches";
import { ConflictError, NotFoundError, UnprocessableError } from "../errors";

export const featureInputSchema = z.object({
  name: z.string().trim().min(1, "A name is needed.").max(80),
  key: z.string().trim().regex(FLAG_KEY, "Use lower-case letters, digits, '.', '_' and '-', e.g. recommendations.enabled."),
  description: z.string().trim().max(300).optional().transform((d) => d || null),
  tier: z.coerce.number().int().min(1, "Tier 1 is the most important.").max(9, "Tiers go up to 9."),
  defaultState: z.enum(["on", "off"]),
  services: z.array(z.string().min(1)).default([]),
  revenueSharePercent: z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().min(0).max(100, "A share of revenue goes up to 100 %.").nullable()),
});
export type FeatureInput = z.infer<typeof featureInputSchema>;

const usd = z.coerce.number().min(0, "A limit cannot be negative.").max(1e9);
export const limitInputSchema = z
  .object({
    featureId: z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().nullable()),
    kind: z.enum(LIMIT_KINDS),
    metricId: z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().nullable()),
    warningUsd: usd,
    breachUsd: usd,
  })
  .superRefine((l, ctx) => {
    if (l.warningUsd > l.breachUsd) ctx.addIssue({ code: "custom", path: ["warningUsd"], message: "The warning level must not be above the breach level." });
    if (l.kind === "cost_per_unit" && l.metricId === null) ctx.addIssue({ code: "custom", path: ["metricId"], message: "Pick the business metric to divide by." });
  });
export type LimitInput = z.infer<typeof limitInputSchema>;

export const policyInputSchema = z.object({
  requireApproval: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
  autoApplyFromTier: z.preprocess((v) => (v === "" || v == null || v === "off" ? null : v), z.coerce.number().int().min(2, "Tier 1 is never switched automatically.").max(9).nullable()),
  cooldownMinutes: z.coerce.number().int().min(5, "At least 5 minutes, or switches may flap.").max(7 * 24 * 60),
  restoreMarginPercent: z.coerce.number().int().min(0).max(90),
});
export type PolicyInput = z.infer<typeof policyInputSchema>;

async function serviceIds(db: Db, applicationId: number, names: string[]): Promise<number[]> {
  const services = await db.service.findMany({ where: { applicationId, name: { in: names } }, select: { id: true, name: true } });
  const missing = names.filter((n) => !services.some((s) => s.name === n));
  if (missing.length) throw new UnprocessableError(`No service ${missing.join(", ")} in this application.`);
  return services.map((s) => s.id);
}

type Tx = Prisma.TransactionClient;

/** Writes a feature as asked (create or update) and audits it: the one write both a direct save and an approved request make. */
export async function writeFeature(tx: Tx, applicationId: number, featureId: number | null, input: FeatureInput, serviceIdList: number[], actor: AuditActor, approvedRequestId?: number) {
  const clash = await tx.feature.findUnique({ where: { applicationId_key: { applicationId, key: input.key } } });
  if (clash && clash.id !== featureId) throw new ConflictError(`The key '${input.key}' is taken by ${clash.name}.`);
  const data = { name: input.name, key: input.key, description: input.description, tier: input.tier, defaultState: input.defaultState, revenueSharePercent: input.revenueSharePercent };
  const before = featureId === null ? null : await tx.feature.findFirst({ where: { id: featureId, applicationId }, include: { services: { include: { service: true } } } });
  if (featureId !== null && !before) throw new NotFoundError("That feature no longer exists.");
  const feature = featureId === null ? await tx.feature.create({ data: { applicationId, ...data } }) : await tx.feature.update({ where: { id: featureId }, data });
  await tx.featureService.deleteMany({ where: { featureId: feature.id } });
  if (serviceIdList.length) await tx.featureService.createMany({ data: serviceIdList.map((serviceId) => ({ featureId: feature.id, serviceId })) });
  await recordAudit(tx, {
    actor,
    action: featureId === null ? "feature.created" : "feature.changed",
    object: { type: "feature", id: feature.id, label: feature.key },
    applicationId,
    before: before ? { name: before.name, key: before.key, tier: before.tier, defaultState: before.defaultState, services: before.services.map((s) => s.service.name) } : undefined,
    after: { ...data, services: input.services, ...(approvedRequestId ? { approvedRequestId } : {}) },
  });
  return feature;
}

export type Saved<T> = { status: "applied"; value: T } | { status: "pending"; requestId: number; summary: string };

/**
 * Saves a feature. With four eyes on, a change of tier (any feature), or of the key
 * of a tier 1 or 2 feature (services asking for the old key would fall back to
 * their default), waits for a second owner instead.
 */
export async function saveFeature(db: Db, applicationId: number, featureId: number | null, input: FeatureInput, actor: AuditActor, reason = ""): Promise<Saved<{ name: string; key: string }>> {
  const ids = await serviceIds(db, applicationId, input.services);
  return db.$transaction(async (tx) => {
    if (featureId !== null) {
      const app = await tx.application.findUniqueOrThrow({ where: { id: applicationId } });
      const before = await tx.feature.findFirst({ where: { id: featureId, applicationId } });
      if (!before) throw new NotFoundError("That feature no longer exists.");
      await assertNothingWaiting(tx, { featureId });
      const changes = [before.tier !== input.tier ? `tier ${before.tier} → ${input.tier}` : null, isProtected(before.tier) && before.key !== input.key ? `key ${before.key} → ${input.key}` : null].filter((c): c is string => c !== null);
      if (app.requireApproval && changes.length) {
        const request = await requestChange(tx, { applicationId, featureId, kind: "feature.edit", payload: { input, before: { tier: before.tier, key: before.key } }, summary: `${before.name}: ${changes.join(", ")}`, reason, actor });
        return { status: "pending", requestId: request.id, summary: request.summary };
      }
    }
    const feature = await writeFeature(tx, applicationId, featureId, input, ids, actor);
    return { status: "applied", value: { name: feature.name, key: feature.key } };
  });
}

/** Deletes a feature and audits it: the one write both a direct delete and an approved request make. */
export async function removeFeature(tx: Tx, applicationId: number, featureId: number, actor: AuditActor, approvedRequestId?: number) {
  const feature = await tx.feature.findFirst({ where: { id: featureId, applicationId } });
  if (!feature) throw new NotFoundError("That feature no longer exists.");
  await tx.feature.delete({ where: { id: featureId } });
  await recordAudit(tx, { actor, action: "feature.deleted", object: { type: "feature", id: featureId, label: feature.key }, applicationId, before: { name: feature.name, tier: feature.tier, state: feature.state }, ...(approvedRequestId ? { after: { approvedRequestId } } : {}) });
  return feature;
}

/** Deletes a feature; with four eyes on, deleting a tier 1 or 2 feature (its services fall back to their default) waits for a second owner. */
export async function deleteFeature(db: Db, applicationId: number, featureId: number, actor: AuditActor, reason = ""): Promise<Saved<{ name: string; key: string }>> {
  return db.$transaction(async (tx) => {
    const app = await tx.application.findUniqueOrThrow({ where: { id: applicationId } });
    const feature = await tx.feature.findFirst({ where: { id: featureId, applicationId } });
    if (!feature) throw new NotFoundError("That feature no longer exists.");
    await assertNothingWaiting(tx, { featureId });
    if (app.requireApproval && isProtected(feature.tier)) {
      const request = await requestChange(tx, { applicationId, featureId, kind: "feature.delete", payload: { before: { tier: feature.tier, key: feature.key } }, summary: `delete ${feature.name} (tier ${feature.tier})`, reason, actor });
      return { status: "pending", requestId: request.id, summary: request.summary };
    }
    const removed = await removeFeature(tx, applicationId, featureId, actor);
    return { status: "applied", value: { name: removed.name, key: removed.key } };
  });
}

export async function saveLimit(db: Db, applicationId: number, limitId: number | null, input: LimitInput, actor: AuditActor) {
  return db.$transaction(async (tx) => {
    if (input.featureId !== null && !(await tx.feature.findFirst({ where: { id: input.featureId, applicationId } }))) throw new UnprocessableError("That feature is not in this application.");
    if (input.metricId !== null && !(await tx.businessMetric.findFirst({ where: { id: input.metricId, applicationId } }))) throw new UnprocessableError("That metric is not in this application.");
    const data = {
      featureId: input.featureId,
      kind: input.kind,
      metricId: input.kind === "cost_per_unit" ? input.metricId : null,
      warningMicroUsd: BigInt(Math.round(input.warningUsd * 1e6)),
      breachMicroUsd: BigInt(Math.round(input.breachUsd * 1e6)),
    };
    const before = limitId === null ? null : await tx.costLimit.findFirst({ where: { id: limitId, applicationId } });
    if (limitId !== null && !before) throw new NotFoundError("That limit no longer exists.");
    const limit = limitId === null ? await tx.costLimit.create({ data: { applicationId, ...data } }) : await tx.costLimit.update({ where: { id: limitId }, data });
    const show = (l: { kind: string; featureId: number | null; warningMicroUsd: bigint; breachMicroUsd: bigint }) => ({ kind: l.kind, featureId: l.featureId, warningUsd: Number(l.warningMicroUsd) / 1e6, breachUsd: Number(l.breachMicroUsd) / 1e6 });
    await recordAudit(tx, { actor, action: limitId === null ? "limit.created" : "limit.changed", object: { type: "limit", id: limit.id, label: limit.kind }, applicationId, before: before ? show(before) : undefined, after: show(limit) });
    return limit;
  });
}

export async function deleteLimit(db: Db, applicationId: number, limitId: number, actor: AuditActor) {
  return db.$transaction(async (tx) => {
    const limit = await tx.costLimit.findFirst({ where: { id: limitId, applicationId } });
    if (!limit) throw new NotFoundError("That limit no longer exists.");
    await tx.proposal.updateMany({ where: { limitId, status: "open" }, data: { status: "expired", decidedAt: new Date() } });
    await tx.costLimit.delete({ where: { id: limitId } });
    await recordAudit(tx, { actor, action: "limit.deleted", object: { type: "limit", id: limitId, label: limit.kind }, applicationId, before: { kind: limit.kind, breachUsd: Number(limit.breachMicroUsd) / 1e6 } });
  });
}

const policyOf = (a: { requireApproval: boolean; autoApplyFromTier: number | null; cooldownMinutes: number; restoreMarginPercent: number }) => ({
  requireApproval: a.requireApproval,
  autoApplyFromTier: a.autoApplyFromTier,
  cooldownMinutes: a.cooldownMinutes,
  restoreMarginPercent: a.restoreMarginPercent,
});

/** Writes the switch policy and audits it: the one write both a direct save and an approved request make. */
export async function writePolicy(tx: Tx, applicationId: number, input: PolicyInput, actor: AuditActor, approvedRequestId?: number) {
  const before = await tx.application.findUniqueOrThrow({ where: { id: applicationId } });
  const after = await tx.application.update({ where: { id: applicationId }, data: policyOf(input) });
  await recordAudit(tx, { actor, action: "application.switch_policy_changed", object: { type: "application", id: applicationId, label: after.name }, applicationId, before: policyOf(before), after: { ...policyOf(after), ...(approvedRequestId ? { approvedRequestId } : {}) } });
  return after;
}

/** Saves the switch policy; turning four eyes off, while it is on, waits for a second owner. */
export async function savePolicy(db: Db, applicationId: number, input: PolicyInput, actor: AuditActor, reason = ""): Promise<Saved<{ name: string }>> {
  return db.$transaction(async (tx) => {
    const before = await tx.application.findUniqueOrThrow({ where: { id: applicationId } });
    await assertNothingWaiting(tx, { applicationId, kind: "policy" });
    if (before.requireApproval && !input.requireApproval) {
      const request = await requestChange(tx, { applicationId, featureId: null, kind: "policy", payload: { input }, summary: "turn four eyes off", reason, actor });
      return { status: "pending", requestId: request.id, summary: request.summary };
    }
    const after = await writePolicy(tx, applicationId, input, actor);
    return { status: "applied", value: { name: after.name } };
  });
}
