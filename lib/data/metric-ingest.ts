// Storing pushed business-metric points: idempotent per (metric, timestamp), all
// of a request in one transaction, and, for a CSV upload, what it replaced, so
// that the upload can be undone.
import { recordAudit, type AuditActor } from "../audit/record";
import { Prisma, type Db } from "../db/client";
import { bulkInsert, bulkUpdate, sqlTimestamp } from "./bulk-write";
import { pointChecker, type CheckedBatch, type MetricTarget, type ValidPoint } from "../domain/metric-points";
import { ConflictError, NotFoundError } from "../errors";
import { installedMetricWriter } from "./metric-writer";

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

/** Points deleted per statement: well under SQLite's and PostgreSQL's parameter limits. */
const DELETE_CHUNK = 500;

/** Sets many points' values, thousands of rows per statement. */
function updateValues(tx: Prisma.TransactionClient, rows: { id: number; value: number }[]) {
  return bulkUpdate(tx, "BusinessMetricPoint", ["value"], rows.map((r) => ({ id: r.id, values: [r.value] })));
}

/**
 * Inserts new points and updates changed ones, in time linear in the number of
 * points: one read of what is stored per metric, one bulk insert, and updates
 * in chunks of a few hundred rows per statement.
 */
async function writePoints(tx: Prisma.TransactionClient, points: ValidPoint[], uploadId: number | null) {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  const byMetric = new Map<number, ValidPoint[]>();
  for (const p of points) {
    const list = byMetric.get(p.metricId);
    if (list) list.push(p);
    else byMetric.set(p.metricId, [p]);
  }
  for (const [metricId, list] of byMetric) {
    let first = Infinity;
    let last = -Infinity;
    for (const p of list) {
      const t = p.ts.getTime();
      if (t < first) first = t;
      if (t > last) last = t;
    }
    const existing = await tx.businessMetricPoint.findMany({ where: { metricId, ts: { gte: new Date(first), lte: new Date(last) } }, select: { id: true, ts: true, value: true } });
    const current = new Map(existing.map((e) => [e.ts.getTime(), e]));
    const fresh: ValidPoint[] = [];
    const changed: { id: number; value: number }[] = [];
    const changes: [number, number, string, number | null, number][] = [];
    for (const point of list) {
      const before = current.get(point.ts.getTime());
      if (!before) {
        fresh.push(point);
        if (uploadId !== null) changes.push([uploadId, metricId, sqlTimestamp(point.ts), null, point.value]);
      } else if (before.value === point.value) {
        counts.unchanged++;
      } else {
        changed.push({ id: before.id, value: point.value });
        if (uploadId !== null) changes.push([uploadId, metricId, sqlTimestamp(point.ts), before.value, point.value]);
      }
    }
    await bulkInsert(tx, "BusinessMetricPoint", ["metricId", "ts", "day", "value"], fresh.map((p) => [p.metricId, sqlTimestamp(p.ts), p.day, p.value]));
    await updateValues(tx, changed);
    counts.inserted += fresh.length;
    counts.updated += changed.length;
    await bulkInsert(tx, "BusinessMetricUploadChange", ["uploadId", "metricId", "ts", "previousValue", "newValue"], changes);
  }
  return counts;
}

export interface UndoResult {
  uploadId: number;
  filename: string;
  restored: number;
  skipped: number;
}

export interface IngestOptions {
  actor: AuditActor;
  now?: Date;
  /** For a CSV upload: its file name, so that it can be listed and undone. */
  upload?: { filename: string; userId: string | null; userEmail: string };
}

/** Points checked between two turns of the event loop. */
const CHECK_SLICE = 1_000;

/**
 * checkPoints, a slice at a time with the event loop let through between slices: on SQLite every
 * statement runs synchronously too, and a request of 10,000 points was one stall of 150-500 ms
 * in which the dashboard's process answered nothing else, its health check included (50-100 ms of
 * it the checks). Done before the transaction opens: on SQLite a query that runs while a
 * transaction waits shares its connection, so the writes themselves are not interleaved.
 */
