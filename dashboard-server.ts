// The dashboard: Next.js on a loopback port, started and supervised by server.ts,
// which answers OFREP itself and passes every other request here.
import http from "node:http";
import next from "next";
import { metricWriteThread } from "./lib/data/metric-write-thread";
import { receiveRequestEnded } from "./lib/jobs/request-events";
import { installMetricWriter } from "./lib/data/metric-writer";
import { databaseKind } from "./lib/env";

const port = Number(process.env.FRUGAL_DASHBOARD_PORT ?? 3010);

async function main() {
  // On SQLite, pushed metric points are written on a thread of their own, not on the one that renders pages.
  if (databaseKind() === "sqlite") installMetricWriter(metricWriteThread());
  const app = next({ dev: false, dir: process.cwd(), port, hostname: "127.0.0.1" });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 65_000;
  server.listen(port, "127.0.0.1", () => process.send?.({ frugal: "dashboard-ready" }));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
  // The worker beside it has written the outcome of a "Sync now" (passed on by server.ts).
  process.on("message", receiveRequestEnded);
  // The front process going away takes the dashboard with it.
  process.on("disconnect", () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error("[frugal] the dashboard could not start:", error);
  process.exit(1);
});
