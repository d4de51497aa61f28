// The databases part (`npm run bench -- --only databases [--large]`): the same pages on SQLite and
// on PostgreSQL, issue 10's large account beside the demo, and OFREP with two instances on one
// PostgreSQL database.
import fs from "node:fs";
import { createApiToken } from "../../lib/auth/tokens";
import { createDb } from "../../lib/db/client";
import { createDatabase } from "../../lib/db/postgres-server";
import { evaluateAllOverload } from "../../lib/jobs/evaluate-overload";
import { load, loadGenerator, median, startBareServer, type LoadResult } from "./ofrep-load";
import { seedLargeApplication, seedLargeSamples } from "./seed-large-app";
import { BARE_PORT, BASE, DB_FILE, ensureBuilt, PORT, seedBenchDatabase, SHARED_SECRET, startServer, stats, time, UNLIMITED_OFREP, viewerCookie, WARMUP } from "./server";

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

/**
 * The same pages on SQLite and on PostgreSQL (FRUGAL_BENCH_POSTGRES_URL or FRUGAL_TEST_POSTGRES_URL:
 * a server whose role creates databases; a `frugal_bench` database is made there afresh).
 */
export async function benchDatabases() {
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
    console.log(`\nOFREP on PostgreSQL, 200 connections in all, load from ${loadGenerator().generator}, 3 rounds of 10 s (medians):`);
    console.log("  server".padEnd(64) + "req/s".padStart(10) + "p50 ms".padStart(9) + "p99 ms".padStart(9) + "non-2xx".padStart(9));
    for (const [side, label] of [["bare", "bare node:http, fixed JSON"], ["one", "one Frugal instance"], ["two", "two Frugal instances, 100 connections each (sum; worst p99)"]] as const) {
      console.log(`  ${label}`.padEnd(64) + pick(side, "requestsPerSecond").toFixed(0).padStart(10) + pick(side, "p50").toFixed(1).padStart(9) + pick(side, "p99").toFixed(1).padStart(9) + pick(side, "non2xx").toFixed(0).padStart(9));
    }
    console.log(`  ratio to the bare server: one instance ${(pick("one", "requestsPerSecond") / pick("bare", "requestsPerSecond")).toFixed(2)}, two ${(pick("two", "requestsPerSecond") / pick("bare", "requestsPerSecond")).toFixed(2)} (target at least 0.70; both instances share this machine's 2 cores with the load and PostgreSQL)`);

    // A switch moved in the database (as either instance's dashboard does): when does each instance serve it?
    const { changeSwitch } = await import("../../lib/data/switches");
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
