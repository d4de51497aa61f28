/**
 * npm run bench: speed figures, printed (never asserted in tests).
 *
 * Builds if needed, makes a database with the demo account plus an application of
 * 200 services with 90 days of data, serves it with the production server
 * (server.ts, as npm start does), and measures on loopback:
 *   - sequentially, after a warm-up: the application page (full HTML) and
 *     GET /api/v1/applications/{id}/services over 90 days; the overload page and API
 *     on the demo's 2 days of high-resolution samples;
 *   - under load (200 connections): OFREP single-flag evaluations, one body repeated and
 *     a new targeting key on every request, against a bare node:http server answering a
 *     fixed JSON body, in alternating rounds;
 *   - ingestion: a 100,000-row CSV import, and API batches with /api/health timed meanwhile;
 * then an AWS sync of the stub account at 1x and 10x (scripts/bench/aws-sync.ts, each in a
 * process of its own): calls per API against the fewest possible, duration, memory, and what
 * the default schedule costs; and the jobs off the web path: the same server with its
 * scheduler on and the overload signals every 15 s, an application page, its services API and /api/health
 * timed while a job runs (in the worker process) and between runs.
 * Last, anomaly detection for 2,000 services x 90 days (scripts/bench/anomalies.ts) and
 * Explore over a year of 2,000 services' daily rows (scripts/bench/explore.ts).
 * `npm run bench -- --only aws` (or `--only web`, `--only jobs`, `--only anomalies`, `--only explore`, `--only js`
 * for the JavaScript per route alone) runs one part; `--only databases` times the pages on SQLite and,
 * given a server (FRUGAL_BENCH_POSTGRES_URL), on PostgreSQL, with the same data.
 * `--only databases --large` adds issue 10's large account beside them (50 applications of 40
 * services, 20,000 resources, 90 days, 2 days of high-resolution samples) before timing the pages.
 * `npm run bench -- --only aws-postgres` runs the AWS syncs into PostgreSQL alone (FRUGAL_BENCH_POSTGRES_URL);
 * `npm run bench -- crush` drives OFREP and ingestion past capacity and back (scripts/bench/crush.ts).
 * `npm run bench -- --tiny` runs the parts that need no built server (the AWS sync, anomalies,
 * Explore) at a tiny size, in seconds: `npm test` runs it so that the bench keeps working.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createDb } from "../lib/db/client";
import { deployPending } from "../lib/db/migrate";
import { createDatabase } from "../lib/db/postgres-server";
import { createApiToken } from "../lib/auth/tokens";
import { importUpload } from "../lib/data/metric-upload";
import { evaluateAllOverload } from "../lib/jobs/evaluate-overload";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { seedDemoUsers } from "../lib/jobs/seed-demo-users";
import { workerNodeFlags } from "../lib/jobs/runner";
import { runSync } from "../lib/jobs/sync";
import { syncSamples } from "../lib/jobs/sync-samples";
import { DemoSource } from "../lib/sources/demo/demo-source";
import { seedDemoFeatures } from "../lib/jobs/seed-demo-switches";
import { seedLargeApplication, seedLargeSamples } from "./bench/seed-large-app";
import { benchAnomalies, FULL_ANOMALY_SIZE } from "./bench/anomalies";
import { benchExplore, FULL_EXPLORE_SIZE } from "./bench/explore";
import { generator, load, median, pinServer, pinning, startBareServer, type LoadResult } from "./bench/ofrep-load";
import { crush, crushVerdict, type CrushCounts } from "./bench/crush";

const PORT = 3300;
const BARE_PORT = 3301;
const BASE = `http://localhost:${PORT}`;
const OFREP_ROUNDS = 5;
/** Where the web part's FRUGAL_ROLE=ofrep front listens, beside the full server on PORT. */
const OFREP_ONLY_PORT = 3302;
/** What each OFREP round loads: the bare server, the full front with one body and with a new key each, and the same on an OFREP-only front. */
type OfrepSide = "bare" | "ofrep" | "distinct" | "only" | "onlyDistinct";
const RUNS = 40;
const WARMUP = 5;
const DB_FILE = path.resolve(".frugal/bench.db");

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), p95: at(0.95), min: sorted[0] as number, max: sorted.at(-1) as number };
}

async function time(url: string, headers: Record<string, string>, runs = RUNS): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + runs; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers });
    await response.text();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    if (i >= WARMUP) samples.push(performance.now() - start);
  }
  return samples;
}

/** RSS of the server process and any children it has. */
function serverRss(pid: number | undefined): number | null {
  if (!pid) return null;
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    const children = spawnSync("pgrep", ["-P", String(tree[i])], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number);
    tree.push(...children);
  }
  const kib = tree.reduce((sum, p) => {
    try {
      return sum + Number(fs.readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    } catch {
      return sum;
    }
  }, 0);
  return kib / 1024;
}

/**
 * What a browser downloads up front for each dashboard route: every script the page's
 * HTML references, gzipped (level 6, what a reverse proxy typically sends).
 */
