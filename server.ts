// The production server (`npm start`): a small front process on PORT.
// - /ofrep/* (services asking for their kill switches, on every request) is
//   answered here from an in-memory snapshot, on plain node:http;
// - everything else is passed to the dashboard (Next.js, dashboard-server.ts) in a
//   child process on a loopback port, restarted if it dies.
// Kill switches keep answering, fast, while the dashboard renders a heavy page,
// restarts or crashes: they share neither its event loop nor its heap.
import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { ofrepNodeHandler } from "./lib/ofrep/node";
import { ofrepRuntime } from "./lib/ofrep/runtime";
import { signalOfrepChange } from "./lib/ofrep/signal";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";
const dashboardPort = Number(process.env.FRUGAL_DASHBOARD_PORT ?? port + 10_000);
const dashboardEntry = path.join(process.cwd(), ".next/frugal-dashboard.mjs");
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

let dashboard: ChildProcess | null = null;
let dashboardReady = false;
let stopping = false;

function startDashboard(attempt = 0) {
  const child = fork(dashboardEntry, [], { env: { ...process.env, FRUGAL_DASHBOARD_PORT: String(dashboardPort) }, stdio: "inherit" });
  dashboard = child;
  child.on("message", (message: { frugal?: string }) => {
    if (message?.frugal === "dashboard-ready") {
      dashboardReady = true;
      console.log(`[frugal] serving on http://localhost:${port}`);
    }
    // A switch changed in the dashboard: refresh this process's snapshot now.
    if (message?.frugal === "ofrep-changed") signalOfrepChange();
  });
  child.on("exit", (code, signal) => {
    dashboardReady = false;
    if (stopping) return;
    const delay = Math.min(30_000, 1000 * 2 ** attempt);
    console.error(`[frugal] the dashboard stopped (${signal ?? code}); restarting in ${delay / 1000} s. Kill switches keep answering.`);
    setTimeout(() => startDashboard(attempt + 1), delay).unref();
  });
}

function unavailable(req: http.IncomingMessage, res: http.ServerResponse) {
  const json = (req.url ?? "").startsWith("/api/");
  res.writeHead(503, { "content-type": json ? "application/json" : "text/html; charset=utf-8", "retry-after": "2" });
  res.end(json ? JSON.stringify({ error: { code: "STARTING", message: "The dashboard is starting; try again in a moment." } }) : "<!doctype html><title>Frugal</title><p>The dashboard is starting; this page reloads in a moment.</p><script>setTimeout(()=>location.reload(),2000)</script>");
}

/** Passes a request to the dashboard as it came, with the caller's address as the only X-Forwarded-For. */
function proxy(req: http.IncomingMessage, res: http.ServerResponse) {
  if (!dashboardReady) return unavailable(req, res);
  const headers = { ...req.headers, "x-forwarded-for": req.socket.remoteAddress ?? "", "x-forwarded-proto": (req.headers["x-forwarded-proto"] as string | undefined) ?? "http" };
  const upstream = http.request({ host: "127.0.0.1", port: dashboardPort, method: req.method, path: req.url, headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    answer.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) unavailable(req, res);
    else res.destroy();
  });
  req.pipe(upstream);
}

const handleOfrep = ofrepNodeHandler(ofrepRuntime());
const server = http.createServer((req, res) => {
  if (req.url?.startsWith("/ofrep/")) handleOfrep(req, res);
  else proxy(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname);
startDashboard();

function stop() {
  stopping = true;
  ofrepRuntime().store.stop();
  dashboard?.kill("SIGTERM");
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
