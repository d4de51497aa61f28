// The dashboard's write thread for pushed business-metric points and CSV files
// (lib/data/metric-writer.ts): what a request stores is the same as in-process, errors keep
// their HTTP status, the main thread keeps turning while the points are written, and a thread
// that stops refuses what it was writing and is started again by the next write.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as ingest } from "../app/api/v1/applications/[id]/business-metrics/route";
import { ingestPoints, undoLastUpload, type PointWrite } from "../lib/data/metric-ingest";
import { importUpload, previewUpload } from "../lib/data/metric-upload";
import { metricWriteThread, type MetricWriteThread } from "../lib/data/metric-write-thread";
import { installMetricWriter } from "../lib/data/metric-writer";
import { AppError } from "../lib/errors";
import { countTurns } from "./event-loop-turns";
import { createAppContext, ORIGIN, type AppContext } from "./app-context";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

let ctx: AppContext;
let thread: MetricWriteThread;
let metricId: number;
const system = { kind: "system", label: "write-thread test" } as const;
/**
 * The whole minute the suite starts in. The points are placed back from it, not at a fixed date:
 * the ingestion API refuses points more than 400 days old, so a fixed date fails a year on.
 */
const MINUTE = Math.floor(Date.now() / 60_000) * 60_000;
/** Minutes back from 30 days before the start: clear of the CSV test's points, 3 and 4 days back. */
const at = (minutes: number) => new Date(MINUTE - 30 * 86_400_000 - minutes * 60_000);

beforeAll(async () => {
  ctx = await createAppContext();
  metricId = (await ctx.db.businessMetric.create({ data: { applicationId: ctx.apps.storefront!.id, name: "gb_processed", unit: "GB", aggregation: "sum", origin: "push" } })).id;
  thread = metricWriteThread({ ...process.env, DATABASE_URL: ctx.url });
  installMetricWriter(thread);
});
afterAll(async () => {
  installMetricWriter(undefined);
  await thread.close();
  await ctx.close();
});

function pointWrite(count: number, value: (i: number) => number, from = 0): PointWrite {
  return {
    applicationId: ctx.apps.storefront!.id,
    metrics: [{ id: metricId, name: "gb_processed" }],
    points: Array.from({ length: count }, (_, i) => {
      const ts = at(from + i);
      return { metricId, ts, day: ts.toISOString().slice(0, 10), value: value(i) };
    }),
    rejectedCount: 0,
    actor: system,
  };
}

const storedValues = async () => (await ctx.db.businessMetricPoint.findMany({ where: { metricId }, orderBy: { ts: "asc" }, select: { value: true } })).map((p) => p.value);

