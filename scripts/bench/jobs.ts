// The jobs part (`npm run bench -- --only jobs`): pages and APIs timed while the worker runs the
// jobs, against between its runs, on the database the last web or databases part left.
import { createDb } from "../../lib/db/client";
import { deployPending } from "../../lib/db/migrate";
import { startBareServer } from "./ofrep-load";
import { BARE_PORT, BASE, DB_FILE, ensureBuilt, startServer, stats, viewerCookie, whichAccount } from "./server";

/**
 * Pages while the jobs run: the production server with its scheduler on (the jobs in
 * the worker process), the overload signals every 15 s and a sync 7 s after each of them
 * (besides the one on start), and, for 120 s, an application page, its services API,
 * /api/health and a bare node:http server (the control) requested one after the other.
 * Each answer is counted by what the worker was doing while it was answered (from SyncRun): a
 * sync, a signals run, or nothing. A sync a minute
 * (as before) left about 15 answers per request in its phase, too few for a median: the same
 * build measured 1.18 to 1.62 from one run to the next.
 */
const JOBS_SECONDS = 120;

export async function benchJobs() {
  ensureBuilt();
  const url = `file:${DB_FILE}`;
  await deployPending(url);
  // The jobs' length depends on which account the file holds.
  console.log(`\nJobs off the web path, on ${await whichAccount(url)}:`);
  // The runs of this server only: an earlier bench's server may have run jobs a moment before.
  const serverStarted = new Date();
  const server = await startServer(url, { FRUGAL_SCHEDULER: "on", FRUGAL_SIGNALS_CRON: "*/15 * * * * *", FRUGAL_SYNC_CRON: "7,22,37,52 * * * * *" });
  const bare = await startBareServer(BARE_PORT);
  try {
    const cookie = await viewerCookie();
    const targets = [
      ["application page, storefront, 30 days (HTML)", `${BASE}/applications/storefront?range=30`, { cookie }],
      // A JSON API read as a client of the API makes it, and the liveness probe (4 ms, three processes crossed).
      ["GET /api/v1/applications/storefront/services", `${BASE}/api/v1/applications/storefront/services?range=30`, { cookie }],
      ["GET /api/health", `${BASE}/api/health`, {}],
      // The control: no Frugal code, so what it loses during a job is what any process here loses while the worker works.
      ["control: bare node:http, fixed JSON (not Frugal)", `http://localhost:${BARE_PORT}/`, {}],
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
    const runs = await db.syncRun.findMany({ where: { startedAt: { gte: serverStarted } }, select: { trigger: true, runner: true, startedAt: true, finishedAt: true } });
    await db.$disconnect();
    // An answer counts as during a job when any of its time overlapped the job's, not only its start:
    // one asked a moment before a job began and answered while it ran is not "between jobs".
    const under = (from: number, to: number, signals: boolean) => runs.some((r) => (r.trigger === "signals") === signals && r.startedAt.getTime() <= to && from <= (r.finishedAt ?? new Date()).getTime());
    const phaseOf = (at: number, ms: number) => (under(at, at + ms, false) ? "during a sync" : under(at, at + ms, true) ? "during signals" : "between jobs");
    const runMs = (signals: boolean) => runs.filter((r) => (r.trigger === "signals") === signals && r.finishedAt).map((r) => r.finishedAt!.getTime() - r.startedAt.getTime());
    const described = (ms: number[], what: string) => `${ms.length} ${what}${ms.length ? `, median ${stats(ms).median.toFixed(0)} ms each` : ""}`;
    console.log(`  ${described(runMs(true), "signals runs")} and ${described(runMs(false), "syncs")} in ${JOBS_SECONDS} s, run by ${[...new Set(runs.map((r) => r.runner?.split("@")[0] ?? "?"))].join(", ")}`);
    console.log("  what".padEnd(52) + "when".padEnd(18) + "median".padStart(8) + "p95".padStart(8) + "n".padStart(6) + "ratio".padStart(8));
    const json: Record<string, Record<string, { median: number; p95: number; n: number; ratio: number | null }>> = {};
    const phases = ["between jobs", "during signals", "during a sync"] as const;
    const ms2 = (v: number) => v.toFixed(v < 10 ? 2 : 1);
    for (const [index, [label]] of targets.entries()) {
      const byPhase = new Map<string, number[]>(phases.map((phase) => [phase, []]));
      for (const s of samples) if (s.target === index) byPhase.get(phaseOf(s.at, s.ms))!.push(s.ms);
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
        console.log(first.padEnd(52) + phase.padEnd(18) + ms2(s.median).padStart(8) + ms2(s.p95).padStart(8) + String(ms.length).padStart(6) + (ratio === null ? "" : ratio.toFixed(2)).padStart(8));
      }
    }
    console.log("  target: the median during a job within 20 % of the median between jobs (ratio at most 1.20), for Frugal's pages and APIs; the control has no target");
    console.log(JSON.stringify({ jobs: json }));
  } finally {
    bare.kill();
    server.kill("SIGTERM");
  }
}