async function javascriptPerRoute(cookie: string, largeApp: string) {
  const routes = ["/", "/applications/storefront", `/applications/${largeApp}`, "/applications/storefront/services/checkout", "/applications/storefront/metrics", "/applications/storefront/tiers", "/applications/storefront/overload", "/limits", "/unallocated"];
  console.log("\nJavaScript per route, gzipped (KB; target under 200):");
  for (const route of routes) {
    const html = await (await fetch(`${BASE}${route}`, { headers: { cookie } })).text();
    const scripts = [...new Set([...html.matchAll(/<script[^>]+src="\/_next\/(static\/[^"]+\.js)"/g)].map((m) => m[1] as string))];
    const bytes = scripts.reduce((sum, file) => sum + gzipSync(fs.readFileSync(path.join(".next", file)), { level: 6 }).length, 0);
    console.log(`  ${route}`.padEnd(52) + `${(bytes / 1024).toFixed(0)} KB`.padStart(9) + `  (${scripts.length} scripts)`);
  }
}

/** The demo viewer's session cookie, signed in through Better Auth's own endpoint. */
async function viewerCookie(): Promise<string> {
  const signIn = await fetch(`${BASE}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ email: "viewer@demo.frugal.dev", password: "frugal-demo-viewer" }),
  });
  return (signIn.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token=")) ?? "").split(";")[0] as string;
}

/** The Prisma client and the production build, made if the sources changed since (scripts/steps.mjs). */
function ensureBuilt() {
  spawnSync("node", ["-e", "import('./scripts/steps.mjs').then(s => { s.ensurePrismaClient(); s.ensureBuild(); })"], { stdio: "inherit" });
}

/**
 * The production server (server.ts, as `npm start` runs it) on the database `url`, with its
 * scheduler off unless `env` turns it on; resolved once /api/health answers. Refused when
 * something already answers on the port: a server left from an earlier run would be measured
 * instead, on a database this run has replaced (its OFREP answered 401 to every request, and
 * the figures printed were of those).
 */
async function startServer(url: string, env: Record<string, string> = {}, port = PORT): Promise<ChildProcess> {
  const answers = await fetch(`http://localhost:${port}/api/health`).then(
    () => true,
    () => false,
  );
  if (answers) throw new Error(`Something already answers on port ${port}, a server left from an earlier run perhaps: stop it first (pkill -f frugal-server.mjs).`);
  const child = spawn(process.execPath, [".next/frugal-server.mjs"], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: url, FRUGAL_SCHEDULER: "off", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 120 && child.exitCode === null; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/api/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill("SIGTERM");
  throw new Error(`the server on port ${port} did not start${child.exitCode !== null ? ` (it exited with code ${child.exitCode})` : ""}`);
}

/** No OFREP rate limit: the point is what the endpoint can do, not one token's ceiling. */
const UNLIMITED_OFREP = { FRUGAL_OFREP_RATE_LIMIT: "1000000000" };
/** Instances that share a database share the secret that signs sessions and tokens. */
const SHARED_SECRET = { BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-42" };

/**
 * Business-metric ingestion: 100,000 CSV rows through the same function the upload
 * uses, then 10 API requests of 10,000 points each, while /api/health is timed
 * beside them (the dashboard must keep answering).
 */
async function benchIngestion(applicationId: number, url: string) {
  const db = createDb(url);
  try {
    await db.businessMetric.upsert({ where: { applicationId_name: { applicationId, name: "bench_points" } }, update: {}, create: { applicationId, name: "bench_points", unit: "points", origin: "push" } });
    const ingestToken = (await createApiToken(db, { applicationId, name: "bench-ingest", scope: "ingest", actor: { kind: "system", label: "bench" } })).token;
    const start = Date.now() - 200 * 86_400_000;
    const csv = ["metric,timestamp,value", ...Array.from({ length: 100_000 }, (_, i) => `bench_points,${new Date(start + i * 60_000).toISOString()},${i % 997}`)].join("\n");
    const heapBefore = process.memoryUsage().rss;
    let t0 = performance.now();
    const imported = await importUpload(db, applicationId, new File([csv], "bench.csv"), { kind: "user", userId: "bench", email: "bench@example.com" });
    const csvMs = performance.now() - t0;
    const rssGrowth = (process.memoryUsage().rss - heapBefore) / 1024 / 1024;
    console.log(`\nIngestion:\n  100,000 CSV rows imported (${imported.inserted} new) in ${(csvMs / 1000).toFixed(2)} s; memory grew ${rssGrowth.toFixed(0)} MiB`);

    const health: number[] = [];
    let busy = true;
    const pinger = (async () => {
      while (busy) {
        const h0 = performance.now();
        await (await fetch(`${BASE}/api/health`)).text();
        health.push(performance.now() - h0);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const perRequest: number[] = [];
    t0 = performance.now();
    for (let r = 0; r < 10; r++) {
      const points = Array.from({ length: 10_000 }, (_, i) => ({ metric: "bench_points", timestamp: new Date(start + (100_000 + r * 10_000 + i) * 60_000).toISOString(), value: i }));
      const r0 = performance.now();
      const response = await fetch(`${BASE}/api/v1/applications/storefront/business-metrics`, { method: "POST", headers: { authorization: `Bearer ${ingestToken}`, "content-type": "application/json" }, body: JSON.stringify({ points }) });
      await response.text();
      if (!response.ok) throw new Error(`ingestion: ${response.status}`);
      perRequest.push(performance.now() - r0);
    }
    const apiMs = performance.now() - t0;
    busy = false;
    await pinger;
    const h = stats(health);
    const p = stats(perRequest);
    console.log(`  10 API requests of 10,000 points: ${(apiMs / 1000).toFixed(2)} s in all, ${p.median.toFixed(0)} ms median per request`);
    console.log(`  GET /api/health meanwhile (${health.length} requests): median ${h.median.toFixed(1)} ms, p95 ${h.p95.toFixed(1)} ms, max ${h.max.toFixed(1)} ms`);
  } finally {
    await db.$disconnect();
  }
}

interface AwsRun {
  services: number;
  resources: number;
  series: number;
  days: number;
  durationMs: number;
  peakMiB: number;
  retainedMiB: number;
  calls: Record<string, { calls: number; minimum: number; retries: number }>;
  costMicroUsd: number;
  secondSync: SyncCost;
  schedule: {
    trafficRefresh: SyncCost;
    costRefresh: SyncCost;
    firstSignals: SignalsCost;
    signalsRun: SignalsCost;
    /** The applications list's badges right after a signals run: from its verdicts, and judged again from the samples. */
    listBadges: { verdictsMs: number; judgedMs: number; same: boolean };
  } | null;
}
type SyncCost = { ceCalls: number; metricsRequested: number; costMicroUsd: number };
type SignalsCost = { metricsRequested: number; costMicroUsd: number; durationMs: number; peakMiB: number; retainedMiB: number };

function awsRun(services: number, schedule: boolean, days = 30, postgres = false): Promise<AwsRun> {
  return new Promise((resolve, reject) => {
    const args = ["scripts/bench/aws-sync.ts", "--services", String(services), "--days", String(days), ...(schedule ? ["--schedule"] : []), ...(postgres ? ["--postgres"] : [])];
    // With the worker's Node flags: the sync as `npm start`'s worker runs it.
    // (in NODE_OPTIONS: tsx runs the script in a child process that does not inherit the flags given to its own)
    const nodeOptions = [process.env.NODE_OPTIONS ?? "", ...workerNodeFlags()].join(" ").trim();
    const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), ...args], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_OPTIONS: nodeOptions } });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1) as string) as AwsRun) : reject(new Error(`aws-sync bench exited with ${code}`))));
  });
}

