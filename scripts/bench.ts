/**
 * npm run bench: speed figures, printed (never asserted in tests).
 *
 * Builds if needed, makes a database with the demo account plus an application of
 * 200 services with 90 days of data, serves it with `next start`, and times on
 * loopback, sequentially, after a warm-up:
 *   - the application page (full HTML) over 90 days,
 *   - GET /api/v1/applications/{id}/services over 90 days.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createDb } from "../lib/db/client";
import { createAdapterFactory } from "../lib/db/adapter";
import { deployMigrations } from "../lib/db/migrate";
import { createApiToken } from "../lib/auth/tokens";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { seedDemoUsers } from "../lib/jobs/seed-demo-users";
import { runSync } from "../lib/jobs/sync";
import { DemoSource } from "../lib/sources/demo/demo-source";
import { seedLargeApplication } from "./bench/seed-large-app";

const PORT = 3300;
const BASE = `http://localhost:${PORT}`;
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

async function waitForServer() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not start");
}

async function main() {
  spawnSync("node", ["-e", "import('./scripts/steps.mjs').then(s => { s.ensurePrismaClient(); s.ensureBuild(); })"], { stdio: "inherit" });

  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DB_FILE + suffix, { force: true });
  const url = `file:${DB_FILE}`;
  await deployMigrations(createAdapterFactory(url));
  const db = createDb(url);
  const seeding = performance.now();
  const { accountId } = await seedDemoAccount(db);
  await seedDemoUsers(db, accountId);
  const now = new Date();
  await runSync({ db, source: new DemoSource({ seed: 42, now: () => now }), accountId, trigger: "cli", now, days: 90 });
  const app = await seedLargeApplication(db, accountId);
  const token = (await createApiToken(db, { applicationId: app.id, name: "bench", scope: "read", actor: { kind: "system", label: "bench" } })).token;
  const rows = await db.serviceCostDay.count({ where: { applicationId: app.id } });
  await db.$disconnect();
  console.log(`Seeded ${app.slug}: 200 services, ${rows} service-days, in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const server = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(PORT)], {
    env: { ...process.env, DATABASE_URL: url, FRUGAL_SCHEDULER: "off", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitForServer();
    const signIn = await fetch(`${BASE}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE },
      body: JSON.stringify({ email: "viewer@demo.frugal.dev", password: "frugal-demo-viewer" }),
    });
    const cookie = (signIn.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token=")) ?? "").split(";")[0] as string;

    const results: [string, number[]][] = [
      [`application page, ${app.slug}, 90 days (HTML)`, await time(`${BASE}/applications/${app.slug}?range=90`, { cookie })],
      [`GET /api/v1/applications/${app.slug}/services?range=90`, await time(`${BASE}/api/v1/applications/${app.slug}/services?range=90`, { authorization: `Bearer ${token}` })],
      ["application page, storefront (6 services), 90 days", await time(`${BASE}/applications/storefront?range=90`, { cookie })],
      ["GET /api/v1/applications?range=90", await time(`${BASE}/api/v1/applications?range=90`, { cookie })],
    ];
    console.log(`\nLoopback, sequential, ${RUNS} runs after ${WARMUP} warm-up runs (ms):`);
    console.log("  what".padEnd(62) + "median".padStart(9) + "p95".padStart(9) + "min".padStart(9) + "max".padStart(9));
    for (const [label, samples] of results) {
      const s = stats(samples);
      console.log(`  ${label}`.padEnd(62) + [s.median, s.p95, s.min, s.max].map((v) => v.toFixed(1).padStart(9)).join(""));
    }
    const target = stats(results[0]![1]).median < 150 && stats(results[1]![1]).median < 150;
    console.log(`\nTarget (median under 150 ms for the 200-service page and API): ${target ? "met" : "NOT met"}`);
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
