// The metric write thread itself (metric-writer.ts says why; metric-write-thread.ts
// starts it): a database connection of its own that writes checked business-metric
// points and undoes uploads, one request after the other, so that the dashboard's own
// thread never waits on those transactions.
import { parentPort } from "node:worker_threads";
import { createDb } from "../db/client";
import { restoreLastUpload, storeCheckedPoints } from "./metric-ingest";
import { failureOf, type WriteAnswer, type WriteRequest } from "./metric-writer";

const port = parentPort;
if (port) {
  const db = createDb();
  // One at a time, as they came: SQLite writes one transaction at a time anyway, and the order is the senders'.
  let queue: Promise<unknown> = Promise.resolve();
  port.on("message", (request: WriteRequest) => {
    queue = queue.then(async () => {
      try {
        const value = request.kind === "store" ? await storeCheckedPoints(db, request.write) : await restoreLastUpload(db, request.applicationId, request.actor);
        port.postMessage({ id: request.id, ok: true, value } satisfies WriteAnswer);
      } catch (error) {
        port.postMessage({ id: request.id, ok: false, error: failureOf(error) } satisfies WriteAnswer);
      }
    });
  });
}
