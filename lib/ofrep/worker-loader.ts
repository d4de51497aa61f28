// The main thread's side of snapshot-worker.ts: loads on request, one at a time
// (a load the database is still holding up is shared, not repeated), and usage
// writes that are dropped while the worker is behind.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { SnapshotSource } from "./runtime";
import type { SnapshotData, SnapshotLoader } from "./snapshot";
import type { WorkerAnswer, WorkerRequest } from "./snapshot-worker";

/** The compiled worker `npm start` runs (scripts/steps.mjs builds it); elsewhere (tests, dev) the source, through tsx. */
function startWorker(env: NodeJS.ProcessEnv): Worker {
  const built = path.join(process.cwd(), ".next/frugal-ofrep-worker.mjs");
  if (fs.existsSync(built) && process.env.NODE_ENV === "production") return new Worker(built, { env });
  const source = pathToFileURL(path.join(process.cwd(), "lib/ofrep/snapshot-worker.ts")).href;
  const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, env });
}

export type WorkerLoader = SnapshotSource;

export function workerLoader(env: NodeJS.ProcessEnv = process.env): WorkerLoader {
  const worker = startWorker(env);
  worker.unref();
  let nextId = 1;
  let pending: { id: number; promise: Promise<SnapshotData>; settle: (answer: WorkerAnswer) => void } | null = null;
  let usageInFlight = false;

  worker.on("message", (answer: WorkerAnswer) => {
    if (pending && answer.id === pending.id) pending.settle(answer);
  });
  worker.on("error", (error) => pending?.settle({ kind: "failed", id: pending.id, error: error.message }));

  const load: SnapshotLoader = () => {
    if (pending) return pending.promise;
    const id = nextId++;
    let settle!: (answer: WorkerAnswer) => void;
    const promise = new Promise<SnapshotData>((resolve, reject) => {
      settle = (answer) => {
        pending = null;
        if (answer.kind === "loaded") resolve(answer.data);
        else reject(new Error(answer.error));
      };
    });
    pending = { id, promise, settle };
    worker.postMessage({ kind: "load", id } satisfies WorkerRequest);
    return promise;
  };

  return {
    load,
    flushUsage: async (tokenIds) => {
      if (usageInFlight) return; // behind: drop this batch, the next use records it again
      usageInFlight = true;
      worker.postMessage({ kind: "usage", tokenIds } satisfies WorkerRequest);
      // The worker handles messages in order: the next load's answer means this write was at least started.
      setTimeout(() => (usageInFlight = false), 1_000).unref();
    },
    close: async () => {
      await worker.terminate();
    },
  };
}
