// The worker: Frugal's jobs — the sync on start and on FRUGAL_SYNC_CRON, the overload
// signals on FRUGAL_SIGNALS_CRON, with the cost limits, proposals and webhook
// deliveries that follow them — in a process of their own, started and supervised by
// server.ts, so that no job runs in the process that renders pages; and the jobs people
// ask for (Sync now), which the dashboard hands over through the database. Each job takes its
// lease in the database first, so workers on several machines run each job once.
import { db } from "./lib/db/client";
import { env } from "./lib/env";
import { serveRequests } from "./lib/jobs/job-requests";
import { announceRequestEnded, isRequestMessage } from "./lib/jobs/request-events";
import { startScheduler, stopScheduler } from "./lib/jobs/scheduler";

if (env.FRUGAL_PROCESS !== "worker") {
  console.error("[frugal] worker-server runs under server.ts (npm start), which sets FRUGAL_PROCESS=worker.");
  process.exit(1);
}
if (env.FRUGAL_SCHEDULER === "off") console.log("[frugal] worker: FRUGAL_SCHEDULER=off, no jobs are scheduled");
startScheduler();
// Jobs people ask for ("Sync now"), whatever the schedule says.
// Told by the dashboard beside it when one is written, and telling it when one ended (request-events.ts).
const requests = serveRequests(db(), { onEnded: announceRequestEnded });
process.on("message", (message: { frugal?: string } | undefined) => {
  if (isRequestMessage(message, "job-requested")) requests.wake();
});
process.send?.({ frugal: "worker-ready", scheduling: env.FRUGAL_SCHEDULER !== "off" });

function stop() {
  stopScheduler();
  requests.stop();
  // A run under way keeps its lease until it expires, then another worker takes over.
  setTimeout(() => process.exit(0), 1_000).unref();
}
process.on("SIGTERM", stop);
// The front process going away takes the worker with it.
process.on("disconnect", () => process.exit(0));