const usd = (micro: number) => `$${(micro / 1e6).toFixed(2)}`;

async function benchAwsSync(tiny = false) {
  console.log(`\nAWS sync of the stub account (${tiny ? 3 : 30} days; the real SDK clients over HTTP to the stub in another process):`);
  const runs: AwsRun[] = [];
  if (tiny) runs.push(await awsRun(20, true, 3));
  else {
    console.log("  (1,000 services with the schedule after it, then 10,000: about 6 minutes here)");
    for (const services of [1_000, 10_000]) runs.push(await awsRun(services, services === 1_000));
  }
  console.log("  account".padEnd(60) + "duration".padStart(10) + "peak RSS".padStart(12) + "held".padStart(10));
  for (const r of runs) {
    const label = `${r.services / 1000}x: ${r.services.toLocaleString("en")} services, ${r.resources.toLocaleString("en")} resources, ${r.series.toLocaleString("en")} series`;
    console.log(`  ${label}`.padEnd(60) + `${(r.durationMs / 1000).toFixed(1)} s`.padStart(10) + `+${r.peakMiB} MiB`.padStart(12) + `${r.retainedMiB} MiB`.padStart(10));
  }
  console.log("  (peak RSS: above the process's size before the sync; held: the most the heap kept after a full collection, sampled every 0.5 s)");
  console.log("  calls, made / fewest possible".padEnd(60) + runs.map((r) => `${r.services / 1000}x`.padStart(16)).join(""));
  let within = true;
  for (const api of Object.keys(runs[0]!.calls)) {
    const cells = runs.map((r) => {
      const c = r.calls[api]!;
      within &&= c.calls <= Math.ceil(c.minimum * 1.1);
      return `${c.calls} / ${c.minimum}${c.retries ? ` (${c.retries} retried)` : ""}`.padStart(16);
    });
    console.log(`  ${api}`.padEnd(60) + cells.join(""));
  }
  console.log(`  Target (calls within 10 % of the minimum): ${within ? "met" : "NOT met"}`);
  const [one] = runs as [AwsRun];
  console.log(`  First sync: ${runs.map((r) => `${usd(r.costMicroUsd)} at ${r.services / 1000}x`).join(", ")}; a sync right after it: ${runs.map((r) => `${r.secondSync.ceCalls} Cost Explorer calls, ${usd(r.secondSync.costMicroUsd)}`).join("; ")}`);
  const s = one.schedule;
  if (!s) return;
  console.log("  Then, at 1x:");
  console.log(`    today's metrics an hour later: ${s.trafficRefresh.metricsRequested.toLocaleString("en")} metrics, ${usd(s.trafficRefresh.costMicroUsd)}`);
  console.log(`    the estimated cost days 8 hours later: ${s.costRefresh.ceCalls} Cost Explorer calls, ${usd(s.costRefresh.costMicroUsd)}`);
  for (const [label, r] of [["overload samples, first run (1- and 5-minute)", s.firstSignals], ["overload samples, a later run (1-minute)", s.signalsRun]] as const) {
    console.log(`    ${label}: ${r.metricsRequested.toLocaleString("en")} metrics, ${usd(r.costMicroUsd)}, ${(r.durationMs / 1000).toFixed(1)} s, peak RSS +${r.peakMiB} MiB, held ${r.retainedMiB} MiB`);
  }
  const b = s.listBadges;
  console.log(`    the applications list's overload badges after it: ${b.verdictsMs} ms from the run's verdicts, ${b.judgedMs} ms judged again from the samples (${b.same ? "the same badges" : "NOT the same badges"})`);
  // The default schedule: today's metrics hourly (24 syncs that read), the estimated days about 3 times a day, signals every 5 minutes.
  const syncsPerDay = 24 * s.trafficRefresh.costMicroUsd + 3 * (s.costRefresh.costMicroUsd - s.trafficRefresh.costMicroUsd);
  const signalsPerDay = 288 * s.signalsRun.costMicroUsd;
  console.log(`  Default schedule at 1x: syncs ${usd(syncsPerDay)} a day, overload samples every 5 minutes ${usd(signalsPerDay)} a day (${usd((signalsPerDay * 30) / one.services)} a service a month)`);
  console.log(JSON.stringify({ aws: runs.map((r) => ({ services: r.services, durationMs: r.durationMs, peakMiB: r.peakMiB, costMicroUsd: r.costMicroUsd, calls: r.calls, withinMinimum: within })) }));
  if (!tiny) await benchAwsSyncPostgres();
}

/** The same syncs writing to PostgreSQL (FRUGAL_BENCH_POSTGRES_URL), at 1x and 10x: duration and memory. */
async function benchAwsSyncPostgres() {
  if (!(process.env.FRUGAL_BENCH_POSTGRES_URL ?? process.env.FRUGAL_TEST_POSTGRES_URL)) {
    console.log("  (no PostgreSQL server, FRUGAL_BENCH_POSTGRES_URL: the syncs on PostgreSQL were skipped)");
    return;
  }
  console.log("  The same syncs into PostgreSQL (a fresh database on that server; about 8 minutes here):");
  const runs: AwsRun[] = [];
  for (const services of [1_000, 10_000]) runs.push(await awsRun(services, false, 30, true));
  for (const r of runs) {
    const label = `${r.services / 1000}x on PostgreSQL: ${r.services.toLocaleString("en")} services, ${r.resources.toLocaleString("en")} resources`;
    const calls = Object.values(r.calls).reduce((sum, c) => sum + c.calls, 0);
    console.log(`  ${label}`.padEnd(60) + `${(r.durationMs / 1000).toFixed(1)} s`.padStart(10) + `+${r.peakMiB} MiB`.padStart(12) + `${r.retainedMiB} MiB`.padStart(10) + `   ${calls} calls, ${usd(r.costMicroUsd)}`);
  }
  console.log(JSON.stringify({ awsPostgres: runs.map((r) => ({ services: r.services, durationMs: r.durationMs, peakMiB: r.peakMiB, retainedMiB: r.retainedMiB, costMicroUsd: r.costMicroUsd })) }));
}

