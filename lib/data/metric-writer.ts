// Where pushed business-metric points are written, and CSV files of them read. On SQLite
// every statement runs synchronously on the thread that sends it, so the write transaction
// of a 10,000-point request (~130 ms) or of a 100,000-row CSV import (seconds) held up
// everything else the dashboard's process was doing, its health check and every page
// included; reading such a file took another 250-300 ms. The production dashboard
// (dashboard-server.ts) therefore installs a write thread (metric-write-thread.ts): a
// connection of its own on a worker thread, to which the checked points (or the file's
// text) are posted, and the main thread goes on answering meanwhile. Elsewhere (tests,
// `npm run dev`, PostgreSQL, whose driver does not block) the same functions run
// in-process. This module is what both sides share; it starts nothing, so the Next.js
// bundle can import it.
import type { AuditActor } from "../audit/record";
import { AppError } from "../errors";
import type { PointWrite, UndoResult, WriteCounts } from "./metric-ingest";
import type { CsvImport, CsvPreview, UploadPreview, UploadResult } from "./metric-upload";

/** The work the write thread takes; each is a function of metric-ingest.ts or metric-upload.ts with the database first. */
export interface MetricWriter {
  storePoints(write: PointWrite): Promise<WriteCounts>;
  restoreLastUpload(applicationId: number, actor: AuditActor): Promise<UndoResult>;
  previewCsv(request: CsvPreview): Promise<UploadPreview>;
  importCsv(request: CsvImport): Promise<UploadResult>;
}

export type WriteRequest = { [K in keyof MetricWriter]: { id: number; op: K; args: Parameters<MetricWriter[K]> } }[keyof MetricWriter];
/** An error as it crosses threads: an AppError keeps its status, code and details, anything else its message. */
export type WriteFailure = { message: string; app?: { status: number; code: string; details?: unknown } };
export type WriteAnswer = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: WriteFailure });

const g = globalThis as unknown as { __frugalMetricWriter?: MetricWriter };

/** The writer installed for this process, if any (on globalThis: the server and the Next.js bundle each load this module). */
export function installedMetricWriter(): MetricWriter | undefined {
  return g.__frugalMetricWriter;
}

export function installMetricWriter(writer: MetricWriter | undefined): void {
  g.__frugalMetricWriter = writer;
}

export function failureOf(error: unknown): WriteFailure {
  if (error instanceof AppError) return { message: error.message, app: { status: error.status, code: error.code, details: error.details } };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function errorOf(failure: WriteFailure): Error {
  return failure.app ? new AppError(failure.app.status, failure.app.code, failure.message, failure.app.details) : new Error(failure.message);
}

