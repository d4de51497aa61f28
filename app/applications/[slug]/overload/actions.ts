"use server";

import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import type { Db } from "@/lib/db/client";
import { thresholdsFormInput } from "@/lib/data/application-thresholds";
import { thresholdsSchema } from "@/lib/data/overload";
import { addWebhook, removeWebhook, saveThresholds, webhookInput } from "@/lib/data/overload-settings";

const id = z.coerce.number().int().positive();
const pages = (slug: string) => [`/applications/${slug}/overload`, "/"];

const application = {
  fields: z.object({ applicationId: id }),
  resolve: async ({ key, db }: { key: { applicationId: number }; db: Db }) => {
    const app = await db.application.findUnique({ where: { id: key.applicationId } });
    return app && { target: { kind: "application" as const, applicationId: app.id, name: app.name }, object: app };
  },
};

const webhook = {
  fields: z.object({ webhookId: id }),
  resolve: async ({ key, db }: { key: { webhookId: number }; db: Db }) => {
    const row = await db.webhook.findUnique({ where: { id: key.webhookId }, include: { application: true } });
    return row && { target: { kind: "application" as const, applicationId: row.applicationId, name: row.application.name }, object: row };
  },
};

/** Thresholds as typed on the page: percentages for shares, seconds, ratios. */
const PERCENT_FIELDS = ["errorRateWarning", "errorRateOverloaded", "flatThroughput", "goodputDropWarning", "goodputDropOverloaded", "retryRateWarning", "retryRateOverloaded", "throttleRateWarning", "throttleRateOverloaded"] as const;

const thresholdsInput = thresholdsFormInput(thresholdsSchema, (fields) => {
  for (const key of PERCENT_FIELDS) {
    const v = fields[key];
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) fields[key] = Number(v) / 100;
  }
  return fields;
});

export const saveThresholdsAction = serverAction({
  permission: "application:edit",
  target: application,
  input: thresholdsInput,
  handler: async ({ input, object, principal, db }) => saveThresholds(db, object.id, input.thresholds, principal, input.reason),
  revalidate: ({ object }) => pages(object.slug),
  message: (r) => (r.changed === 0 ? "Nothing changed." : `Saved: ${r.changed === 1 ? "1 threshold" : `${r.changed} thresholds`} changed. Signals use them from now on.`),
});

export const addWebhookAction = serverAction({
  permission: "application:edit",
  target: application,
  input: webhookInput,
  handler: async ({ input, object, principal, db }) => addWebhook(db, object.id, input, principal),
  revalidate: ({ object }) => pages(object.slug),
  message: (r) => `Added ${r.maskedUrl}. It hears of the next incident that opens or recovers.`,
});

export const removeWebhookAction = serverAction({
  permission: "application:edit",
  target: webhook,
  input: z.object({}),
  handler: async ({ object, principal, db }) => removeWebhook(db, object.id, principal),
  revalidate: ({ object }) => pages(object.application.slug),
  message: (r) => `Removed ${r.maskedUrl}.`,
});
