// Throughput and latency of OFREP single-flag evaluations against a bare node:http
// server answering a fixed JSON body, in the same run, with the same load
// generator and the same concurrency, in alternating rounds so that both see the
// same machine. The load comes from wrk (C), installed first where it is missing and
// may be, otherwise from autocannon (JavaScript), which on a small machine saturates
// before the servers do and so measures itself as much as them.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

const FIXED = JSON.stringify({ key: "recommendations.enabled", value: true, reason: "STATIC", variant: "on", metadata: { tier: 3, state: "on" } });
const BODY = JSON.stringify({ context: { targetingKey: "user-1234" } });

const hasWrk = () => !spawnSync("wrk", ["--version"]).error;

/**
 * The load generator, chosen at the first load: wrk, installed from Debian's packages first
 * where it is missing and this process may (as `npm test` installs Chromium), else autocannon.
 * With wrk, 2 CPUs or more and taskset (util-linux), it is pinned: wrk runs on CPU 0 and the
 * server under test on CPU 1 (pinServer), each server in its turn. Left to the scheduler,
 * the load generator and the server took turns on one CPU at random moments, and
 * a server with more threads and processes (Frugal's front, its worker thread, the
 * dashboard and the jobs beside it) lost more to that than a one-thread bare server,
 * so the same two servers measured 0.57 to 0.88 of each other from one run to the next.
 */
export const loadGenerator = (() => {
  let chosen: { generator: "wrk" | "autocannon"; pinning: boolean } | null = null;
  return () => {
    if (chosen) return chosen;
    if (!hasWrk()) {
      const why = "to load OFREP (autocannon, in JavaScript, saturates before the servers do)";
      spawnSync(process.execPath, ["-e", `import("./scripts/steps.mjs").then((s) => s.installDebianPackages(["wrk"], ${JSON.stringify(why)}))`], { stdio: "inherit" });
    }
    const generator = hasWrk() ? "wrk" : "autocannon";
    if (generator === "autocannon") console.log("wrk is not installed (apt-get install wrk): autocannon loads OFREP, unpinned, and its figures measure it as much as the servers.");
    chosen = { generator, pinning: generator === "wrk" && os.availableParallelism() >= 2 && !spawnSync("taskset", ["-V"]).error };
    return chosen;
  };
})();

/** Pins every thread of a server to CPU 1 (when pinning), or gives it every CPU again (`release`). */
export function pinServer(pid: number | undefined, release = false): void {
  if (!loadGenerator().pinning || pid === undefined) return;
  spawnSync("taskset", ["-a", "-p", "-c", release ? `0-${os.availableParallelism() - 1}` : "1", String(pid)], { stdio: "ignore" });
}

/** The reference: node:http answering a fixed JSON body, in a process of its own like the real server. */
export function startBareServer(port: number): Promise<ChildProcess> {
  const code = `const http = require("node:http"); const body = ${JSON.stringify(FIXED)};
    http.createServer((req, res) => { req.resume(); req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body)); })
      .listen(${port}, () => console.log("ready"));`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout?.once("data", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`the bare server exited (${code})`)));
  });
}

/**
 * What each request's body says: the same targeting key every time (one service asking
 * for one user over and over, or a context that never changes), or a key of its own on
 * every request (a service with more users than the server keeps bodies for: see
 * lib/ofrep/handler.ts, parseBody).
 */
export type Bodies = "same" | "distinct";

function wrk(url: string, headers: Record<string, string>, connections: number, seconds: number, bodies: Bodies): LoadResult {
  const script = path.join(os.tmpdir(), "frugal-wrk.lua");
  const lines = [`wrk.method = "POST"`, `wrk.body = ${JSON.stringify(BODY)}`, `wrk.headers["Content-Type"] = "application/json"`];
  for (const [k, v] of Object.entries(headers)) lines.push(`wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  if (bodies === "distinct") lines.push(`local n = 0`, `request = function() n = n + 1; return wrk.format(nil, nil, nil, '{"context":{"targetingKey":"user-' .. n .. '"}}') end`);
  fs.writeFileSync(script, lines.join("\n"));
  const args = ["-t", "1", "-c", String(connections), "-d", `${seconds}s`, "--latency", "-s", script, url];
  const out = (loadGenerator().pinning ? spawnSync("taskset", ["-c", "0", "wrk", ...args], { encoding: "utf8" }) : spawnSync("wrk", args, { encoding: "utf8" })).stdout;
  const ms = (label: string) => {
    const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!m) return Number.NaN;
    return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
  };
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN),
    p50: ms("50%"),
    p99: ms("99%"),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
  };
}

export async function load(url: string, headers: Record<string, string>, { connections = 200, seconds = 10, bodies = "same" as Bodies } = {}): Promise<LoadResult> {
  if (loadGenerator().generator === "wrk") {
    wrk(url, headers, connections, 2, bodies); // warm-up: JIT, connections
    return wrk(url, headers, connections, seconds, bodies);
  }
  // A new key per request is built by setupRequest, not autocannon's idReplacement: that one
  // declares a Content-Length for 27 characters of id while hyperid's ids are shorter, so the
  // server waited for bytes that never came and not one request completed (0 req/s).
  let n = 0;
  const distinct: autocannon.Request[] = [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ context: { targetingKey: `user-${++n}` } }) }) }];
  const options = { url, method: "POST" as const, headers: { "content-type": "application/json", ...headers }, body: BODY, connections, ...(bodies === "distinct" ? { requests: distinct } : {}) };
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon({ ...options, duration: seconds });
  if (result.requests.total === 0) throw new Error(`No request to ${url} completed in ${seconds} s (${result.errors} errors, ${result.timeouts} timeouts)`);
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