export async function checkInSlices(raws: readonly unknown[], metrics: ReadonlyMap<string, MetricTarget>, now: Date): Promise<CheckedBatch> {
  const checker = pointChecker(metrics, now);
  for (let i = 0; i < raws.length; i++) {
    checker.check(raws[i], i);
    if ((i + 1) % CHECK_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return checker.batch;
}

/** Who acted, as the audit log records it: the fields it needs and nothing else, so that it can go to the write thread. */
function auditActor(actor: AuditActor): AuditActor {
  switch (actor.kind) {
    case "user":
      return { kind: "user", userId: actor.userId, email: actor.email };
    case "token":
      return { kind: "token", tokenId: actor.tokenId, name: actor.name };
    default:
      return { kind: actor.kind, label: actor.label };
  }
}

/** One request's points once checked: written in one transaction, in this thread or on the write thread. */
export interface PointWrite {
  applicationId: number;
  /** The metrics the points were checked against, to refuse the write if one was deleted or moved to CloudWatch meanwhile. */
  metrics: { id: number; name: string }[];
  points: ValidPoint[];
  rejectedCount: number;
  actor: AuditActor;
  upload?: IngestOptions["upload"];
}

export type WriteCounts = Omit<IngestResult, "rejected">;

/** The points' transaction: the metrics checked again, the upload (if any), the points and the audit entry. */
export async function storeCheckedPoints(db: Db, write: PointWrite): Promise<WriteCounts> {
  const { applicationId, upload: file } = write;
  return db.$transaction(async (tx) => {
    // A metric deleted, or moved to CloudWatch, while the points were checked: nothing is written into it.
    const pushable = new Set([...(await metricTargets(tx, applicationId)).values()].filter((m) => m.origin === "push").map((m) => m.id));
    const gone = write.metrics.filter((m) => !pushable.has(m.id));
    if (gone.length) throw new ConflictError(`Business metric ${gone.map((m) => `'${m.name}'`).join(", ")} was deleted or changed while the points were checked; nothing was stored. Send them again.`);
    const upload = file
      ? await tx.businessMetricUpload.create({
          data: { applicationId, userId: file.userId, userEmail: file.userEmail, filename: file.filename.slice(0, 200), rowsImported: write.points.length, rowsRejected: write.rejectedCount },
        })
      : null;
    const counts = await writePoints(tx, write.points, upload?.id ?? null);
    await recordAudit(tx, {
      actor: write.actor,
      action: upload ? "businessMetric.uploaded" : "businessMetric.ingested",
      object: upload ? { type: "upload", id: upload.id, label: file?.filename } : { type: "application", id: applicationId },
      applicationId,
      after: { ...counts, rejected: write.rejectedCount },
    });
    return { ...counts, uploadId: upload?.id ?? null };
  });
}

/** Checks and stores points; the good ones are kept even when some are refused. */
export async function ingestPoints(db: Db, applicationId: number, raws: readonly unknown[], options: IngestOptions): Promise<IngestResult> {
  const now = options.now ?? new Date();
  const targets = await metricTargets(db, applicationId);
  const batch = await checkInSlices(raws, targets, now);
  const used = new Set(batch.points.map((p) => p.point.metricId));
  const write: PointWrite = {
    applicationId,
    metrics: [...targets.values()].filter((m) => used.has(m.id)).map((m) => ({ id: m.id, name: m.name })),
    points: batch.points.map((p) => p.point),
    rejectedCount: batch.rejected.length,
    actor: auditActor(options.actor),
    upload: options.upload,
  };
  // On the write thread where the dashboard installed one (metric-writer.ts), else here on `db`.
  const thread = installedMetricWriter();
  const counts = await (thread ? thread.storePoints(write) : storeCheckedPoints(db, write));
  return { ...counts, rejected: batch.rejected };
}

/** Puts back what the application's last upload replaced (restoreLastUpload), on the write thread where there is one. */
export async function undoLastUpload(db: Db, applicationId: number, actor: AuditActor): Promise<UndoResult> {
  const thread = installedMetricWriter();
  return thread ? thread.restoreLastUpload(applicationId, auditActor(actor)) : restoreLastUpload(db, applicationId, actor);
}

/**
 * Puts back what the application's last upload replaced. A point changed since
 * (by the API or another upload) is left as it is, and counted. Bulk reads and
 * writes, so that undoing 100,000 rows takes as long as importing them.
 */
export async function restoreLastUpload(db: Db, applicationId: number, actor: AuditActor): Promise<UndoResult> {
  return db.$transaction(async (tx) => {
    const upload = await tx.businessMetricUpload.findFirst({ where: { applicationId }, orderBy: { id: "desc" }, include: { changes: true } });
    if (!upload) throw new NotFoundError("There is no upload to undo.");
    if (upload.undoneAt) throw new ConflictError(`The last upload (${upload.filename}) was undone already.`);
    const byMetric = new Map<number, typeof upload.changes>();
    for (const change of upload.changes) {
      const list = byMetric.get(change.metricId);
      if (list) list.push(change);
      else byMetric.set(change.metricId, [change]);
    }
    const removed: number[] = [];
    const restoredValues: { id: number; value: number }[] = [];
    let skipped = 0;
    for (const [metricId, changes] of byMetric) {
      let first = Infinity;
      let last = -Infinity;
      for (const c of changes) {
        first = Math.min(first, c.ts.getTime());
        last = Math.max(last, c.ts.getTime());
      }
      const points = await tx.businessMetricPoint.findMany({ where: { metricId, ts: { gte: new Date(first), lte: new Date(last) } }, select: { id: true, ts: true, value: true } });
      const now = new Map(points.map((p) => [p.ts.getTime(), p]));
      for (const change of changes) {
        const point = now.get(change.ts.getTime());
        if (!point || point.value !== change.newValue) skipped++;
        else if (change.previousValue === null) removed.push(point.id);
        else restoredValues.push({ id: point.id, value: change.previousValue });
      }
    }
    for (let i = 0; i < removed.length; i += DELETE_CHUNK) await tx.businessMetricPoint.deleteMany({ where: { id: { in: removed.slice(i, i + DELETE_CHUNK) } } });
    await updateValues(tx, restoredValues);
    const restored = removed.length + restoredValues.length;
    await tx.businessMetricUpload.update({ where: { id: upload.id }, data: { undoneAt: new Date() } });
    await recordAudit(tx, { actor, action: "businessMetric.upload_undone", object: { type: "upload", id: upload.id, label: upload.filename }, applicationId, after: { restored, skipped } });
    return { uploadId: upload.id, filename: upload.filename, restored, skipped };
  });
}
