"use server";

import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import type { Db } from "@/lib/db/client";
import { deleteFeature, deleteLimit, featureInputSchema, limitInputSchema, policyInputSchema, saveFeature, saveLimit, savePolicy } from "@/lib/data/features";
import { decideChangeRequest } from "@/lib/data/decide-change-request";
import { formatUntil } from "@/components/format";
import { changeSwitch, decideProposal, decideSwitchChange, reopenProposal, switchImpact } from "@/lib/data/switches";
import { reevaluateAfterSwitch } from "@/lib/jobs/reevaluate-proposals";
import { CELL_NAME, type SwitchPosition } from "@/lib/domain/switches";

const id = z.coerce.number().int().positive();
const optionalId = z.preprocess((v) => (v === "" || v == null ? null : v), id.nullable());

const pages = (slug: string) => [`/applications/${slug}/tiers`, "/limits", "/"];

const application = {
  fields: z.object({ applicationId: id }),
  resolve: async ({ key, db }: { key: { applicationId: number }; db: Db }) => {
    const app = await db.application.findUnique({ where: { id: key.applicationId } });
    return app && { target: { kind: "application" as const, applicationId: app.id, name: app.name }, object: app };
  },
};

const feature = {
  fields: z.object({ featureId: id }),
  resolve: async ({ key, db }: { key: { featureId: number }; db: Db }) => {
    const row = await db.feature.findUnique({ where: { id: key.featureId }, include: { application: true } });
    return row && { target: { kind: "application" as const, applicationId: row.applicationId, name: row.application.name }, object: row };
  },
};

const limit = {
  fields: z.object({ limitId: id }),
  resolve: async ({ key, db }: { key: { limitId: number }; db: Db }) => {
    const row = await db.costLimit.findUnique({ where: { id: key.limitId }, include: { application: true } });
    return row && { target: { kind: "application" as const, applicationId: row.applicationId, name: row.application.name }, object: row };
  },
};

const change = {
  fields: z.object({ changeId: id }),
  resolve: async ({ key, db }: { key: { changeId: number }; db: Db }) => {
    const row = await db.switchChange.findUnique({ where: { id: key.changeId }, include: { feature: { include: { application: true } } } });
    return row && { target: { kind: "application" as const, applicationId: row.feature.applicationId, name: row.feature.application.name }, object: row };
  },
};

const proposal = {
  fields: z.object({ proposalId: id }),
  resolve: async ({ key, db }: { key: { proposalId: number }; db: Db }) => {
    const row = await db.proposal.findUnique({ where: { id: key.proposalId }, include: { application: true, feature: true } });
    return row && { target: { kind: "application" as const, applicationId: row.applicationId, name: row.application.name }, object: row };
  },
};

/** A switch position from the form: state, and the share served when throttled. */
const position = z
  .object({
    state: z.enum(["on", "throttled", "off"], { message: "Pick on, throttled or off." }),
    throttlePercent: z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().nullable()),
    cell: z.preprocess((v) => (v === "" || v == null ? null : v), z.string().regex(CELL_NAME, "That is not a cell name.").nullable()),
  })
  .superRefine((p, ctx) => {
    if (p.state === "throttled" && (p.throttlePercent === null || p.throttlePercent < 1 || p.throttlePercent > 99)) {
      ctx.addIssue({ code: "custom", path: ["throttlePercent"], message: "Serve between 1 and 99 % of traffic." });
    }
  })
  .transform((p) => ({ to: { state: p.state, throttlePercent: p.state === "throttled" ? p.throttlePercent : null } as SwitchPosition, cell: p.cell }));

const reason = z.string().trim().min(3, "Say why: it goes into the audit log.").max(500);

const optionalReason = z.string().trim().max(500).default("");
const waiting = (summary: string) => `Asked for a second owner's approval (${summary}): nothing changes until then.`;

export const saveFeatureAction = serverAction({
  permission: "feature:edit",
  target: application,
  input: featureInputSchema.extend({ featureId: optionalId, reason: optionalReason }),
  handler: async ({ input, object, principal, db }) => saveFeature(db, object.id, input.featureId, input, principal, input.reason),
  revalidate: ({ object }) => pages(object.slug),
  message: (r) => (r.status === "pending" ? waiting(r.summary) : `Saved ${r.value.name} (${r.value.key}).`),
});

export const deleteFeatureAction = serverAction({
  permission: "feature:edit",
  target: feature,
  input: z.object({ reason: optionalReason }),
  handler: async ({ input, object, principal, db }) => deleteFeature(db, object.applicationId, object.id, principal, input.reason),
  revalidate: ({ object }) => pages(object.application.slug),
  message: (r) => (r.status === "pending" ? waiting(r.summary) : `Deleted ${r.value.name}. Services asking for ${r.value.key} now get FLAG_NOT_FOUND and fall back to their default.`),
});

export const saveLimitAction = serverAction({
  permission: "limit:edit",
  target: application,
  input: limitInputSchema.and(z.object({ limitId: optionalId })),
  handler: async ({ input, object, principal, db }) => saveLimit(db, object.id, input.limitId, input, principal),
  revalidate: ({ object }) => pages(object.slug),
  message: () => "Saved the limit. It is checked after every sync.",
});