/**
 * The large account of issue 10's measure: 50 more applications of 40 services (2,000), each
 * service with 10 resources (20,000), 90 days of daily cost and traffic and 2 days of
 * high-resolution samples, beside the demo; then the overload judged as the worker's signals run
 * judges it, so that the applications list finds the verdicts it would find in production.
 */
async function seedLargeAccount(url: string): Promise<{ services: number; resources: number; samples: number; judgedMs: number }> {
  const db = createDb(url);
  try {
    const account = await db.cloudAccount.findFirstOrThrow({ where: { source: "demo" } });
    const now = new Date();
    let resources = 0;
    let samples = 0;
    for (let a = 0; a < 50; a++) {
      const app = await seedLargeApplication(db, account.id, { slug: `large-${String(a).padStart(2, "0")}`, services: 40, days: 90 });
      const services = await db.service.findMany({ where: { applicationId: app.id }, select: { id: true, name: true } });
      const rows = services.flatMap((s) =>
        Array.from({ length: 10 }, (_, i) => ({ accountId: account.id, arn: `arn:aws:lambda:us-east-1:123456789012:function:${app.slug}-${s.name}-${i}`, name: `${app.slug}-${s.name}-${i}`, type: "lambda:function", region: "us-east-1", tags: { app: app.slug, service: s.name }, applicationId: app.id, serviceId: s.id })),
      );
      await db.resource.createMany({ data: rows });
      resources += rows.length;
      samples += await seedLargeSamples(db, services.map((s) => s.id), now);
    }
    const judging = performance.now();
    await evaluateAllOverload(db, account.id, new Date());
    return { services: 50 * 40, resources, samples, judgedMs: performance.now() - judging };
  } finally {
    await db.$disconnect();
  }
}

/** The demo account plus the 200-service application into a migrated, empty database. */
async function seedBenchDatabase(url: string) {
  await deployPending(url);
  const db = createDb(url);
  try {
    const { accountId } = await seedDemoAccount(db);
    await seedDemoUsers(db, accountId);
    const now = new Date();
    await runSync({ db, source: new DemoSource({ seed: 42, now: () => now }), accountId, trigger: "cli", now, days: 90 });
    const samples = await syncSamples(db, new DemoSource({ seed: 42, now: () => now }), accountId, now);
    const app = await seedLargeApplication(db, accountId);
    await seedDemoFeatures(db, accountId);
    const token = (await createApiToken(db, { applicationId: app.id, name: "bench", scope: "read", actor: { kind: "system", label: "bench" } })).token;
    return { app, token, samples: samples.inserted };
  } finally {
    await db.$disconnect();
  }
}

/**
 * The same pages on SQLite and on PostgreSQL (FRUGAL_BENCH_POSTGRES_URL or FRUGAL_TEST_POSTGRES_URL:
 * a server whose role creates databases; a `frugal_bench` database is made there afresh).
 */
