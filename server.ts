// The production server (`npm start`): a small front process on PORT.
// - /ofrep/* (services asking for their kill switches, on every request) is
//   answered here from an in-memory snapshot, on plain node:http; the snapshot is
//   read on a worker thread, so the database never holds this process up;
// - everything else is passed to the dashboard (Next.js, dashboard-server.ts) in a
//   child process on a loopback port, restarted if it dies;
// - the jobs (sync, overload signals, limits, webhooks) run in a third process, the
//   worker (worker-server.ts), also restarted if it dies: never where pages render.
// FRUGAL_ROLE picks what runs here: 'all' (the default), 'web' (front and dashboard:
// the jobs run on a worker instance elsewhere), 'worker' (the jobs only, no HTTP) or
// 'ofrep' (the front alone: OFREP, its health and readiness, a 404 for the rest).
// Kill switches keep answering, fast, while the dashboard renders a heavy page,
// restarts or crashes: they share neither its event loop nor its heap. No single
// request's failure stops this process; if it dies anyway, `npm start` starts it again.
import { execFile, fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { env, listSetting } from "./lib/env";
import { allowedCpuList, processesFor, workerCpu, workerNodeFlags } from "./lib/jobs/runner";
import { isRequestMessage } from "./lib/jobs/request-events";
import { clientAddress, parseAddressList } from "./lib/net/addresses";
import { answerUnavailable, LoadShedder, withShedding } from "./lib/net/load-shedding";
import { normalizedPath } from "./lib/domain/url";
import { ofrepNodeHandler } from "./lib/ofrep/node";
import { ofrepOnlyAnswer } from "./lib/ofrep/only";
import { ofrepRuntime } from "./lib/ofrep/runtime";
import type { SnapshotStore } from "./lib/ofrep/snapshot";
import { signalOfrepChange } from "./lib/ofrep/signal";
import { workerLoader } from "./lib/ofrep/worker-loader";

const port = Number(process.env.PORT ?? 3000);
const dashboardPort = Number(process.env.FRUGAL_DASHBOARD_PORT ?? port + 10_000);
const dashboardEntry = path.join(process.cwd(), ".next/frugal-dashboard.mjs");
const workerEntry = path.join(process.cwd(), ".next/frugal-worker.mjs");
const plan = processesFor(env.FRUGAL_ROLE);
/** The worker's scheduling priority (nice 10): jobs yield the CPU to requests. */
const WORKER_NICENESS = 10;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const trustedProxies = listSetting(env.FRUGAL_TRUSTED_PROXIES).length ? parseAddressList(env.FRUGAL_TRUSTED_PROXIES) : null;

let dashboard: ChildProcess | null = null;
let worker: ChildProcess | null = null;
let dashboardReady = false;
let stopping = false;

/** A child process of this server, and what to do as it starts, talks and stops. */
interface Child {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  /** Node flags beside this process's own. */
  nodeFlags?: string[];
  onMessage: (message: { frugal?: string; scheduling?: boolean }) => void;
  onStart: (child: ChildProcess) => void;
  onExit?: () => void;
  /** Said in the log when it stops. */
  exitNote?: string;
}

/**
 * Starts a child process and starts it again when it dies: at once after a long
 * run, backing off (1 s, 2 s ... 30 s) when it keeps dying at start.
 */
function supervise(spec: Child, attempt = 0) {
  const child = fork(spec.entry, [], { env: spec.env, stdio: "inherit", execArgv: [...process.execArgv, ...(spec.nodeFlags ?? [])] });
  spec.onStart(child);
  const started = Date.now();
  child.on("message", spec.onMessage);
  child.on("exit", (code, signal) => {
    spec.onExit?.();
    if (stopping) return;
    const next = Date.now() - started > 60_000 ? 0 : attempt + 1;
    const delay = Math.min(30_000, 1000 * 2 ** next);
    console.error(`[frugal] the ${spec.name} stopped (${signal ?? code}); restarting in ${delay / 1000} s.${spec.exitNote ? ` ${spec.exitNote}` : ""}`);
    setTimeout(() => supervise(spec, next), delay).unref();
  });
}

function startDashboard() {
  supervise({
    name: "dashboard",
    entry: dashboardEntry,
    // FRUGAL_PROCESS=dashboard: its scheduler stays off, the worker runs the jobs.
    env: { ...process.env, FRUGAL_DASHBOARD_PORT: String(dashboardPort), FRUGAL_PROCESS: "dashboard" },
    onMessage: (message) => {
      if (message?.frugal === "dashboard-ready") {
        dashboardReady = true;
        console.log(`[frugal] serving on http://localhost:${port}`);
      }
      // A switch changed in the dashboard: refresh this process's snapshot now.
      if (message?.frugal === "ofrep-changed") signalOfrepChange();
      // A job asked for (Sync now): the worker claims it now rather than at its next poll.
      if (isRequestMessage(message, "job-requested") && worker?.connected) worker.send(message);
    },
    onStart: (child) => (dashboard = child),
    onExit: () => (dashboardReady = false),
    exitNote: "Kill switches keep answering.",
  });
}

function startWorker() {
  supervise({
    name: "worker",
    entry: workerEntry,
    env: { ...process.env, FRUGAL_PROCESS: "worker" },
    nodeFlags: workerNodeFlags(),
    onMessage: (message) => {
      if (message?.frugal === "worker-ready") {
        keepWorkerOnItsCpu();
        if (message.scheduling) console.log("[frugal] the worker runs the jobs (sync, overload signals, limits, webhooks)");
      }
      // A job moved a switch (an automatic apply): this process's snapshot serves OFREP.
      if (message?.frugal === "ofrep-changed") signalOfrepChange();
      // A job asked for has ended: the dashboard waiting for it answers now rather than at its next look.
      if (isRequestMessage(message, "job-ended") && dashboard?.connected) dashboard.send(message);
    },
    onStart: (child) => {
      worker = child;
      // Background work: on a busy machine the pages and OFREP get the CPU first.
      try {
        if (child.pid) os.setPriority(child.pid, WORKER_NICENESS);
      } catch {
        // not permitted here: the worker runs at normal priority
      }
    },
  });
}

/**
 * Keeps every thread of the worker on one CPU (lib/jobs/runner.ts, workerCpu), once it has
 * started them; threads it starts later inherit it. Best effort: without taskset (util-linux)
 * or the right to use it, the worker runs on any CPU, at nice 10.
 */
function keepWorkerOnItsCpu() {
  const cpu = workerCpu(env.FRUGAL_WORKER_CPU, allowedCpuList());
  if (cpu === null || !worker?.pid) return;
  execFile("taskset", ["--all-tasks", "--pid", "--cpu-list", String(cpu), String(worker.pid)], (error) => {
    if (error) console.info(`[frugal] the worker runs on any CPU (taskset: ${error.message.split("\n")[0]})`);
  });
}

function unavailable(req: http.IncomingMessage, res: http.ServerResponse) {
  answerUnavailable(req, res, { code: "STARTING", message: "The dashboard is starting; try again in a moment.", retryAfterSeconds: 2 });
}

/**
 * Passes a request to the dashboard as it came, with the client's address as the
 * only X-Forwarded-For: the TCP peer, or, behind a proxy listed in
 * FRUGAL_TRUSTED_PROXIES, the address that proxy saw.
 */
function proxy(req: http.IncomingMessage, res: http.ServerResponse) {
  if (!dashboardReady) return unavailable(req, res);
  const forwarded = req.headers["x-forwarded-for"];
  const client = clientAddress(req.socket.remoteAddress ?? "", Array.isArray(forwarded) ? forwarded.join(",") : forwarded, trustedProxies);
  const proto = trustedProxies && req.headers["x-forwarded-proto"] ? String(req.headers["x-forwarded-proto"]) : "http";
  const headers = { ...req.headers, "x-forwarded-for": client, "x-forwarded-proto": proto };
  const upstream = http.request({ host: "127.0.0.1", port: dashboardPort, method: req.method, path: req.url, headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    answer.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) unavailable(req, res);
    else res.destroy();
  });
  // A client gone before its answer: the dashboard stops too (its slot, its connection and any admission it holds free at once).
  res.once("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/** FRUGAL_ROLE=ofrep: no dashboard behind this front; it answers its health, readiness and a 404 itself. */
function answerOfrepOnly(store: SnapshotStore) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    req.resume();
    const answer = ofrepOnlyAnswer(normalizedPath(req.url ?? "/"), store);
    res.writeHead(answer.status, answer.headers).end(answer.body);
  };
}

