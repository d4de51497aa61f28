"use server";

import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import type { Db } from "@/lib/db/client";
import { anomalyThresholdsSchema, feedbackInput, markAnomaly, saveAnomalyThresholds } from "@/lib/data/anomalies";
import { thresholdsFormInput } from "@/lib/data/application-thresholds";

const id = z.coerce.number().int().positive();

const anomaly = {
  fields: z.object({ anomalyId: id }),
  resolve: async ({ key, db }: { key: { anomalyId: number }; db: Db }) => {
    const row = await db.anomaly.findUnique({ where: { id: key.anomalyId }, include: { application: true } });
    return row && { target: { kind: "application" as const, applicationId: row.applicationId, name: row.application.name }, object: row };
  },
};

const application = {
  fields: z.object({ applicationId: id }),
  resolve: async ({ key, db }: { key: { applicationId: number }; db: Db }) => {
    const app = await db.application.findUnique({ where: { id: key.applicationId } });
    return app && { target: { kind: "application" as const, applicationId: app.id, name: app.name }, object: app };
  },
};

export const markAnomalyAction = serverAction({
  permission: "anomaly:review",
  target: anomaly,
  input: feedbackInput,
  handler: async ({ input, object, principal, db }) => markAnomaly(db, object.id, input, principal),
  revalidate: ({ object }) => ["/anomalies", `/applications/${object.application.slug}`, "/"],
  message: (r) => (r.feedback === "expected" ? "Marked expected: it sends nothing more, and its days stay out of the baseline." : "Marked real."),
});

const thresholdsInput = thresholdsFormInput(anomalyThresholdsSchema);

export const saveAnomalyThresholdsAction = serverAction({
  permission: "application:edit",
  target: application,
  input: thresholdsInput,
  handler: async ({ input, object, principal, db }) => saveAnomalyThresholds(db, object.id, input.thresholds, principal, input.reason),
  revalidate: ({ object }) => [`/applications/${object.slug}/settings`, "/anomalies"],
  message: (r) => (r.changed === 0 ? "Nothing changed." : `Saved: ${r.changed === 1 ? "1 threshold" : `${r.changed} thresholds`} changed. The next sync judges with them.`),
});
