// What the bench's parts share: the production server started on a database (as `npm start`
// runs it), timing, memory, the viewer's session and the bench's own SQLite file.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createApiToken } from "../../lib/auth/tokens";
import { createDb } from "../../lib/db/client";
import { deployPending } from "../../lib/db/migrate";
import { runSync } from "../../lib/jobs/sync";
import { seedDemoAccount } from "../../lib/jobs/seed-demo";
import { seedDemoFeatures } from "../../lib/jobs/seed-demo-switches";
import { seedDemoUsers } from "../../lib/jobs/seed-demo-users";
import { syncSamples } from "../../lib/jobs/sync-samples";
import { DemoSource } from "../../lib/sources/demo/demo-source";
import { seedLargeApplication } from "./seed-large-app";

export const PORT = 3300;
export const BARE_PORT = 3301;
export const BASE = `http://localhost:${PORT}`;
export const RUNS = 40;
export const WARMUP = 5;
export const DB_FILE = path.resolve(".frugal/bench.db");

export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), p95: at(0.95), min: sorted[0] as number, max: sorted.at(-1) as number };
}

export async function time(url: string, headers: Record<string, string>, runs = RUNS): Promise<number[]> {
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
export function serverRss(pid: number | undefined): number | null {
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

/** The demo viewer's session cookie, signed in through Better Auth's own endpoint. */
export async function viewerCookie(): Promise<string> {
  const signIn = await fetch(`${BASE}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ email: "viewer@demo.frugal.dev", password: "frugal-demo-viewer" }),
  });
  return (signIn.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token=")) ?? "").split(";")[0] as string;
}

/** The Prisma client and the production build, made if the sources changed since (scripts/steps.mjs). */
export function ensureBuilt() {
  spawnSync("node", ["-e", "import('./scripts/steps.mjs').then(s => { s.ensurePrismaClient(); s.ensureBuild(); })"], { stdio: "inherit" });
}

/**
 * The production server (server.ts, as `npm start` runs it) on the database `url`, with its
 * scheduler off unless `env` turns it on; resolved once /api/health answers. Refused when
 * something already answers on the port: a server left from an earlier run would be measured
 * instead, on a database this run has replaced (its OFREP answered 401 to every request, and
 * the figures printed were of those).
 */
export async function startServer(url: string, env: Record<string, string> = {}, port = PORT): Promise<ChildProcess> {
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
export const UNLIMITED_OFREP = { FRUGAL_OFREP_RATE_LIMIT: "1000000000" };
/** Instances that share a database share the secret that signs sessions and tokens. */
export const SHARED_SECRET = { BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-42" };

/** The web part and the databases part (--large) each leave their own account in the bench's file: says which one a part runs on. */
export async function whichAccount(url: string): Promise<string> {
  const held = createDb(url);
  const [applications, services] = await Promise.all([held.application.count(), held.service.count()]);
  await held.$disconnect();
  return `the database the last web or databases part left (${applications} applications, ${services.toLocaleString("en")} services)`;
}

/** The demo account plus the 200-service application into a migrated, empty database. */
export async function seedBenchDatabase(url: string) {
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