async function benchDatabases() {
  ensureBuilt();
  const server = process.env.FRUGAL_BENCH_POSTGRES_URL ?? process.env.FRUGAL_TEST_POSTGRES_URL;
  const targets: { dialect: string; url: string }[] = [{ dialect: "SQLite", url: `file:${DB_FILE}` }];
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DB_FILE + suffix, { force: true });
  if (server) targets.push({ dialect: "PostgreSQL", url: await createDatabase(server, "frugal_bench", { replace: true }) });
  else console.log("No PostgreSQL server (FRUGAL_BENCH_POSTGRES_URL): SQLite only.");
  const rows: { dialect: string; what: string; median: number; p95: number }[] = [];
  for (const target of targets) {
    const seeding = performance.now();
    const { app, token } = await seedBenchDatabase(target.url);
    const large = process.argv.includes("--large") ? await seedLargeAccount(target.url) : null;
    console.log(`${target.dialect}: seeded the demo and ${app.slug} (200 services, 90 days)${large ? `, and 50 applications of 40 services (${large.services.toLocaleString("en")} services, ${large.resources.toLocaleString("en")} resources, 90 days, ${large.samples.toLocaleString("en")} high-resolution samples; their overload judged as a signals run judges it in ${(large.judgedMs / 1000).toFixed(1)} s)` : ""} in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const child = await startServer(target.url, { ...UNLIMITED_OFREP, ...SHARED_SECRET });
    try {
      const cookie = await viewerCookie();
      const pages: [string, string, Record<string, string>][] = [
        ["applications list, 90 days (HTML)", "/?range=90", { cookie }],
        [`application page, ${app.slug} (200 services), 90 days`, `/applications/${app.slug}?range=90`, { cookie }],
        ["service page, storefront/checkout, 90 days", "/applications/storefront/services/checkout?range=90", { cookie }],
        [`GET /api/v1/applications/${app.slug}/services?range=90`, `/api/v1/applications/${app.slug}/services?range=90`, { authorization: `Bearer ${token}` }],
        ["overload page, storefront (HTML)", "/applications/storefront/overload", { cookie }],
        ["explore, by service, 30 days", "/explore?group=service", { cookie }],
        ["reports page", "/reports", { cookie }],
        ...(large
          ? ([
              ["application page, large-07 (40 services), 90 days", "/applications/large-07?range=90", { cookie }],
              ["overload page, large-07 (40 services)", "/applications/large-07/overload", { cookie }],
              ["explore, by application, 90 days", "/explore?range=90", { cookie }],
            ] as [string, string, Record<string, string>][])
          : []),
      ];
      for (const [what, route, headers] of pages) {
        const st = stats(await time(`${BASE}${route}`, headers, 20));
        rows.push({ dialect: target.dialect, what, median: st.median, p95: st.p95 });
      }
      if (target.dialect === "PostgreSQL") await benchOfrepInstances(target.url);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.on("exit", resolve));
    }
  }
  console.log(`\nPages by database, loopback, 20 runs after ${WARMUP} warm-up runs (ms):`);
  console.log("  what".padEnd(62) + targets.map((t) => `${t.dialect} median`.padStart(20) + "p95".padStart(8)).join(""));
  for (const what of [...new Set(rows.map((r) => r.what))]) {
    console.log(`  ${what}`.padEnd(62) + targets.map((t) => {
      const r = rows.find((x) => x.what === what && x.dialect === t.dialect)!;
      return r.median.toFixed(1).padStart(20) + r.p95.toFixed(1).padStart(8);
    }).join(""));
  }
  console.log(`Target (every median under 150 ms, on each database): ${rows.every((r) => r.median < 150) ? "met" : "NOT met"}`);
  console.log(JSON.stringify({ databases: rows }));
}

/**
 * OFREP with two instances on one PostgreSQL database: the instance the database part started
 * (PORT) and a second one (FRUGAL_ROLE=web) on another port, loaded together (100 connections
 * each) against one instance alone and the bare server (200 connections), in alternating rounds;
 * then a switch changed in the database, and how long until each instance serves it.
 */
async function benchOfrepInstances(url: string) {
  const second = 3302;
  const db = createDb(url);
  const storefront = await db.application.findFirstOrThrow({ where: { slug: "storefront" } });
  const feature = await db.feature.findFirstOrThrow({ where: { applicationId: storefront.id, key: "recommendations.enabled" } });
  const flagsToken = (await createApiToken(db, { applicationId: storefront.id, name: "bench-instances", scope: "flags", actor: { kind: "system", label: "bench" } })).token;
  const child = await startServer(url, { FRUGAL_ROLE: "web", ...UNLIMITED_OFREP, ...SHARED_SECRET }, second);
  const bare = await startBareServer(BARE_PORT);
  const flag = (port: number) => `http://localhost:${port}/ofrep/v1/evaluate/flags/recommendations.enabled`;
  const auth = { authorization: `Bearer ${flagsToken}` };
  try {
    const rounds: { bare: LoadResult; one: LoadResult; two: LoadResult }[] = [];
    for (let round = 0; round < 3; round++) {
      const bareRun = await load(`http://localhost:${BARE_PORT}/`, {});
      const one = await load(flag(PORT), auth);
      const [a, b] = await Promise.all([load(flag(PORT), auth, { connections: 100 }), load(flag(second), auth, { connections: 100 })]);
      rounds.push({ bare: bareRun, one, two: { requestsPerSecond: a.requestsPerSecond + b.requestsPerSecond, p50: Math.max(a.p50, b.p50), p99: Math.max(a.p99, b.p99), non2xx: a.non2xx + b.non2xx } });
    }
    const pick = (side: "bare" | "one" | "two", field: keyof LoadResult) => median(rounds.map((r) => r[side][field]));
    console.log(`\nOFREP on PostgreSQL, 200 connections in all, load from ${generator}, 3 rounds of 10 s (medians):`);
    console.log("  server".padEnd(64) + "req/s".padStart(10) + "p50 ms".padStart(9) + "p99 ms".padStart(9) + "non-2xx".padStart(9));
    for (const [side, label] of [["bare", "bare node:http, fixed JSON"], ["one", "one Frugal instance"], ["two", "two Frugal instances, 100 connections each (sum; worst p99)"]] as const) {
      console.log(`  ${label}`.padEnd(64) + pick(side, "requestsPerSecond").toFixed(0).padStart(10) + pick(side, "p50").toFixed(1).padStart(9) + pick(side, "p99").toFixed(1).padStart(9) + pick(side, "non2xx").toFixed(0).padStart(9));
    }
    console.log(`  ratio to the bare server: one instance ${(pick("one", "requestsPerSecond") / pick("bare", "requestsPerSecond")).toFixed(2)}, two ${(pick("two", "requestsPerSecond") / pick("bare", "requestsPerSecond")).toFixed(2)} (target at least 0.70; both instances share this machine's 2 cores with the load and PostgreSQL)`);

    // A switch moved in the database (as either instance's dashboard does): when does each instance serve it?
    const { changeSwitch } = await import("../lib/data/switches");
    const serves = async (port: number, value: boolean) => {
      const response = await fetch(flag(port), { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ context: { targetingKey: "user-1" } }) });
      return ((await response.json()) as { value?: boolean }).value === value;
    };
    const propagation: number[][] = [];
    for (const [to, value] of [["off", false], ["on", true]] as const) {
      const changed = performance.now();
      await changeSwitch(db, { featureId: feature.id, to: { state: to, throttlePercent: null }, reason: "bench: propagation across instances", actor: { kind: "system", label: "bench" }, source: "automation" });
      propagation.push(
        await Promise.all(
          [PORT, second].map(async (port) => {
            while (!(await serves(port, value))) await new Promise((r) => setTimeout(r, 20));
            return performance.now() - changed;
          }),
        ),
      );
    }
    const worst = Math.max(...propagation.flat());
    console.log(`  a switch changed in the database, served by both instances after ${propagation.map((p) => p.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(" and ")).join(", then ")} (worst ${(worst / 1000).toFixed(2)} s; target 5 s)`);
    console.log(JSON.stringify({ ofrepInstances: { rounds, propagationMs: propagation } }));
  } finally {
    bare.kill();
    child.kill("SIGTERM");
    await db.$disconnect();
  }
}

async function main() {
  if (process.argv.includes("--tiny")) {
    // What needs no built server, small: the figures mean nothing, the code paths must still run.
    await benchAwsSync(true);
    benchAnomaliesPart(true);
    await benchExplorePart(true);
    return;
  }
  const only = process.argv.includes("crush") ? "crush" : process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
  if (only === "crush") await benchCrush();
  if (only === "databases") await benchDatabases();
  if (only === null || only === "web") await benchWeb();
  if (only === null || only === "jobs") await benchJobs();
  if (only === "js") await benchJavascript();
  if (only === null || only === "aws") await benchAwsSync();
  if (only === "aws-postgres") await benchAwsSyncPostgres();
  if (only === null || only === "anomalies") benchAnomaliesPart();
  if (only === null || only === "explore") await benchExplorePart();
}

async function benchExplorePart(tiny = false) {
  const size = tiny ? { apps: 2, servicesPerApp: 5, days: 40 } : FULL_EXPLORE_SIZE;
  const r = await benchExplore(size);
  console.log(`\nExplore (${(size.apps * size.servicesPerApp).toLocaleString("en")} services x ${size.days} days, 15 AWS services and 3 regions per application: ${r.rows.toLocaleString("en")} daily rows; median of 5 runs):`);
  for (const q of r.queries) console.log(`  ${q.name.padEnd(52)} ${q.medianMs.toFixed(0).padStart(6)} ms`);
  console.log(`  Target: every query under 200 ms: ${r.queries.every((q) => q.medianMs < 200) ? "met" : "NOT met"}`);
  console.log(JSON.stringify({ explore: r }));
}

