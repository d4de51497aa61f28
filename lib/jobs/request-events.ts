// "Sync now" between the processes of one instance (server.ts supervises both): the dashboard
// tells the worker beside it that a request waits, and the worker tells the dashboard that one
// ended, each through server.ts over IPC, so that neither waits for its next look at the
// database. Best effort: the database stays the record, and a worker or dashboard on another
// instance, or one that misses a message, finds the change at its next poll all the same.
import { EventEmitter } from "node:events";
import { tellParent } from "../ipc";

type Message = { frugal?: string; id?: unknown } | undefined;

// On globalThis because Next.js bundles its own copy of this module beside dashboard-server.ts's.
const g = globalThis as unknown as { __frugalRequestEvents?: EventEmitter };

function events(): EventEmitter {
  return (g.__frugalRequestEvents ??= new EventEmitter().setMaxListeners(0));
}

/** In the dashboard: a request was written. */
export function announceRequest(): void {
  tellParent({ frugal: "job-requested" });
}

/** In the worker: a request's outcome was written. */
export function announceRequestEnded(id: number): void {
  tellParent({ frugal: "job-ended", id });
}

/** Whether server.ts passes this message from the dashboard to the worker, or from the worker to the dashboard. */
export function isRequestMessage(message: Message, kind: "job-requested" | "job-ended"): boolean {
  return message?.frugal === kind;
}

/** In the dashboard: the worker says a request ended (passed on by server.ts). */
export function receiveRequestEnded(message: Message): void {
  if (isRequestMessage(message, "job-ended") && typeof message?.id === "number") events().emit("ended", message.id);
}

/** Resolves after `ms`, or sooner when request `id` is said to have ended. */
export function untilEndedOr(id: number, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const onEnded = (ended: number) => {
      if (ended === id) done();
    };
    const timer = setTimeout(() => done(), ms);
    function done() {
      clearTimeout(timer);
      events().off("ended", onEnded);
      resolve();
    }
    events().on("ended", onEnded);
  });
}
