// The OFREP server's only contact with the database, on a thread of its own: it
// reads the snapshot and writes which tokens were used. better-sqlite3 waits for a
// lock on the thread that asked, so this keeps the thread that answers OFREP free
// whatever the database does (a long write, a locked file, a slow disk).
import { parentPort } from "node:worker_threads";
import { createDb } from "../db/client";
import { databaseLoader } from "./snapshot";

export type WorkerRequest = { kind: "load"; id: number } | { kind: "usage"; tokenIds: number[] };
export type WorkerAnswer = { kind: "loaded"; id: number; data: Awaited<ReturnType<ReturnType<typeof databaseLoader>>> } | { kind: "failed"; id: number; error: string };

const port = parentPort;
if (port) {
  const db = createDb();
  const load = databaseLoader(db);
  port.on("message", (request: WorkerRequest) => {
    if (request.kind === "load") {
      load().then(
        (data) => port.postMessage({ kind: "loaded", id: request.id, data } satisfies WorkerAnswer),
        (error: unknown) => port.postMessage({ kind: "failed", id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerAnswer),
      );
    } else {
      db.apiToken.updateMany({ where: { id: { in: request.tokenIds } }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
    }
  });
}
