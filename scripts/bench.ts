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
 * scheduler on and the overload signals every 15 s, an application page, its services API, /api/health
 * and a bare node:http server as a control timed while a job runs (in the worker process) and between
 * runs (scripts/bench/jobs.ts).
 * Last, anomaly detection for 2,000 services x 90 days (scripts/bench/anomalies.ts) and
 * Explore over a year of 2,000 services' daily rows (scripts/bench/explore.ts).
 * `npm run bench -- --only aws` (or `--only web`, `--only jobs`, `--only anomalies`, `--only explore`, `--only js`
 * for the JavaScript per route alone) runs one part; `--only databases` times the pages on SQLite and,
 * given a server (FRUGAL_BENCH_POSTGRES_URL), on PostgreSQL, with the same data.
 * `--only databases --large` adds issue 10's large account beside them (50 applications of 40
 * services, 20,000 resources, 90 days, 2 days of high-resolution samples) before timing the pages.
 * `npm run bench -- --only writes` times the sync's and the samples' writes, all new and then all
 * changed, and 20,000 resources' inventory, new and then moved by a tag rule (SQLite, and PostgreSQL
 * given FRUGAL_BENCH_POSTGRES_URL).
 * `npm run bench -- --only aws-postgres` runs the AWS syncs into PostgreSQL alone (FRUGAL_BENCH_POSTGRES_URL);
 * `npm run bench -- crush` drives OFREP and ingestion past capacity and back (scripts/bench/crush.ts).
 * The parts beside the web part are in scripts/bench/ (databases.ts, jobs.ts, crush.ts, aws-sync.ts,
 * anomalies.ts, explore.ts), with what they share (server.ts: the server started on a database).
 * `npm run bench -- --tiny` runs the parts that need no built server (the AWS sync, anomalies,
 * Explore) at a tiny size, in seconds: `npm test` runs it so that the bench keeps working.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createDb } from "../lib/db/client";
import { createApiToken } from "../lib/auth/tokens";
import { undoLastUpload } from "../lib/data/metric-ingest";
import { importUpload } from "../lib/data/metric-upload";
import { workerNodeFlags } from "../lib/jobs/runner";
import { benchAnomalies, FULL_ANOMALY_SIZE } from "./bench/anomalies";
import { benchCrush } from "./bench/crush";
import { benchDatabases } from "./bench/databases";
import { benchExplore, FULL_EXPLORE_SIZE } from "./bench/explore";
import { benchJobs } from "./bench/jobs";
import { load, loadGenerator, median, pinServer, startBareServer, type LoadResult } from "./bench/ofrep-load";
import { benchWrites, type WriteStep } from "./bench/writes";
import { BARE_PORT, BASE, DB_FILE, ensureBuilt, PORT, RUNS, seedBenchDatabase, serverRss, startServer, stats, time, UNLIMITED_OFREP, viewerCookie, WARMUP } from "./bench/server";

const OFREP_ROUNDS = 5;
/** Where the web part's FRUGAL_ROLE=ofrep front listens, beside the full server on PORT. */
const OFREP_ONLY_PORT = 3302;
/** What each OFREP round loads: the bare server, the full front with one body and with a new key each, and the same on an OFREP-only front. */
type OfrepSide = "bare" | "ofrep" | "distinct" | "only" | "onlyDistinct";

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


/**
 * Business-metric ingestion: 100,000 CSV rows through the same function the upload
 * uses, then 10 API requests of 10,000 points each, while /api/health is timed
 * beside them (the dashboard must keep answering).
 */
async function benchIngestion(applicationId: number, url: string) {
  const db = createDb(url);
  try {
    const metric = await db.businessMetric.upsert({ where: { applicationId_name: { applicationId, name: "bench_points" } }, update: {}, create: { applicationId, name: "bench_points", unit: "points", origin: "push" } });
    // Every run imports and undoes the same 100,000 new rows, not an earlier run's leftovers.
    await db.businessMetricPoint.deleteMany({ where: { metricId: metric.id } });
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

    // Undo of that upload, through the page's Undo's own call (the API's points, after its range, are left alone).
    t0 = performance.now();
    const undone = await undoLastUpload(db, applicationId, { kind: "user", userId: "bench", email: "bench@example.com" });
    console.log(`  undo of the 100,000-row upload: ${undone.restored} rows put back (${undone.skipped} changed since, left) in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
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

async function main() {
  if (process.argv.includes("--tiny")) {
    // What needs no built server, small: the figures mean nothing, the code paths must still run.
    await benchAwsSync(true);
    await benchWritesPart(true);
    benchAnomaliesPart(true);
    await benchExplorePart(true);
    return;
  }
  const only = process.argv.includes("crush") ? "crush" : process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
  // The jobs and crush parts run on the database the web part (or the databases part) left.
  if ((only === "crush" || only === "jobs") && !fs.existsSync(DB_FILE)) await benchWeb();
  if (only === "crush") await benchCrush();
  if (only === "databases") await benchDatabases();
  if (only === null || only === "web") await benchWeb();
  if (only === null || only === "jobs") await benchJobs();
  if (only === "js") await benchJavascript();
  if (only === null || only === "aws") await benchAwsSync();
  if (only === "aws-postgres") await benchAwsSyncPostgres();
  if (only === null || only === "writes") await benchWritesPart();
  if (only === null || only === "anomalies") benchAnomaliesPart();
  if (only === null || only === "explore") await benchExplorePart();
}

/** The sync's and the samples' writes, all new and then all changed, on SQLite and (given a server) PostgreSQL. */
async function benchWritesPart(tiny = false) {
  const days = tiny ? 3 : 90;
  const resources = tiny ? 300 : 20_000;
  const server = process.env.FRUGAL_BENCH_POSTGRES_URL ?? process.env.FRUGAL_TEST_POSTGRES_URL;
  console.log(`\nWrites of the demo account (${days} days${tiny ? "" : ", then its samples"}, from one seed and then another), then of ${resources.toLocaleString("en")} resources' inventory; fresh databases:`);
  const results: Record<string, WriteStep[]> = { sqlite: await benchWrites("sqlite", { days, samples: !tiny, resources }) };
  if (server && !tiny) results.postgres = await benchWrites("postgres", { days, server, resources });
  const dialects = Object.keys(results);
  console.log("  write".padEnd(50) + "rows added / changed".padStart(22) + dialects.map((d) => d.padStart(12)).join(""));
  results.sqlite!.forEach((step, i) => {
    const rows = `${step.rows.inserted.toLocaleString("en")} / ${step.rows.updated.toLocaleString("en")}`;
    console.log(`  ${step.what}`.padEnd(50) + rows.padStart(22) + dialects.map((d) => `${(results[d]![i]!.ms / 1000).toFixed(2)} s`.padStart(12)).join(""));
  });
  if (!server) console.log("  (no PostgreSQL server, FRUGAL_BENCH_POSTGRES_URL: PostgreSQL skipped)");
  console.log(JSON.stringify({ writes: results }));
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

    const { generator, pinning } = loadGenerator();
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
