"use server";

import { z } from "zod";
import { ingestion } from "@/lib/api/admission";
import { serverAction } from "@/lib/auth/server-action";
import { deleteMetric, metricInputSchema, saveMetric } from "@/lib/data/metric-admin";
import { undoLastUpload } from "@/lib/data/metric-ingest";
import { importUpload, previewUpload } from "@/lib/data/metric-upload";

const application = {
  fields: z.object({ applicationId: z.coerce.number().int() }),
  resolve: async ({ key, db }: { key: { applicationId: number }; db: import("@/lib/db/client").Db }) => {
    const app = await db.application.findUnique({ where: { id: key.applicationId } });
    return app && { target: { kind: "application" as const, applicationId: app.id, name: app.name }, object: app };
  },
};
const metricsPage = ({ object }: { object: { slug: string } }) => [`/applications/${object.slug}/metrics`, `/applications/${object.slug}`];
const file = z.instanceof(File, { message: "Choose a CSV file." });

export const saveMetricAction = serverAction({
  permission: "businessMetric:edit",
  target: application,
  input: metricInputSchema.and(z.object({ metricId: z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().nullable()) })),
  handler: async ({ input, object, principal, db }) => saveMetric(db, object.id, input.metricId, input, principal),
  revalidate: metricsPage,
  message: (metric) => `Saved ${metric.name}.${metric.origin === "cloudwatch" ? " The next sync reads it from CloudWatch." : " Push points through the API or a CSV file."}`,
});

export const deleteMetricAction = serverAction({
  permission: "businessMetric:edit",
  target: application,
  input: z.object({ metricId: z.coerce.number().int() }),
  handler: async ({ input, object, principal, db }) => deleteMetric(db, object.id, input.metricId, principal),
  revalidate: metricsPage,
  message: (r) => `Deleted ${r.name} and its ${r.points} points.`,
});

export const previewUploadAction = serverAction({
  permission: "businessMetric:ingest",
  target: application,
  input: z.object({ file }),
  handler: async ({ input, object, db }) => previewUpload(db, object.id, input.file),
});

export const importUploadAction = serverAction({
  permission: "businessMetric:ingest",
  target: application,
  input: z.object({ file }),
  handler: async ({ input, object, principal, db }) => ingestion.run(() => importUpload(db, object.id, input.file, principal)),
  revalidate: metricsPage,
  message: (r) => `Imported ${r.inserted + r.updated + r.unchanged} of ${r.rows} rows (${r.inserted} new, ${r.updated} changed, ${r.unchanged} already there)${r.rejectedRows.length ? `; ${r.rejectedRows.length} refused` : ""}.`,
});

export const undoUploadAction = serverAction({
  permission: "businessMetric:ingest",
  target: application,
  input: z.object({}),
  handler: async ({ object, principal, db }) => ingestion.run(() => undoLastUpload(db, object.id, principal)),
  revalidate: metricsPage,
  message: (r) => `Undid ${r.filename}: ${r.restored} points put back as they were${r.skipped ? `; ${r.skipped} changed since and left as they are` : ""}.`,
});
