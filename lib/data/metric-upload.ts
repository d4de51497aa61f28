// A CSV upload in two steps: a preview that changes nothing, then the import.
import type { AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { parseCsvPoints } from "../domain/csv-points";
import { UnprocessableError } from "../errors";
import { METRIC_NAME } from "./metric-admin";
import { checkInSlices, ingestPoints, metricTargets, type IngestResult } from "./metric-ingest";
import { installedMetricWriter } from "./metric-writer";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
const PREVIEW_ROWS = 20;

export interface UploadPreview {
  filename: string;
  rows: number;
  valid: number;
  /** The first rows as they will be stored (or why not). */
  sample: { row: number; metric: string; timestamp: string; value: string; error: string | null }[];
  /** Every row that will be refused, with its reason. */
  errors: { row: number; reason: string }[];
  /** Metric names in the file that the application has not declared, with their row counts: they can be declared from here. */
  undeclared: { name: string; rows: number }[];
  /** Metric names in the file that are read from CloudWatch, so take no uploads. */
  fromCloudWatch: { name: string; rows: number }[];
}

function countNames(names: string[]): { name: string; rows: number }[] {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([name, rows]) => ({ name, rows })).sort((a, b) => b.rows - a.rows || a.name.localeCompare(b.name));
}

async function readFile(file: File): Promise<string> {
  if (file.size === 0) throw new UnprocessableError("The file is empty.");
  if (file.size > MAX_UPLOAD_BYTES) throw new UnprocessableError(`The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; upload at most 5 MB at a time.`);
  return file.text();
}

/** A CSV file's text to preview: what the thread that reads it needs. */
export interface CsvPreview {
  applicationId: number;
  filename: string;
  text: string;
  now: Date;
}

/** A CSV file's text to import, and who imports it. */
export interface CsvImport {
  applicationId: number;
  filename: string;
  text: string;
  actor: Extract<AuditActor, { kind: "user" }>;
}

/** What an import would do, without changing anything; read on the write thread where the dashboard installed one (metric-writer.ts). */
export async function previewUpload(db: Db, applicationId: number, file: File, now = new Date()): Promise<UploadPreview> {
  const request: CsvPreview = { applicationId, filename: file.name, text: await readFile(file), now };
  const thread = installedMetricWriter();
  return thread ? thread.previewCsv(request) : previewCsv(db, request);
}

export async function previewCsv(db: Db, { applicationId, filename, text, now }: CsvPreview): Promise<UploadPreview> {
  const { points, fileError } = parseCsvPoints(text);
  if (fileError) throw new UnprocessableError(fileError);
  const targets = await metricTargets(db, applicationId);
  const batch = await checkInSlices(points.map((p) => p.raw), targets, now);
  const names = points.map((p) => p.raw.metric).filter((n) => n !== "");
  const errors = batch.rejected.map((r) => ({ row: points[r.index]?.row ?? 0, reason: r.reason }));
  const errorByRow = new Map(errors.map((e) => [e.row, e.reason]));
  return {
    filename,
    rows: points.length,
    valid: batch.points.length,
    sample: points.slice(0, PREVIEW_ROWS).map((p) => ({ row: p.row, metric: p.raw.metric, timestamp: p.raw.timestamp, value: String(p.raw.value), error: errorByRow.get(p.row) ?? null })),
    errors,
    // Only names a metric could have (the form's rule): anything else stays a row error.
    undeclared: countNames(names.filter((n) => !targets.has(n) && METRIC_NAME.test(n))).slice(0, 10),
    fromCloudWatch: countNames(names.filter((n) => targets.get(n)?.origin === "cloudwatch")),
  };
}

export interface UploadResult extends Omit<IngestResult, "rejected"> {
  rows: number;
  /** Refused rows, numbered as in the file. */
  rejectedRows: { row: number; reason: string }[];
}

/** Imports a CSV file's good rows as one undoable upload; on the write thread where the dashboard installed one. */
export async function importUpload(db: Db, applicationId: number, file: File, actor: Extract<AuditActor, { kind: "user" }>): Promise<UploadResult> {
  const request: CsvImport = { applicationId, filename: file.name, text: await readFile(file), actor: { kind: "user", userId: actor.userId, email: actor.email } };
  const thread = installedMetricWriter();
  return thread ? thread.importCsv(request) : importCsv(db, request);
}

export async function importCsv(db: Db, { applicationId, filename, text, actor }: CsvImport): Promise<UploadResult> {
  const { points, fileError } = parseCsvPoints(text);
  if (fileError) throw new UnprocessableError(fileError);
  const { rejected, ...result } = await ingestPoints(db, applicationId, points.map((p) => p.raw), { actor, upload: { filename, userId: actor.userId, userEmail: actor.email } });
  return { ...result, rows: points.length, rejectedRows: rejected.map((r) => ({ row: points[r.index]?.row ?? r.index, reason: r.reason })) };
}
