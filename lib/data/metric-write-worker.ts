// The metric write thread itself (metric-writer.ts says why; metric-write-thread.ts
// starts it): a database connection of its own that writes checked business-metric
// points, reads and imports CSV files and undoes uploads, one request after the other,
// so that the dashboard's own thread never waits on that work.
import { parentPort } from "node:worker_threads";
import { createDb } from "../db/client";
import { restoreLastUpload, storeCheckedPoints } from "./metric-ingest";
import { importCsv, previewCsv } from "./metric-upload";
import { failureOf, type MetricWriter, type WriteAnswer, type WriteRequest } from "./metric-writer";

const port = parentPort;
if (port) {
  const db = createDb();
  const local: MetricWriter = {
    storePoints: (write) => storeCheckedPoints(db, write),
    restoreLastUpload: (applicationId, actor) => restoreLastUpload(db, applicationId, actor),
    previewCsv: (request) => previewCsv(db, request),
    importCsv: (request) => importCsv(db, request),
  };
  // One at a time, as they came: SQLite writes one transaction at a time anyway, and the order is the senders'.
  let queue: Promise<unknown> = Promise.resolve();
  port.on("message", (request: WriteRequest) => {
    queue = queue.then(async () => {
      try {
        const value = await (local[request.op] as (...args: unknown[]) => Promise<unknown>)(...request.args);
        port.postMessage({ id: request.id, ok: true, value } satisfies WriteAnswer);
      } catch (error) {
        port.postMessage({ id: request.id, ok: false, error: failureOf(error) } satisfies WriteAnswer);
      }
    });
  });
}
