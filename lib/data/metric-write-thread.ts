// The main thread's side of the metric write thread (metric-writer.ts says why there is
// one; metric-write-worker.ts is the thread). Started by dashboard-server.ts, outside the
// Next.js bundle, which never loads this module.
import type { Worker } from "node:worker_threads";
import { startThread } from "../threads";
import { errorOf, type MetricWriter, type WriteAnswer, type WriteRequest } from "./metric-writer";

export type MetricWriteThread = MetricWriter & { close: () => Promise<void> };

/**
 * A write thread for the database in `env.DATABASE_URL`, started on its first write and kept.
 * Requests are answered in the order they were sent. If the thread stops, what it was writing
 * is refused (a transaction cut short is rolled back by SQLite; sending the points again is safe,
 * they are idempotent) and the next write starts a new thread.
 */
export function metricWriteThread(env: NodeJS.ProcessEnv = process.env): MetricWriteThread {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  function thread(): Worker {
    if (worker) return worker;
    const started = startThread("frugal-metric-writer.mjs", "lib/data/metric-write-worker.ts", env);
    started.unref();
    started.on("message", (answer: WriteAnswer) => {
      const waiting = pending.get(answer.id);
      if (!waiting) return;
      pending.delete(answer.id);
      if (answer.ok) waiting.resolve(answer.value);
      else waiting.reject(errorOf(answer.error));
    });
    const stopped = (reason: string) => {
      if (worker !== started) return;
      worker = null;
      for (const waiting of pending.values()) waiting.reject(new Error(`The metric write thread stopped (${reason}); points it was writing may not have been stored. Sending them again is safe.`));
      pending.clear();
    };
    started.on("error", (error) => stopped(error.message));
    started.on("exit", (code) => stopped(`exit code ${code}`));
    return (worker = started);
  }

  function send(request: WriteRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const target = thread();
      pending.set(request.id, { resolve, reject });
      // Keep the process alive while a write is under way, not otherwise.
      target.ref();
      target.postMessage(request);
    }).finally(() => {
      if (pending.size === 0) worker?.unref();
    });
  }

  /** One of MetricWriter's functions, done on the thread: its arguments and its answer are copied across. */
  const onThread = <K extends keyof MetricWriter>(op: K) => ((...args: Parameters<MetricWriter[K]>) => send({ id: nextId++, op, args } as WriteRequest)) as unknown as MetricWriter[K];

  return {
    storePoints: onThread("storePoints"),
    restoreLastUpload: onThread("restoreLastUpload"),
    previewCsv: onThread("previewCsv"),
    importCsv: onThread("importCsv"),
    // Its 'exit' refuses what was under way.
    close: async () => void (await worker?.terminate()),
  };
}
