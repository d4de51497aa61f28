// Report schedules: what the form, the API and the CLI create, list and delete. The
// expression is checked (cron, fires, not more often than hourly) in its zone; webhook
// URLs and signing secrets are sealed at rest and only ever shown masked. Audited.
import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record";
import { sealText } from "../auth/secret-box";
import type { Db } from "../db/client";
import { checkSchedule, describeSchedule, REPORT_PERIODS, ScheduleError, type ReportPeriod } from "../domain/report-schedule";
import { ForbiddenError, NotFoundError, UnprocessableError } from "../errors";
import { webhookInput } from "./overload-settings";

const MAX_EMAILS = 20;
const MAX_WEBHOOKS = 5;

const list = (value: unknown) => (Array.isArray(value) ? value : typeof value === "string" ? value.split(/[\s,;]+/) : value === undefined || value === null ? [] : [value]);

export const scheduleInput = z
  .object({
    name: z.string().trim().min(1, "Give the schedule a name.").max(100, "Keep the name under 100 characters."),
    cron: z.string().trim().min(1, "A cron expression is needed, e.g. 0 8 * * 1.").max(100),
    timezone: z.string().trim().min(1, "A time zone is needed, e.g. Europe/Berlin.").max(64),
    period: z.enum(REPORT_PERIODS, { message: `The period is one of ${REPORT_PERIODS.join(", ")}.` }),
    /** Application slugs; none: every application. */
    applications: z.preprocess((v) => list(v).map(String).map((s) => s.trim()).filter(Boolean), z.array(z.string().max(100)).max(200)).default([]),
    emails: z.preprocess((v) => list(v).map(String).map((s) => s.trim()).filter(Boolean), z.array(z.email({ message: "That is not an e-mail address." }).max(254)).max(MAX_EMAILS, `At most ${MAX_EMAILS} addresses.`)).default([]),
    webhooks: z
      .array(webhookInput.extend({ secret: z.string().trim().max(200).optional().transform((s) => s || undefined) }))
      .max(MAX_WEBHOOKS, `At most ${MAX_WEBHOOKS} webhooks.`)
      .default([]),
  })
  .superRefine((input, ctx) => {
    try {
      checkSchedule(input.cron, input.timezone, new Date());
    } catch (error) {
      if (!(error instanceof ScheduleError)) throw error;
      ctx.addIssue({ code: "custom", path: [error.message.includes("time zone") ? "timezone" : "cron"], message: error.message });
    }
  });
export type ScheduleInput = z.infer<typeof scheduleInput>;

export interface ScheduleView {
  id: number;
  name: string;
  cron: string;
  timezone: string;
  period: ReportPeriod;
  description: string;
  applications: { id: number; slug: string; name: string }[] | null;
  /** Named applications that were deleted since. */
  missingApplications: number;
  recipients: { id: number; kind: string; label: string; signed: boolean }[];
  createdBy: string;
  createdById: string | null;
  createdAt: Date;
  nextRuns: Date[];
}

export async function resolveApplications(db: Db, slugs: string[]): Promise<number[] | null> {
  if (slugs.length === 0) return null;
  const apps = await db.application.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
  const missing = slugs.filter((s) => !apps.some((a) => a.slug === s));
  if (missing.length) throw new UnprocessableError(`There is no application ${missing.map((m) => `'${m}'`).join(", ")}.`);
  return apps.map((a) => a.id);
}

export async function createSchedule(db: Db, input: ScheduleInput, by: { userId: string | null; label: string }, actor: AuditActor) {
  const applicationIds = await resolveApplications(db, input.applications);
  return db.$transaction(async (tx) => {
    const schedule = await tx.reportSchedule.create({
      data: {
        name: input.name,
        cron: input.cron,
        timezone: input.timezone,
        period: input.period,
        applicationIds: applicationIds ?? undefined,
        createdById: by.userId,
        createdBy: by.label,
        recipients: {
          create: [
            ...[...new Set(input.emails.map((e) => e.toLowerCase()))].map((e) => ({ kind: "email", target: e })),
            ...input.webhooks.map((w) => ({ kind: w.format, target: sealText(w.url), secret: w.secret ? sealText(w.secret) : null })),
          ],
        },
      },
    });
    await recordAudit(tx, {
      actor,
      action: "report.schedule_created",
      object: { type: "report_schedule", id: schedule.id, label: schedule.name },
      after: { cron: input.cron, timezone: input.timezone, period: input.period, applications: input.applications, emails: input.emails, webhooks: input.webhooks.length },
    });
    return schedule;
  });
}