function failed(res: http.ServerResponse, error: unknown) {
  console.error("[frugal] a request failed in the front process:", error instanceof Error ? error.stack : error);
  if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "INTERNAL", message: "Something went wrong." } }));
  else res.destroy();
}

const runtime = plan.front ? ofrepRuntime(workerLoader) : null;
const handleOfrep = runtime && ofrepNodeHandler(runtime, (res, error) => failed(res, error));
/** What is not OFREP: passed to the dashboard, or answered here where there is none. */
const handleRest = plan.dashboard || !runtime ? proxy : answerOfrepOnly(runtime.store);
// Past capacity, dashboard requests are refused at once (503, Retry-After) rather than queued: lib/net/load-shedding.ts.
const shedder = new LoadShedder({ dashboard: env.FRUGAL_MAX_IN_FLIGHT, ingestion: env.FRUGAL_MAX_IMPORTS_IN_FLIGHT, retryAfterSeconds: 1 });
let shedReported = 0;
setInterval(() => {
  const shed = Object.values(shedder.shed).reduce((a, b) => a + b, 0);
  if (shed > shedReported) console.warn(`[frugal] busy: ${shed - shedReported} requests refused with 503 in the last minute (${Object.entries(shedder.shed).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(", ")} since start)`);
  shedReported = shed;
}, 60_000).unref();
const server = http.createServer(
  withShedding(shedder, (req, res, kind) => {
    try {
      // Routed on the path as Next.js would resolve it (requestKind), so /./ofrep/... reaches this handler and nothing else.
      if (handleOfrep && kind === "ofrep") handleOfrep(req, res);
      else handleRest(req, res);
    } catch (error) {
      failed(res, error);
    }
  }),
);
server.keepAliveTimeout = 65_000;
server.on("clientError", (_error, socket) => {
  if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
  else socket.destroy();
});
// Unset FRUGAL_HOST: every address of both families, as Node listens by default (IPv4 only where the machine has no IPv6).
if (plan.front) server.listen(port, env.FRUGAL_HOST, () => {
  if (!plan.dashboard) console.log(`[frugal] FRUGAL_ROLE=ofrep: serving OFREP only on http://localhost:${port}/ofrep/v1/evaluate/flags`);
});
if (plan.dashboard) startDashboard();
if (plan.worker) startWorker();
if (!plan.front) console.log("[frugal] FRUGAL_ROLE=worker: no HTTP here, only the jobs");

function stop() {
  stopping = true;
  void runtime?.close();
  dashboard?.kill("SIGTERM");
  worker?.kill("SIGTERM");
  if (!plan.front) setTimeout(() => process.exit(0), 1_500).unref();
  else server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