function benchAnomaliesPart(tiny = false) {
  const r = benchAnomalies(tiny ? { apps: 2, servicesPerApp: 5, days: 90 } : FULL_ANOMALY_SIZE);
  console.log("\nAnomaly detection (the pure detector, inputs in memory; 7 runs):");
  console.log(`  ${r.services.toLocaleString("en")} services x ${r.days} days, every figure judged: median ${r.medianMs.toFixed(0)} ms (target: under 1,000 ms), ${r.anomalies} anomalies found (3 planted per application)`);
  console.log(JSON.stringify({ anomalies: r }));
}

async function benchWeb() {
  ensureBuilt();

  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DB_FILE + suffix, { force: true });
  const url = `file:${DB_FILE}`;
  const seeding = performance.now();
  const { app, token, samples } = await seedBenchDatabase(url);
  const db = createDb(url);
  const storefront = await db.application.findFirstOrThrow({ where: { slug: "storefront" } });
  const flagsToken = (await createApiToken(db, { applicationId: storefront.id, name: "bench-flags", scope: "flags", actor: { kind: "system", label: "bench" } })).token;
  const rows = await db.serviceCostDay.count({ where: { applicationId: app.id } });
  await db.$disconnect();
  console.log(`Seeded ${app.slug}: 200 services, ${rows} service-days, and ${samples} high-resolution samples for the demo, in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const server = await startServer(url, UNLIMITED_OFREP);
  try {
    const cookie = await viewerCookie();

    const results: [string, number[]][] = [
      [`application page, ${app.slug}, 90 days (HTML)`, await time(`${BASE}/applications/${app.slug}?range=90`, { cookie })],
      [`GET /api/v1/applications/${app.slug}/services?range=90`, await time(`${BASE}/api/v1/applications/${app.slug}/services?range=90`, { authorization: `Bearer ${token}` })],
      ["application page, storefront (6 services), 90 days", await time(`${BASE}/applications/storefront?range=90`, { cookie })],
      ["GET /api/v1/applications?range=90", await time(`${BASE}/api/v1/applications?range=90`, { cookie })],
      ["overload page, storefront, 2 days of samples (HTML)", await time(`${BASE}/applications/storefront/overload`, { cookie })],
      ["GET /api/v1/applications/storefront/overload", await time(`${BASE}/api/v1/applications/storefront/overload`, { cookie })],
    ];
    console.log(`\nLoopback, sequential, ${RUNS} runs after ${WARMUP} warm-up runs (ms):`);
    console.log("  what".padEnd(62) + "median".padStart(9) + "p95".padStart(9) + "min".padStart(9) + "max".padStart(9));
    for (const [label, samples] of results) {
      const s = stats(samples);
      console.log(`  ${label}`.padEnd(62) + [s.median, s.p95, s.min, s.max].map((v) => v.toFixed(1).padStart(9)).join(""));
    }
    const target = stats(results[0]![1]).median < 150 && stats(results[1]![1]).median < 150;
    console.log(`\nTarget (median under 150 ms for the 200-service page and API): ${target ? "met" : "NOT met"}`);
    const rss = serverRss(server.pid);
    if (rss) console.log(`Server memory (RSS) after the page runs: ${rss.toFixed(0)} MiB`);

    await javascriptPerRoute(cookie, app.slug);

    // The same database served by a FRUGAL_ROLE=ofrep front too: one that has proxied no page (README, Benchmarks).
    const only = await startServer(url, { FRUGAL_ROLE: "ofrep", ...UNLIMITED_OFREP }, OFREP_ONLY_PORT);
    const bare = await startBareServer(BARE_PORT).catch((error: unknown) => {
      only.kill("SIGTERM");
      throw error;
    });
    const rounds: Record<OfrepSide, LoadResult>[] = [];
    pinServer(bare.pid);
    pinServer(server.pid);
    pinServer(only.pid);
    const evaluate = (port: number, bodies: "same" | "distinct") => load(`http://localhost:${port}/ofrep/v1/evaluate/flags/recommendations.enabled`, { authorization: `Bearer ${flagsToken}` }, { bodies });
    try {
      for (let round = 0; round < OFREP_ROUNDS; round++) {
        rounds.push({
          bare: await load(`http://localhost:${BARE_PORT}/`, {}),
          ofrep: await evaluate(PORT, "same"),
          distinct: await evaluate(PORT, "distinct"),
          only: await evaluate(OFREP_ONLY_PORT, "same"),
          onlyDistinct: await evaluate(OFREP_ONLY_PORT, "distinct"),
        });
      }
    } finally {
      bare.kill();
      only.kill("SIGTERM");
    }
    const after = serverRss(server.pid);
    if (after) console.log(`Server memory (RSS) after the OFREP load: ${after.toFixed(0)} MiB`);

    const pick = (side: OfrepSide, field: keyof LoadResult) => median(rounds.map((r) => r[side][field]));
    console.log(`\nOFREP single-flag evaluation, 200 connections, load from ${generator}${pinning ? " on one CPU, each server on the other (taskset)" : ""}, ${OFREP_ROUNDS} rounds of 10 s each (medians):`);
    console.log("  server".padEnd(40) + "req/s".padStart(10) + "p50 ms".padStart(9) + "p99 ms".padStart(9) + "non-2xx".padStart(9));
    const labels: Record<OfrepSide, string> = {
      bare: "bare node:http, fixed JSON",
      ofrep: "Frugal OFREP, one body repeated",
      distinct: "Frugal OFREP, a new targeting key each",
      only: "FRUGAL_ROLE=ofrep, one body repeated",
      onlyDistinct: "FRUGAL_ROLE=ofrep, a new key each",
    };
    const measured = ["ofrep", "distinct", "only", "onlyDistinct"] as const;
    for (const side of ["bare", ...measured] as const) {
      console.log(`  ${labels[side]}`.padEnd(40) + pick(side, "requestsPerSecond").toFixed(0).padStart(10) + pick(side, "p50").toFixed(1).padStart(9) + pick(side, "p99").toFixed(1).padStart(9) + pick(side, "non2xx").toFixed(0).padStart(9));
    }
    const ratios = Object.fromEntries(
      measured.map((side) => [side, { throughput: pick(side, "requestsPerSecond") / pick("bare", "requestsPerSecond"), p99: pick(side, "p99") / pick("bare", "p99") }]),
    ) as Record<(typeof measured)[number], { throughput: number; p99: number }>;
    for (const side of measured) {
      const { throughput, p99 } = ratios[side];
      console.log(`  ${labels[side]} / bare: throughput ${throughput.toFixed(2)} (target at least 0.70: ${throughput >= 0.7 ? "met" : "NOT met"}), p99 ${p99.toFixed(2)} (target at most 1.5: ${p99 <= 1.5 ? "met" : "NOT met"})`);
    }
    // A refused token or a missing flag is answered fast too: such a run measures no evaluation.
    const refused = rounds.reduce((n, r) => n + measured.reduce((m, side) => m + r[side].non2xx, 0), 0);
    if (refused > 0) console.log(`  NOT evaluations: ${refused} OFREP answers were not 2xx, so the ratios above measure errors (is another server on port ${PORT} or ${OFREP_ONLY_PORT}?)`);
    console.log(JSON.stringify({ ofrep: { pinned: pinning, generator, rounds, ratios } }));

    // OFREP while another process holds the database's write lock (a long import, a stuck writer).
    const locker = spawn(process.execPath, ["-e", `const D=require("better-sqlite3");const d=new D(${JSON.stringify(DB_FILE)});d.exec("BEGIN IMMEDIATE");d.prepare("UPDATE ApiToken SET name=name").run();process.stdout.write("locked\\n");setTimeout(()=>{d.exec("COMMIT");d.close()},15000)`], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => locker.stdout.once("data", () => resolve()));
    const locked = await load(`${BASE}/ofrep/v1/evaluate/flags/recommendations.enabled`, { authorization: `Bearer ${flagsToken}` });
    await new Promise((resolve) => locker.on("exit", resolve));
    console.log("  Frugal OFREP, write lock held 15 s".padEnd(40) + locked.requestsPerSecond.toFixed(0).padStart(10) + locked.p50.toFixed(1).padStart(9) + locked.p99.toFixed(1).padStart(9) + locked.non2xx.toFixed(0).padStart(9));
    pinServer(server.pid, true);

    await benchIngestion(storefront.id, url);
  } finally {
    server.kill("SIGTERM");
  }
}

