// Editing the ordered tag rules. Positions are unique across the account; a move
// swaps two positions inside one transaction.
import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { ANY_VALUE } from "../domain/tag-rules";
import { ConflictError, NotFoundError } from "../errors";

/** AWS tag keys: 1-128 characters of letters, digits, spaces and + - = . _ : / @ */
export const tagKeySchema = z
  .string()
  .trim()
  .min(1, "A tag key is needed.")
  .max(128, "Tag keys have at most 128 characters.")
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, "Tag keys may hold letters, digits, spaces and + - = . _ : / @");
export const tagValueSchema = z
  .string()
  .trim()
  .min(1, "A value is needed; use * for any value.")
  .max(256, "Tag values have at most 256 characters.");

export interface TagRuleView {
  id: number;
  position: number;
  key: string;
  value: string;
  application: { id: number; slug: string; name: string };
  resourceCount: number;
}

export async function listTagRules(db: Db, accountId: number): Promise<TagRuleView[]> {
  const [rules, counts] = await Promise.all([
    db.tagRule.findMany({ where: { accountId }, orderBy: { position: "asc" }, include: { application: { select: { id: true, slug: true, name: true } } } }),
    db.resource.groupBy({ by: ["applicationId"], where: { accountId, goneSince: null }, _count: { _all: true } }),
  ]);
  const perApp = new Map(counts.map((c) => [c.applicationId, c._count._all]));
  // A resource counts for the application it landed in; with several rules per application the count is shared.
  return rules.map((r) => ({ id: r.id, position: r.position, key: r.key, value: r.value, application: r.application, resourceCount: perApp.get(r.applicationId) ?? 0 }));
}

export async function addTagRule(db: Db, accountId: number, input: { applicationId: number; key: string; value: string }, actor: AuditActor): Promise<TagRuleView> {
  const app = await db.application.findFirst({ where: { id: input.applicationId, accountId } });
  if (!app) throw new NotFoundError("No such application.");
  const duplicate = await db.tagRule.findFirst({ where: { accountId, key: input.key, value: input.value } });
  if (duplicate) throw new ConflictError(`A rule ${input.key}=${input.value} exists already (#${duplicate.position}).`);
  const rule = await db.$transaction(async (tx) => {
    const last = await tx.tagRule.aggregate({ where: { accountId }, _max: { position: true } });
    const created = await tx.tagRule.create({ data: { accountId, applicationId: app.id, key: input.key, value: input.value, position: (last._max.position ?? 0) + 10 } });
    await recordAudit(tx, { actor, action: "tagRule.created", object: { type: "tagRule", id: created.id, label: `${created.key}=${created.value}` }, applicationId: app.id, after: { key: created.key, value: created.value, application: app.slug, position: created.position } });
    return created;
  });
  return { ...rule, application: { id: app.id, slug: app.slug, name: app.name }, resourceCount: 0 };
}

export async function deleteTagRule(db: Db, accountId: number, ruleId: number, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const rule = await tx.tagRule.findFirst({ where: { id: ruleId, accountId }, include: { application: true } });
    if (!rule) throw new NotFoundError("That rule no longer exists.");
    await tx.tagRule.delete({ where: { id: rule.id } });
    await recordAudit(tx, { actor, action: "tagRule.deleted", object: { type: "tagRule", id: rule.id, label: `${rule.key}=${rule.value}` }, applicationId: rule.applicationId, before: { key: rule.key, value: rule.value, application: rule.application.slug, position: rule.position } });
  });
}

/** Moves a rule one place earlier (up) or later (down) in the evaluation order. */
export async function moveTagRule(db: Db, accountId: number, ruleId: number, direction: "up" | "down", actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const rule = await tx.tagRule.findFirst({ where: { id: ruleId, accountId } });
    if (!rule) throw new NotFoundError("That rule no longer exists.");
    const neighbour = await tx.tagRule.findFirst({
      where: { accountId, position: direction === "up" ? { lt: rule.position } : { gt: rule.position } },
      orderBy: { position: direction === "up" ? "desc" : "asc" },
    });
    if (!neighbour) return;
    // Positions are unique: park one rule out of the way while swapping.
    await tx.tagRule.update({ where: { id: rule.id }, data: { position: -rule.id } });
    await tx.tagRule.update({ where: { id: neighbour.id }, data: { position: rule.position } });
    await tx.tagRule.update({ where: { id: rule.id }, data: { position: neighbour.position } });
    await recordAudit(tx, { actor, action: "tagRule.moved", object: { type: "tagRule", id: rule.id, label: `${rule.key}=${rule.value}` }, applicationId: rule.applicationId, before: { position: rule.position }, after: { position: neighbour.position } });
  });
}

export { ANY_VALUE };
