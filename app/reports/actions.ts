"use server";

import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import type { Db } from "@/lib/db/client";
import { createSchedule, deleteSchedule, resolveApplications, scheduleInput } from "@/lib/data/report-schedules";
import { reportWindow, type ReportPeriod } from "@/lib/domain/report-schedule";
import { retryDelivery, runScheduleNow, sendTestReport } from "@/lib/jobs/reports";

/** The form's one webhook (URL, format, secret) as the schedule's list of webhooks. */
const formInput = z.preprocess((raw) => {
  const r = raw as Record<string, unknown>;
  const url = typeof r.webhookUrl === "string" ? r.webhookUrl.trim() : "";
  return { ...r, webhooks: url ? [{ url, format: r.webhookFormat ?? "slack", secret: r.webhookSecret ?? undefined }] : [] };
}, scheduleInput);

export const createScheduleAction = serverAction({
  permission: "report:manage",
  input: formInput,
  handler: async ({ input, principal, db }) => createSchedule(db, input, { userId: principal.userId, label: principal.email }, principal),
  revalidate: () => ["/reports"],
  message: (s) => `Scheduled “${s.name}”. Its reports appear below as they are made.`,
});

export const sendTestAction = serverAction({
  permission: "report:manage",
  input: formInput,
  handler: async ({ input, principal, db }) => {
    const result = await sendTestReport(db, { name: input.name, period: input.period, timezone: input.timezone, applicationIds: await resolveApplications(db, input.applications) }, principal.email);
    return { ...result, to: principal.email };
  },
  message: (r) => (r.sent ? `Sent a test to ${r.to}: “${r.subject}”.` : `Made the test report (“${r.subject}”) but did not send it. ${r.reason}`),
});

const schedule = {
  fields: z.object({ scheduleId: z.coerce.number().int().positive() }),
  resolve: async ({ key, db }: { key: { scheduleId: number }; db: Db }) => {
    const row = await db.reportSchedule.findUnique({ where: { id: key.scheduleId } });
    return row && { target: { kind: "account" as const }, object: row };
  },
};

export const deleteScheduleAction = serverAction({
  permission: "report:manage",
  target: schedule,
  input: z.object({}),
  handler: async ({ object, principal, db }) => deleteSchedule(db, object.id, { userId: principal.userId, role: principal.role }, principal),
  revalidate: () => ["/reports"],
  message: (s) => `Deleted “${s.name}” and its reports.`,
});

export const sendNowAction = serverAction({
  permission: "report:manage",
  target: schedule,
  input: z.object({}),
  handler: async ({ object, db }) => {
    const window = reportWindow(object.period as ReportPeriod, new Date(), object.timezone);
    const result = await runScheduleNow(db, object.id, window, "manual");
    return { label: window.label, created: result.created, runId: result.run.id, deliveries: result.run.deliveries };
  },
  revalidate: () => ["/reports"],
  message: (r) => {
    const sent = r.deliveries.filter((d) => d.status === "delivered").length;
    return `${r.created ? "Made" : "Already made"} the report for ${r.label}; ${r.deliveries.length === 0 ? "it has no recipients" : `${sent} of ${r.deliveries.length} recipients have it`} (each gets it once).`;
  },
});

const delivery = {
  fields: z.object({ deliveryId: z.coerce.number().int().positive() }),
  resolve: async ({ key, db }: { key: { deliveryId: number }; db: Db }) => {
    const row = await db.reportDelivery.findUnique({ where: { id: key.deliveryId } });
    return row && { target: { kind: "account" as const }, object: row };
  },
};

export const retryDeliveryAction = serverAction({
  permission: "report:manage",
  target: delivery,
  input: z.object({}),
  handler: async ({ object, db }) => {
    const after = await retryDelivery(db, object.id);
    return after ?? object;
  },
  revalidate: () => ["/reports"],
  message: (d) => (d.status === "delivered" ? `Sent to ${d.label}.` : `Not sent to ${d.label}: ${d.lastError ?? d.status}.`),
});