export const deleteLimitAction = serverAction({
  permission: "limit:edit",
  target: limit,
  input: z.object({}),
  handler: async ({ object, principal, db }) => deleteLimit(db, object.applicationId, object.id, principal),
  revalidate: ({ object }) => pages(object.application.slug),
  message: () => "Deleted the limit and closed its proposals.",
});

export const savePolicyAction = serverAction({
  permission: "limit:edit",
  target: application,
  input: policyInputSchema.and(z.object({ reason: optionalReason })),
  handler: async ({ input, object, principal, db }) => savePolicy(db, object.id, input, principal, input.reason),
  revalidate: ({ object }) => pages(object.slug),
  message: (r) => (r.status === "pending" ? waiting(r.summary) : "Saved the switch policy."),
});

const request = {
  fields: z.object({ requestId: id }),
  resolve: async ({ key, db }: { key: { requestId: number }; db: Db }) => {
    const row = await db.changeRequest.findUnique({ where: { id: key.requestId }, include: { application: true } });
    return row && { target: { kind: "application" as const, applicationId: row.applicationId, name: row.application.name }, object: row };
  },
};

export const decideRequestAction = serverAction({
  permission: "switch:toggle",
  target: request,
  input: z.object({ decision: z.enum(["approve", "reject"]), note: z.string().trim().max(500).optional() }),
  handler: async ({ input, object, principal, db }) => decideChangeRequest(db, object.id, input.decision, principal, input.note),
  revalidate: ({ object }) => pages(object.application.slug),
  message: (r) => (r.status === "applied" ? `Approved: ${r.summary}.` : r.status === "withdrawn" ? `Withdrawn: ${r.summary}.` : `Rejected: ${r.summary}.`),
});

/** What a change would do, for the confirmation the owner reads before confirming. Changes nothing. */
export const previewSwitchAction = serverAction({
  permission: "switch:toggle",
  target: feature,
  input: position,
  handler: async ({ input, object, db }) => switchImpact(db, object.id, input.to, input.cell),
});

export const changeSwitchAction = serverAction({
  permission: "switch:toggle",
  target: feature,
  input: z.intersection(position, z.object({ reason })),
  handler: async ({ input, object, principal, db }) => {
    const result = await changeSwitch(db, { featureId: object.id, to: input.to, cell: input.cell, reason: input.reason, actor: principal, source: "manual" });
    if (result.status === "applied") await reevaluateAfterSwitch(db, object.applicationId);
    return { ...result, name: object.name };
  },
  revalidate: ({ object }) => pages(object.application.slug),
  message: (r) => (r.status === "applied" ? `${r.name} changed. Services see it within seconds.` : `Asked for a second owner's approval: ${r.name} stays as it is until then.`),
});

export const decideChangeAction = serverAction({
  permission: "switch:toggle",
  target: change,
  input: z.object({ decision: z.enum(["approve", "reject"]), note: z.string().trim().max(500).optional() }),
  handler: async ({ input, object, principal, db }) => {
    const result = await decideSwitchChange(db, object.id, input.decision, principal, input.note);
    if (result.decision === "approve") await reevaluateAfterSwitch(db, object.feature.applicationId);
    return result;
  },
  revalidate: ({ object }) => pages(object.feature.application.slug),
  message: (r) => (r.decision === "approve" ? `Approved: ${r.feature} changed.` : `Rejected: ${r.feature} stays as it is.`),
});

export const decideProposalAction = serverAction({
  permission: "proposal:decide",
  target: proposal,
  input: z.object({ decision: z.enum(["apply", "dismiss"]), reason: z.string().trim().max(500).default("") }).superRefine((d, ctx) => {
    // Dismissing hides a breached limit's advice for a while: it needs a reason as much as applying does.
    if (d.reason.length < 3) ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why: it goes into the audit log." });
  }),
  handler: async ({ input, object, principal, db }) => {
    const result = await decideProposal(db, object.id, input.decision, principal, input.reason);
    // The others are judged again against the new position now, not at the next sync.
    if (result.status === "applied") await reevaluateAfterSwitch(db, object.applicationId);
    return result;
  },
  revalidate: ({ object }) => pages(object.application.slug),
  message: (r) =>
    r.status === "applied"
      ? `Applied: ${r.feature} changed. Services see it within seconds.`
      : r.status === "pending"
        ? `Waiting for a second owner to approve the change of ${r.feature}.`
        : `Dismissed. It is not proposed again until ${"until" in r && r.until ? formatUntil(r.until) : "later"}; it can be undone until then.`,
});

export const reopenProposalAction = serverAction({
  permission: "proposal:decide",
  target: proposal,
  input: z.object({}),
  handler: async ({ object, principal, db }) => reopenProposal(db, object.id, principal),
  revalidate: ({ object }) => pages(object.application.slug),
  message: (r) => `The proposal for ${r.feature} is open again.`,
});