describe("the metric write thread", () => {
  it("stores an API request's points through the thread, with the answer and the audit entry as in-process", async () => {
    const body = JSON.stringify({
      points: [
        { metric: "gb_processed", timestamp: at(3).toISOString(), value: 3 },
        { metric: "gb_processed", timestamp: "yesterday", value: 1 },
        { metric: "gb_processed", timestamp: at(2).toISOString(), value: 2 },
      ],
    });
    const response = await ingest(new Request(`${ORIGIN}/api/v1/applications/storefront/business-metrics`, { method: "POST", headers: { host: "localhost:3000", authorization: `Bearer ${ctx.tokens.ingest}`, "content-type": "application/json" }, body }), {
      params: Promise.resolve({ id: "storefront" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: 3, accepted: 2, inserted: 2, rejected: [{ index: 1, reason: expect.stringMatching(/not ISO 8601/) }] });
    expect(await storedValues()).toEqual([3, 2]);
    const audit = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: "businessMetric.ingested" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorType: "token", actorLabel: "token ingest-test", after: { inserted: 2, updated: 0, unchanged: 0, rejected: 1 } });
  });

  it("lets the main thread turn while it writes 10,000 points (in-process the write is one stall)", async () => {
    const before = await ctx.db.businessMetricPoint.count({ where: { metricId } });
    const stopCounting = countTurns();
    const counts = await thread.storePoints(pointWrite(10_000, (i) => i, 1_000));
    const turns = stopCounting();
    expect(counts).toMatchObject({ inserted: 10_000, updated: 0, unchanged: 0 });
    expect(await ctx.db.businessMetricPoint.count({ where: { metricId } })).toBe(before + 10_000);
    expect(turns).toBeGreaterThanOrEqual(10);
  });

  it("refuses points for a metric deleted meanwhile with the 409 the route answers, and stores none of them", async () => {
    const gone = await ctx.db.businessMetric.create({ data: { applicationId: ctx.apps.storefront!.id, name: "deleted_meanwhile", unit: "x", aggregation: "sum", origin: "push" } });
    const write = pointWrite(2, () => 7.75, 50_000);
    write.metrics.push({ id: gone.id, name: "deleted_meanwhile" });
    await ctx.db.businessMetric.delete({ where: { id: gone.id } });
    const refused = await thread.storePoints(write).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 409, code: "CONFLICT", message: expect.stringMatching(/'deleted_meanwhile' was deleted or changed/) });
    expect(await ctx.db.businessMetricPoint.count({ where: { metricId, value: 7.75 } })).toBe(0);
  });

  it("previews a CSV file, imports it and undoes the import, all through the thread; a second undo is refused", async () => {
    const app = ctx.apps.storefront!.id;
    const [t1, t2] = [new Date(MINUTE - 3 * 86_400_000), new Date(MINUTE - 4 * 86_400_000)];
    await ingestPoints(ctx.db, app, [{ metric: "gb_processed", timestamp: t1.toISOString(), value: 1 }], { actor: system });
    const csv = new File([`metric,timestamp,value\ngb_processed,${t1.toISOString()},30\ngb_processed,last week,1\ngb_processed,${t2.toISOString()},9\n`], "points.csv");
    const owner = { kind: "user", userId: ctx.userIds.owner, email: "owner@example.com" } as const;

    const preview = await previewUpload(ctx.db, app, csv);
    expect(preview).toMatchObject({ filename: "points.csv", rows: 3, valid: 2, errors: [{ row: 3, reason: expect.stringMatching(/not ISO 8601/) }], undeclared: [] });
    expect((await ctx.db.businessMetricPoint.findFirstOrThrow({ where: { metricId, ts: t1 } })).value).toBe(1);

    const imported = await importUpload(ctx.db, app, csv, owner);
    expect(imported).toMatchObject({ rows: 3, inserted: 1, updated: 1, unchanged: 0, uploadId: expect.any(Number), rejectedRows: [{ row: 3 }] });
    expect((await ctx.db.businessMetricPoint.findFirstOrThrow({ where: { metricId, ts: t1 } })).value).toBe(30);
    expect(await ctx.db.businessMetricUpload.findUniqueOrThrow({ where: { id: imported.uploadId! } })).toMatchObject({ filename: "points.csv", userEmail: "owner@example.com", rowsImported: 2, rowsRejected: 1 });

    const undone = await undoLastUpload(ctx.db, app, system);
    expect(undone).toEqual({ uploadId: imported.uploadId, filename: "points.csv", restored: 2, skipped: 0 });
    expect((await ctx.db.businessMetricPoint.findFirstOrThrow({ where: { metricId, ts: t1 } })).value).toBe(1);
    expect(await ctx.db.businessMetricPoint.count({ where: { metricId, ts: t2 } })).toBe(0);
    await expect(undoLastUpload(ctx.db, app, system)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/undone already/) });
  });

  it("refuses a CSV file without the columns it needs with a 422 that names them", async () => {
    const refused = await importUpload(ctx.db, ctx.apps.storefront!.id, new File(["when,amount\n2026-01-01,3\n"], "wrong.csv"), { kind: "user", userId: ctx.userIds.owner, email: "owner@example.com" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 422, message: expect.stringMatching(/metric and timestamp and value are missing/) });
  });

  it("refuses what it was writing when the thread stops, and the next write starts a new thread", async () => {
    const cut = thread.storePoints(pointWrite(10_000, () => 5.5, 200_000));
    await thread.close();
    await expect(cut).rejects.toThrow(/write thread stopped.*Sending them again is safe/);
    const again = await thread.storePoints(pointWrite(3, () => 6.5, 300_000));
    expect(again).toMatchObject({ inserted: 3 });
    expect(await ctx.db.businessMetricPoint.count({ where: { metricId, value: 6.5 } })).toBe(3);
  });
});
