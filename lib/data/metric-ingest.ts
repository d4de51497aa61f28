// Storing pushed business-metric points: idempotent per (metric, timestamp), all
// of a request in one transaction, and, for a CSV upload, what it replaced, so
// that the upload can be undone.
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db, Prisma } from "../db/client";
import { checkPoints, type MetricTarget, type ValidPoint } from "../domain/metric-points";
import { ConflictError, NotFoundError } from "../errors";

export interface IngestResult {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: { index: number; reason: string }[];
  uploadId: number | null;
}

export async function metricTargets(db: Db | Prisma.TransactionClient, applicationId: number): Promise<Map<string, MetricTarget>> {
  const metrics = await db.businessMetric.findMany({ where: { applicationId }, select: { id: true, name: true, origin: true } });
  return new Map(metrics.map((m) => [m.name, { id: m.id, name: m.name, origin: m.origin === "cloudwatch" ? "cloudwatch" : "push" }]));
}

async function writePoints(tx: Prisma.TransactionClient, points: ValidPoint[], uploadId: number | null) {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  const byMetric = new Map<number, ValidPoint[]>();
  for (const p of points) byMetric.set(p.metricId, [...(byMetric.get(p.metricId) ?? []), p]);
  for (const [metricId, list] of byMetric) {
    const times = list.map((p) => p.ts.getTime());
    const existing = await tx.businessMetricPoint.findMany({
      where: { metricId, ts: { gte: new Date(Math.min(...times)), lte: new Date(Math.max(...times)) } },
      select: { id: true, ts: true, value: true },
    });
    const current = new Map(existing.map((e) => [e.ts.getTime(), e]));
    const fresh: ValidPoint[] = [];
    const changes: Prisma.BusinessMetricUploadChangeCreateManyInput[] = [];
    for (const point of list) {
      const before = current.get(point.ts.getTime());
      if (!before) {
        fresh.push(point);
        if (uploadId !== null) changes.push({ uploadId, metricId, ts: point.ts, previousValue: null, newValue: point.value });
      } else if (before.value === point.value) {
        counts.unchanged++;
      } else {
        await tx.businessMetricPoint.update({ where: { id: before.id }, data: { value: point.value } });
        if (uploadId !== null) changes.push({ uploadId, metricId, ts: point.ts, previousValue: before.value, newValue: point.value });
        counts.updated++;
      }
    }
    if (fresh.length) await tx.businessMetricPoint.createMany({ data: fresh.map((p) => ({ metricId: p.metricId, ts: p.ts, day: p.day, value: p.value })) });
    counts.inserted += fresh.length;
    if (changes.length) await tx.businessMetricUploadChange.createMany({ data: changes });
  }
  return counts;
}

export interface IngestOptions {
  actor: AuditActor;
  now?: Date;
  /** For a CSV upload: its file name, so that it can be listed and undone. */
  upload?: { filename: string; userId: string | null; userEmail: string };
}

/** Checks and stores points; the good ones are kept even when some are refused. */
export async function ingestPoints(db: Db, applicationId: number, raws: readonly unknown[], options: IngestOptions): Promise<IngestResult> {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const batch = checkPoints(raws, await metricTargets(tx, applicationId), now);
    const upload = options.upload
      ? await tx.businessMetricUpload.create({
          data: { applicationId, userId: options.upload.userId, userEmail: options.upload.userEmail, filename: options.upload.filename.slice(0, 200), rowsImported: batch.points.length, rowsRejected: batch.rejected.length },
        })
      : null;
    const counts = await writePoints(tx, batch.points.map((p) => p.point), upload?.id ?? null);
    await recordAudit(tx, {
      actor: options.actor,
      action: upload ? "businessMetric.uploaded" : "businessMetric.ingested",
      object: upload ? { type: "upload", id: upload.id, label: options.upload?.filename } : { type: "application", id: applicationId },
      applicationId,
      after: { ...counts, rejected: batch.rejected.length },
    });
    return { ...counts, rejected: batch.rejected, uploadId: upload?.id ?? null };
  });
}

/**
 * Puts back what the application's last upload replaced. A point changed since
 * (by the API or another upload) is left as it is, and counted.
 */
export async function undoLastUpload(db: Db, applicationId: number, actor: AuditActor): Promise<{ uploadId: number; filename: string; restored: number; skipped: number }> {
  return db.$transaction(async (tx) => {
    const upload = await tx.businessMetricUpload.findFirst({ where: { applicationId }, orderBy: { id: "desc" }, include: { changes: true } });
    if (!upload) throw new NotFoundError("There is no upload to undo.");
    if (upload.undoneAt) throw new ConflictError(`The last upload (${upload.filename}) was undone already.`);
    let restored = 0;
    let skipped = 0;
    for (const change of upload.changes) {
      const point = await tx.businessMetricPoint.findUnique({ where: { metricId_ts: { metricId: change.metricId, ts: change.ts } } });
      if (!point || point.value !== change.newValue) {
        skipped++;
        continue;
      }
      if (change.previousValue === null) await tx.businessMetricPoint.delete({ where: { id: point.id } });
      else await tx.businessMetricPoint.update({ where: { id: point.id }, data: { value: change.previousValue } });
      restored++;
    }
    await tx.businessMetricUpload.update({ where: { id: upload.id }, data: { undoneAt: new Date() } });
    await recordAudit(tx, { actor, action: "businessMetric.upload_undone", object: { type: "upload", id: upload.id, label: upload.filename }, applicationId, after: { restored, skipped } });
    return { uploadId: upload.id, filename: upload.filename, restored, skipped };
  });
}
