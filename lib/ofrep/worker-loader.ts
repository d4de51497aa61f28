// The main thread's side of snapshot-worker.ts: loads on request, one at a time
// (a load the database is still holding up is shared, not repeated), and usage
// writes that are dropped while the worker is behind.
import { startThread } from "../threads";
import type { SnapshotSource } from "./runtime";
import type { SnapshotData, SnapshotLoader } from "./snapshot";
import type { WorkerAnswer, WorkerRequest } from "./snapshot-worker";

export type WorkerLoader = SnapshotSource;

export function workerLoader(env: NodeJS.ProcessEnv = process.env): WorkerLoader {
  const worker = startThread("frugal-ofrep-worker.mjs", "lib/ofrep/snapshot-worker.ts", env);
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
