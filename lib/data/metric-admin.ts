// Declaring an application's business metrics: where their points come from
// (a CloudWatch metric the sync reads, or pushed through the API and CSV files),
// their unit, how they add up, and what one unit earns.
import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record";
import { Prisma, type Db } from "../db/client";
import { ConflictError, NotFoundError } from "../errors";

/** What a business metric may be called: it appears in URLs, CSV files and the API. */
export const METRIC_NAME = /^[a-z][a-z0-9_]{0,62}$/;

const CLOUDWATCH_STATS = ["Sum", "Average", "Maximum", "Minimum", "SampleCount"] as const;

/** "Name=Value, Name2=Value2" to CloudWatch dimensions; at most 30, as CloudWatch allows. */
const dimensionsSchema = z
  .string()
  .trim()
  .default("")
  .transform((text, ctx) => {
    if (text === "") return [];
    const pairs = text.split(",").map((p) => p.trim()).filter(Boolean);
    const out: { name: string; value: string }[] = [];
    for (const pair of pairs) {
      const [name, ...rest] = pair.split("=");
      const value = rest.join("=").trim();
      if (!name?.trim() || !value) {
        ctx.addIssue({ code: "custom", message: `'${pair}' is not Name=Value` });
        return z.NEVER;
      }
      out.push({ name: name.trim(), value });
    }
    if (out.length > 30) ctx.addIssue({ code: "custom", message: "CloudWatch takes at most 30 dimensions" });
    return out;
  });

export const metricInputSchema = z
  .object({
    name: z.string().trim().regex(METRIC_NAME, "Use lower-case letters, digits and _ (e.g. orders, active_users), starting with a letter."),
    unit: z.string().trim().min(1, "Say what one unit is, e.g. orders, users, GB, USD.").max(20),
    aggregation: z.enum(["sum", "mean"]),
    origin: z.enum(["cloudwatch", "push"]),
    namespace: z.string().trim().max(255).optional(),
    metricName: z.string().trim().max(255).optional(),
    dimensions: dimensionsSchema,
    stat: z.enum(CLOUDWATCH_STATS).default("Sum"),
    revenuePerUnitUsd: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.number().min(0, "Revenue per unit cannot be negative.").max(1e6, "At most $1,000,000 per unit.").optional()),
  })
  .superRefine((m, ctx) => {
    if (m.origin !== "cloudwatch") return;
    if (!m.namespace) ctx.addIssue({ code: "custom", path: ["namespace"], message: "A CloudWatch namespace is needed, e.g. WebShop." });
    if (!m.metricName) ctx.addIssue({ code: "custom", path: ["metricName"], message: "A CloudWatch metric name is needed, e.g. OrdersPlaced." });
  });

export type MetricInput = z.infer<typeof metricInputSchema>;

function columns(input: MetricInput) {
  return {
    name: input.name,
    unit: input.unit,
    aggregation: input.aggregation,
    origin: input.origin,
    cloudwatch: input.origin === "cloudwatch" ? ({ namespace: input.namespace, metricName: input.metricName, dimensions: input.dimensions, stat: input.stat } as Prisma.InputJsonValue) : undefined,
    revenuePerUnitUsd: input.revenuePerUnitUsd ?? null,
  };
}

export async function saveMetric(db: Db, applicationId: number, metricId: number | null, input: MetricInput, actor: AuditActor) {
  return db.$transaction(async (tx) => {
    const clash = await tx.businessMetric.findUnique({ where: { applicationId_name: { applicationId, name: input.name } } });
    if (clash && clash.id !== metricId) throw new ConflictError(`There is already a metric '${input.name}'.`);
    const data = columns(input);
    if (metricId === null) {
      const created = await tx.businessMetric.create({ data: { applicationId, ...data } });
      await recordAudit(tx, { actor, action: "businessMetric.created", object: { type: "businessMetric", id: created.id, label: created.name }, applicationId, after: { ...data, cloudwatch: data.cloudwatch ?? null } });
      return created;
    }
    const before = await tx.businessMetric.findFirst({ where: { id: metricId, applicationId } });
    if (!before) throw new NotFoundError("That metric no longer exists.");
    const updated = await tx.businessMetric.update({ where: { id: metricId }, data: { ...data, cloudwatch: data.cloudwatch ?? Prisma.DbNull } });
    await recordAudit(tx, {
      actor,
      action: "businessMetric.changed",
      object: { type: "businessMetric", id: metricId, label: updated.name },
      applicationId,
      before: { name: before.name, unit: before.unit, aggregation: before.aggregation, origin: before.origin, cloudwatch: (before.cloudwatch ?? null) as Prisma.InputJsonValue, revenuePerUnitUsd: before.revenuePerUnitUsd },
      after: { ...data, cloudwatch: data.cloudwatch ?? null },
    });
    return updated;
  });
}

export async function deleteMetric(db: Db, applicationId: number, metricId: number, actor: AuditActor): Promise<{ name: string; points: number }> {
  return db.$transaction(async (tx) => {
    const metric = await tx.businessMetric.findFirst({ where: { id: metricId, applicationId }, include: { _count: { select: { points: true } } } });
    if (!metric) throw new NotFoundError("That metric no longer exists.");
    await tx.businessMetric.delete({ where: { id: metricId } });
    await recordAudit(tx, { actor, action: "businessMetric.deleted", object: { type: "businessMetric", id: metricId, label: metric.name }, applicationId, before: { name: metric.name, origin: metric.origin, points: metric._count.points } });
    return { name: metric.name, points: metric._count.points };
  });
}