/**
 * Pages while the jobs run: the production server with its scheduler on (the jobs in
 * the worker process), the overload signals every 15 s and a sync 7 s after each of them
 * (besides the one on start), and, for 120 s, an application page, its services API and
 * /api/health requested one after the other. Each answer is counted by what the worker was
 * doing when it was asked (from SyncRun): a sync, a signals run, or nothing. A sync a minute
 * (as before) left about 15 answers per request in its phase, too few for a median: the same
 * build measured 1.18 to 1.62 from one run to the next.
 */
const JOBS_SECONDS = 120;

/** The web part and the databases part (--large) each leave their own account in the bench's file: says which one a part runs on. */
async function whichAccount(url: string): Promise<string> {
  const held = createDb(url);
  const [applications, services] = await Promise.all([held.application.count(), held.service.count()]);
  await held.$disconnect();
  return `the database the last web or databases part left (${applications} applications, ${services.toLocaleString("en")} services)`;
}

async function benchJobs() {
  if (!fs.existsSync(DB_FILE)) await benchWeb();
  ensureBuilt();
  const url = `file:${DB_FILE}`;
  await deployPending(url);
  // The jobs' length depends on which account the file holds.
  console.log(`\nJobs off the web path, on ${await whichAccount(url)}:`);
  const server = await startServer(url, { FRUGAL_SCHEDULER: "on", FRUGAL_SIGNALS_CRON: "*/15 * * * * *", FRUGAL_SYNC_CRON: "7,22,37,52 * * * * *" });
  try {
    const cookie = await viewerCookie();
    const targets = [
      ["application page, storefront, 30 days (HTML)", `${BASE}/applications/storefront?range=30`, { cookie }],
      // A JSON API read as a client of the API makes it, and the liveness probe (4 ms, three processes crossed).
      ["GET /api/v1/applications/storefront/services", `${BASE}/api/v1/applications/storefront/services?range=30`, { cookie }],
      ["GET /api/health", `${BASE}/api/health`, {}],
    ] as const;
    const samples: { target: number; at: number; ms: number }[] = [];
    const started = Date.now();
    while (Date.now() - started < JOBS_SECONDS * 1000) {
      for (const [index, [, target, headers]] of targets.entries()) {
        const at = Date.now();
        const t0 = performance.now();
        await (await fetch(target, { headers })).text();
        samples.push({ target: index, at, ms: performance.now() - t0 });
      }
    }
    const db = createDb(url);
    const runs = await db.syncRun.findMany({ where: { startedAt: { gte: new Date(started - 60_000) } }, select: { trigger: true, runner: true, startedAt: true, finishedAt: true } });
    await db.$disconnect();
    const under = (at: number, signals: boolean) => runs.some((r) => (r.trigger === "signals") === signals && r.startedAt.getTime() <= at && at <= (r.finishedAt ?? new Date()).getTime());
    const phaseOf = (at: number) => (under(at, false) ? "during a sync" : under(at, true) ? "during signals" : "between jobs");
    const runMs = (signals: boolean) => runs.filter((r) => (r.trigger === "signals") === signals && r.finishedAt).map((r) => r.finishedAt!.getTime() - r.startedAt.getTime());
    const described = (ms: number[], what: string) => `${ms.length} ${what}${ms.length ? `, median ${stats(ms).median.toFixed(0)} ms each` : ""}`;
    console.log(`  ${described(runMs(true), "signals runs")} and ${described(runMs(false), "syncs")} in ${JOBS_SECONDS} s, run by ${[...new Set(runs.map((r) => r.runner?.split("@")[0] ?? "?"))].join(", ")}`);
    console.log("  what".padEnd(52) + "when".padEnd(18) + "median".padStart(8) + "p95".padStart(8) + "n".padStart(6) + "ratio".padStart(8));
    const json: Record<string, Record<string, { median: number; p95: number; n: number; ratio: number | null }>> = {};
    const phases = ["between jobs", "during signals", "during a sync"] as const;
    for (const [index, [label]] of targets.entries()) {
      const byPhase = new Map<string, number[]>(phases.map((phase) => [phase, []]));
      for (const s of samples) if (s.target === index) byPhase.get(phaseOf(s.at))!.push(s.ms);
      const between = byPhase.get("between jobs")!;
      const base = between.length ? stats(between).median : null;
      json[label] = {};
      for (const [row, phase] of phases.entries()) {
        const ms = byPhase.get(phase)!;
        const first = row === 0 ? `  ${label}` : "";
        if (!ms.length) {
          console.log(first.padEnd(52) + phase.padEnd(18) + "(no answer asked then)".padStart(30));
          continue;
        }
        const s = stats(ms);
        const ratio = base === null || row === 0 ? null : s.median / base;
        json[label]![phase] = { median: s.median, p95: s.p95, n: ms.length, ratio };
        console.log(first.padEnd(52) + phase.padEnd(18) + s.median.toFixed(1).padStart(8) + s.p95.toFixed(1).padStart(8) + String(ms.length).padStart(6) + (ratio === null ? "" : ratio.toFixed(2)).padStart(8));
      }
    }
    console.log("  target: the median during a job within 20 % of the median between jobs (ratio at most 1.20)");
    console.log(JSON.stringify({ jobs: json }));
  } finally {
    server.kill("SIGTERM");
  }
}

