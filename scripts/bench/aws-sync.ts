/**
 * One AWS sync of the large synthetic account, measured in a process of its own
 * (so that its peak memory is the sync's alone): the account is served by the AWS
 * stub in another process; the real SDK clients reach it through AWS_ENDPOINT_URL.
 * Prints one JSON line: calls per API against the fewest the account allows, the
 * duration, the peak memory (and what the sync holds), then what the default
 * schedule costs from there: a sync right after, today's metrics an hour later, the
 * estimated cost days 8 hours later, and the overload samples.
 * With --postgres, the sync writes to a fresh PostgreSQL database on the server that
 * FRUGAL_BENCH_POSTGRES_URL (or FRUGAL_TEST_POSTGRES_URL) names, instead of a SQLite file.
 *   npx tsx scripts/bench/aws-sync.ts --services 1000 --days 30 [--schedule] [--postgres]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import v8 from "node:v8";
import vm from "node:vm";

// A full collection on demand, however this script was started (tsx runs it in a loader context
// where --expose-gc's global is not visible).
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const services = arg("services", 1000);
const days = arg("days", 30);

async function startStub(): Promise<{ url: string; region: string; resources: number; stop: () => void }> {
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/aws-stub.ts", "--account", "large", "--services", String(services), "--days", String(days)], {
    stdio: ["ignore", "pipe", "inherit"],
    // A heap limit given to the bench (NODE_OPTIONS=--max-old-space-size=...) is the sync's, not the stub's.
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout }).once("line", resolve));
  const info = JSON.parse(line) as { url: string; region: string; resources: number };
  return { ...info, stop: () => child.kill() };
}

async function main() {
  const stub = await startStub();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: stub.url,
    AWS_ACCESS_KEY_ID: "AKIASTUB",
    AWS_SECRET_ACCESS_KEY: "stub",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    FRUGAL_AWS_REGIONS: stub.region,
    FRUGAL_SOURCE: "aws",
    FRUGAL_AWS_REQUEST_TIMEOUT_MS: "120000",
  });
  // Modules that read the environment come after it is set.
  const { createDb } = await import("../../lib/db/client");
  const { deployPending } = await import("../../lib/db/migrate");
  const { ensureAwsWorkspace } = await import("../../lib/data/aws-accounts");
  const { runSync } = await import("../../lib/jobs/sync");
  const { runSignals } = await import("../../lib/jobs/signals-run");
  const { sourceFor } = await import("../../lib/sources");
  const { queriesPerCall } = await import("../../lib/sources/aws/cloudwatch");

  const { createDatabase } = await import("../../lib/db/postgres-server");

  const server = process.env.FRUGAL_BENCH_POSTGRES_URL ?? process.env.FRUGAL_TEST_POSTGRES_URL;
  if (process.argv.includes("--postgres") && !server) throw new Error("--postgres needs FRUGAL_BENCH_POSTGRES_URL: a PostgreSQL server whose role creates databases");
  let url: string;
  if (process.argv.includes("--postgres")) url = await createDatabase(server as string, `frugal_bench_aws_${services}`, { replace: true });
  else {
    const file = path.resolve(`.frugal/bench-aws-${services}.db`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    url = `file:${file}`;
  }
  await deployPending(url);
  const db = createDb(url);
  const { accountId } = await ensureAwsWorkspace(db);

  // Memory per step: the peak RSS above the process's size before the step, and what the step
  // holds as opposed to garbage V8 has not collected yet (the heap right after a full
  // collection, every half second).
  let peak = 0;
  let peakRetained = 0;
  let ticks = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
    if (++ticks % 10 === 0) {
      gc();
      peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed);
    }
  }, 50);
  const measured = async <T>(fn: () => Promise<T>): Promise<{ value: T; durationMs: number; peakMiB: number; retainedMiB: number }> => {
    gc();
    const rss = process.memoryUsage().rss;
    const heap = process.memoryUsage().heapUsed;
    peak = rss;
    peakRetained = heap;
    const started = performance.now();
    const value = await fn();
    if (process.env.BENCH_TRACE) process.stderr.write(`step done: rss ${Math.round(process.memoryUsage().rss / 1048576)} MiB, peak ${Math.round(peak / 1048576)} MiB\n`);
    const durationMs = Math.round(performance.now() - started);
    gc();
    peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed);
    return { value, durationMs, peakMiB: Math.round((peak - rss) / 1048576), retainedMiB: Math.round((peakRetained - heap) / 1048576) };
  };
  let lastLabel = "";
  const started = performance.now();
  if (process.env.BENCH_TRACE) process.stderr.write(`heap limit ${Math.round(v8.getHeapStatistics().heap_size_limit / 1048576)} MiB\n`);
  const trace = process.env.BENCH_TRACE
    ? (p: { step: string; label: string }) => {
        const label = p.step === "writing" ? "writing" : p.label;
        if (label === lastLabel) return;
        lastLabel = label;
        const m = process.memoryUsage();
        process.stderr.write(`${label}: rss ${Math.round(m.rss / 1048576)} MiB, heap ${Math.round(m.heapUsed / 1048576)} MiB, ${Math.round(performance.now() - started)} ms\n`);
      }
    : undefined;
  const firstSync = await measured(async () => runSync({ db, source: await sourceFor(db, accountId), accountId, trigger: "cli", days: days + 1, onProgress: trace }));
  const first = firstSync.value;
  if (first.status !== "succeeded") throw new Error(first.error);
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: first.runId } });
  const calls = Object.fromEntries(((run.apiUsage ?? []) as { api: string; calls: number; retries: number; costMicroUsd: number }[]).map((u) => [u.api, u]));
  // Lines of each breakdown (one per application, value and day): its query's pages.
  const breakdownLines = (await db.costBreakdownDay.groupBy({ by: ["dimension"], _count: { _all: true } })).map((g) => g._count._all);

  // What the default schedule then costs: syncs (today's metrics hourly, the estimated cost days every 8 hours) and the overload samples.
  type Usage = { api: string; calls: number; metricsRequested: number };
  const later = async (hours: number) => {
    const result = await runSync({ db, source: await sourceFor(db, accountId), accountId, trigger: "cli", days: days + 1, now: new Date(Date.now() + hours * 3_600_000) });
    if (result.status !== "succeeded") throw new Error(result.error);
    if (process.env.BENCH_TRACE) process.stderr.write(`sync ${hours} h later done: rss ${Math.round(process.memoryUsage().rss / 1048576)} MiB\n`);
    const row = await db.syncRun.findUniqueOrThrow({ where: { id: result.runId } });
    const byApi = Object.fromEntries(((row.apiUsage ?? []) as Usage[]).map((u) => [u.api, u]));
    return { ceCalls: byApi["ce:GetCostAndUsage"]?.calls ?? 0, metricsRequested: byApi["cloudwatch:GetMetricData"]?.metricsRequested ?? 0, costMicroUsd: Number(row.apiCostMicroUsd) };
  };
  const signals = async (minutes: number) => {
    const m = await measured(async () => runSignals(db, await sourceFor(db, accountId), accountId, { now: new Date(Date.now() + minutes * 60_000), fiveMinute: "when-needed" }));
    const row = await db.syncRun.findFirstOrThrow({ where: { accountId, trigger: "signals" }, orderBy: { id: "desc" } });
    return { metricsRequested: ((row.apiUsage ?? []) as Usage[]).find((u) => u.api === "cloudwatch:GetMetricData")?.metricsRequested ?? 0, costMicroUsd: Number(row.apiCostMicroUsd), durationMs: m.durationMs, peakMiB: m.peakMiB, retainedMiB: m.retainedMiB };
  };
  // The applications list's overload badges a minute after a signals run: from the run's verdicts, and
  // judged again from the samples at the moment the run judged (what the overload page showed then).
  const { getOverloadBadges, badgeOf } = await import("../../lib/data/overload-summary");
  const { overloadState } = await import("../../lib/data/overload");
  const listBadges = async () => {
    const judgedAt = (await db.syncRun.findFirstOrThrow({ where: { accountId, trigger: "signals" }, orderBy: { id: "desc" } })).startedAt;
    let t = performance.now();
    const fromVerdicts = await getOverloadBadges(db, accountId, new Date(judgedAt.getTime() + 60_000));
    const verdictsMs = Math.round(performance.now() - t);
    t = performance.now();
    const judged = [];
    for (const b of fromVerdicts) judged.push({ ...b, ...badgeOf(await overloadState(db, b.applicationId, judgedAt)) });
    return { verdictsMs, judgedMs: Math.round(performance.now() - t), same: JSON.stringify(judged) === JSON.stringify(fromVerdicts) };
  };
  const secondSync = await later(1 / 60);
  // The rest of the schedule with --schedule only: at 10x the overload evaluation holds each application's
  // two days of samples, and the synthetic account's ten applications then have 1,000 services each.
  const schedule = process.argv.includes("--schedule")
    ? { firstSignals: await signals(2), signalsRun: await signals(7), listBadges: await listBadges(), trafficRefresh: await later(1.5), costRefresh: await later(8.5) }
    : null;
  clearInterval(sampler);
  await db.$disconnect();
  stub.stop();

  // The fewest calls this account allows.
  // The sync's traffic window: every day kept, today included, in daily points.
  const today = new Date().toISOString().slice(0, 10);
  const perCall = queriesPerCall({ start: new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000), end: new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000), periodSeconds: 86_400 });
  const entriesPerService = 6 + 1; // a target group: requests, p99, 4XX and 5XX each FILL'ed (two entries); a Lambda's throttles
  const groupsPerCostPage = 5_000;
  const minimum = {
    "tag:GetResources": Math.ceil(stub.resources / 100),
    // one query for the awsApplication rules (paged), one per breakdown under them (AWS service, region, account; paged), one for the unallocated line, one for the total
    "ce:GetCostAndUsage": Math.ceil((services * days) / groupsPerCostPage) + breakdownLines.reduce((a, n) => a + Math.max(1, Math.ceil(n / groupsPerCostPage)), 0) + 2,
    "cloudwatch:GetMetricData": Math.ceil((services * entriesPerService) / perCall),
    // target groups' load balancers (500 a page), throttled DynamoDB operations, published retries, Application Signals
    "cloudwatch:ListMetrics": Math.ceil(services / 500) + 3,
  };
  process.stdout.write(
    `${JSON.stringify({
      services,
      resources: stub.resources,
      series: services * 5,
      days,
      durationMs: firstSync.durationMs,
      peakMiB: firstSync.peakMiB,
      retainedMiB: firstSync.retainedMiB,
      calls: Object.fromEntries(Object.entries(minimum).map(([api, min]) => [api, { calls: calls[api]?.calls ?? 0, minimum: min, retries: calls[api]?.retries ?? 0 }])),
      costMicroUsd: Number(run.apiCostMicroUsd),
      secondSync,
      schedule,
      stats: first.stats,
    })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