export async function deleteSchedule(db: Db, id: number, by: { userId: string | null; role: string }, actor: AuditActor) {
  return db.$transaction(async (tx) => {
    const schedule = await tx.reportSchedule.findUnique({ where: { id } });
    if (!schedule) throw new NotFoundError("No such report schedule.");
    if (by.role !== "admin" && schedule.createdById !== by.userId) throw new ForbiddenError(`Only ${schedule.createdBy} or an admin may delete this schedule.`);
    await tx.reportSchedule.delete({ where: { id } });
    await recordAudit(tx, { actor, action: "report.schedule_deleted", object: { type: "report_schedule", id, label: schedule.name }, before: { cron: schedule.cron, timezone: schedule.timezone, period: schedule.period } });
    return schedule;
  });
}

export async function listSchedules(db: Db, now = new Date(), where: { id?: number } = {}): Promise<ScheduleView[]> {
  const [schedules, apps] = await Promise.all([
    db.reportSchedule.findMany({ where, orderBy: [{ name: "asc" }, { id: "asc" }], include: { recipients: { orderBy: { id: "asc" } } } }),
    db.application.findMany({ select: { id: true, slug: true, name: true } }),
  ]);
  const byId = new Map(apps.map((a) => [a.id, a]));
  return schedules.map((s) => {
    const ids = Array.isArray(s.applicationIds) ? (s.applicationIds as number[]) : null;
    let nextRuns: Date[] = [];
    try {
      nextRuns = checkSchedule(s.cron, s.timezone, now, 3);
    } catch {
      nextRuns = [];
    }
    return {
      id: s.id,
      name: s.name,
      cron: s.cron,
      timezone: s.timezone,
      period: s.period as ReportPeriod,
      description: describeSchedule(s.cron, s.timezone),
      applications: ids && ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
      missingApplications: ids ? ids.filter((id) => !byId.has(id)).length : 0,
      recipients: s.recipients.map((r) => ({ id: r.id, kind: r.kind, label: recipientText(r), signed: r.secret !== null })),
      createdBy: s.createdBy,
      createdById: s.createdById,
      createdAt: s.createdAt,
      nextRuns,
    };
  });
}

function recipientText(r: { kind: string; target: string }): string {
  if (r.kind === "email") return r.target;
  return r.kind === "slack" ? "Slack webhook" : "JSON webhook";
}

export async function getSchedule(db: Db, id: number, now = new Date()): Promise<ScheduleView> {
  const [found] = await listSchedules(db, now, { id });
  if (!found) throw new NotFoundError("No such report schedule.");
  return found;
}

export interface RunView {
  id: number;
  scheduleId: number;
  scheduleName: string;
  periodKey: string;
  label: string;
  fromDay: string;
  toDay: string;
  trigger: string;
  status: string;
  error: string | null;
  createdAt: Date;
  generatedAt: Date | null;
  deliveries: { id: number; label: string; status: string; attempts: number; lastError: string | null; deliveredAt: Date | null; nextAttemptAt: Date }[];
}

export async function listRuns(db: Db, { scheduleId, take = 30 }: { scheduleId?: number; take?: number } = {}): Promise<RunView[]> {
  const runs = await db.reportRun.findMany({
    where: scheduleId ? { scheduleId } : {},
    orderBy: { id: "desc" },
    take,
    select: { id: true, scheduleId: true, periodKey: true, label: true, fromDay: true, toDay: true, trigger: true, status: true, error: true, createdAt: true, generatedAt: true, schedule: { select: { name: true } }, deliveries: { orderBy: { id: "asc" } } },
  });
  return runs.map((r) => ({
    ...r,
    scheduleName: r.schedule.name,
    deliveries: r.deliveries.map((d) => ({ id: d.id, label: d.label, status: d.status, attempts: d.attempts, lastError: d.lastError, deliveredAt: d.deliveredAt, nextAttemptAt: d.nextAttemptAt })),
  }));
}
