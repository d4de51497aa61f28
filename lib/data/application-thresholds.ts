// An application's own thresholds of one kind (overload signals, anomalies), kept as JSON on its
// row: checked as a form sends them, saved or reset to the defaults, and audited with both sides
// of what changed.
import { z } from "zod";
import { changedFields, recordAudit, type AuditActor } from "../audit/record";
import { Prisma, type Db } from "../db/client";
import { NotFoundError, UnprocessableError } from "../errors";

export interface ThresholdsKind<T> {
  column: "overloadThresholds" | "anomalyThresholds";
  /** The audit entry's action. */
  action: string;
  schema: z.ZodType<T>;
  /** The thresholds in force for what is stored (the defaults for null). */
  read: (stored: unknown) => T;
}

/** Saves an application's thresholds (null puts the defaults back) in one transaction with its audit entry. */
export async function saveApplicationThresholds<T extends object>(db: Db, kind: ThresholdsKind<T>, applicationId: number, thresholds: T | null, actor: AuditActor, reason?: string) {
  return db.$transaction(async (tx) => {
    const app = await tx.application.findUnique({ where: { id: applicationId } });
    if (!app) throw new NotFoundError("No such application.");
    if (thresholds && !kind.schema.safeParse(thresholds).success) throw new UnprocessableError("Thresholds out of bounds.");
    await tx.application.update({ where: { id: applicationId }, data: { [kind.column]: thresholds === null ? Prisma.DbNull : (thresholds as Prisma.InputJsonValue) } });
    const diff = changedFields(kind.read(app[kind.column]), kind.read(thresholds));
    await recordAudit(tx, {
      actor,
      action: kind.action,
      object: { type: "application", id: applicationId, label: app.name },
      applicationId,
      before: diff.before as Prisma.InputJsonValue,
      after: diff.after as Prisma.InputJsonValue,
      reason: reason ?? null,
    });
    return { changed: diff.changed.length };
  });
}

/**
 * A thresholds form as posted: "reset" (the defaults) or "save" with every field checked by
 * `schema`, after `typed` turns what people type into what is stored (percentages into shares).
 * Each field's error keeps the field's name, for the form to show beside it.
 */
export function thresholdsFormInput<T>(schema: z.ZodType<T>, typed: (fields: Record<string, unknown>) => Record<string, unknown> = (fields) => fields) {
  return z.looseObject({ intent: z.enum(["save", "reset"]).default("save"), reason: z.string().trim().max(500).optional() }).transform((raw, ctx) => {
    if (raw.intent === "reset") return { thresholds: null, reason: raw.reason };
    const parsed = schema.safeParse(typed({ ...raw }));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      return z.NEVER;
    }
    return { thresholds: parsed.data, reason: raw.reason };
  });
}