/**
 * Crush (`npm run bench -- crush`): the production server, on the web part's database,
 * driven past capacity on OFREP and the ingestion API and back (scripts/bench/crush.ts).
 * The OFREP rate limit per token is lifted, as in the web part: the point is the
 * server's own shedding, not one token's limit.
 */
async function benchCrush() {
  if (!fs.existsSync(DB_FILE)) await benchWeb();
  ensureBuilt();
  const url = `file:${DB_FILE}`;
  await deployPending(url);
  const account = await whichAccount(url);
  const db = createDb(url);
  const storefront = await db.application.findFirstOrThrow({ where: { slug: "storefront" } });
  await db.businessMetric.upsert({ where: { applicationId_name: { applicationId: storefront.id, name: "crush_points" } }, update: {}, create: { applicationId: storefront.id, name: "crush_points", unit: "points", origin: "push" } });
  const actor = { kind: "system", label: "bench" } as const;
  const flagsToken = (await createApiToken(db, { applicationId: storefront.id, name: "crush-flags", scope: "flags", actor })).token;
  const ingestToken = (await createApiToken(db, { applicationId: storefront.id, name: "crush-ingest", scope: "ingest", actor })).token;
  await db.$disconnect();
  const server = await startServer(url, UNLIMITED_OFREP);
  try {
    console.log(`\nCrush: OFREP and ingestion past capacity, then back, on ${account} (normal: OFREP 20 connections at 1,000 req/s and 4 imports/s of 100 points; crush: 2,000 + 100 connections of 1,000 points, as fast as they are answered); about 2 minutes`);
    const timeline = await crush({ base: BASE, flagsToken, ingestToken, application: "storefront", rss: () => serverRss(server.pid) });
    const ms = (v: number | null) => (v === null ? "–" : v.toFixed(0));
    const group = (c: CrushCounts) => [c.offered, c.accepted, c.shed, c.failed].map((n) => n.toLocaleString("en").padStart(9)).join("") + ms(c.p50).padStart(7) + ms(c.p99).padStart(7);
    const header = ["offered", "accepted", "shed", "failed"].map((h) => h.padStart(9)).join("") + "p50".padStart(7) + "p99".padStart(7);
    console.log("".padEnd(16) + "OFREP (accepted p50 / p99 in ms)".padStart(46) + "   " + "ingestion (accepted p50 / p99 in ms)".padStart(46));
    console.log("  second  phase".padEnd(16) + header + "   " + header + "RSS MiB".padStart(9));
    for (const b of timeline) console.log(`  ${String(b.second).padStart(6)}  ${b.phase}`.padEnd(16) + group(b.ofrep) + "   " + group(b.ingestion) + ms(b.rssMiB).padStart(9));
    const before = timeline.slice(0, timeline.findIndex((b) => b.phase === "crush"));
    const rss = (bs: typeof timeline) => Math.max(0, ...bs.map((b) => b.rssMiB ?? 0));
    const verdicts = { ofrep: crushVerdict(timeline, "ofrep"), ingestion: crushVerdict(timeline, "ingestion") };
    for (const [name, v] of Object.entries(verdicts)) {
      console.log(`  ${name}: before p50 ${ms(v.baselineP50)} / p99 ${ms(v.baselineP99)} ms; crushed: ${v.offered.toLocaleString("en")} offered, ${v.accepted.toLocaleString("en")} accepted (p50 ${ms(v.crushP50)}, p99 ${ms(v.crushP99)} ms at worst), ${v.shed.toLocaleString("en")} shed (${v.shedWithoutRetryAfter} without Retry-After), ${v.failed.toLocaleString("en")} failed; back to normal ${v.recoveredAfterSeconds === null ? "NOT within the time measured" : `${v.recoveredAfterSeconds} s after the load dropped`}`);
    }
    console.log(`  memory (front, dashboard and worker): ${ms(rss(before))} MiB before, ${ms(rss(timeline))} MiB at most, ${ms(timeline.at(-1)?.rssMiB ?? null)} MiB at the end`);
    console.log("  target: accepted latency bounded while crushed, shed answers with Retry-After, p99 back to normal (within twice the p99 before) within 60 s");
    console.log(JSON.stringify({ crush: { timeline, verdicts } }));
  } finally {
    server.kill("SIGTERM");
  }
}

/** The JavaScript per route alone, on the database the web part made. */
async function benchJavascript() {
  if (!fs.existsSync(DB_FILE)) return benchWeb();
  ensureBuilt();
  const server = await startServer(`file:${DB_FILE}`);
  try {
    await javascriptPerRoute(await viewerCookie(), "bench-200");
  } finally {
    server.kill("SIGTERM");
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
