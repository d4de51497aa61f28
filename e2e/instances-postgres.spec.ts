// Two worker instances on one PostgreSQL database, as real processes (the built
// server, FRUGAL_ROLE=worker): the first is killed with SIGKILL in the middle of a
// sync; the second, started then, takes the sync's lease at once (its holder is
// gone) and finishes the job, and the killed run is marked failed rather than left
// running. Needs a PostgreSQL server (FRUGAL_TEST_POSTGRES_URL, which .ci/run starts).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { createDatabase, dropDatabase, onServer } from "../lib/db/postgres-server";

const server = process.env.FRUGAL_TEST_POSTGRES_URL;
const NAME = `frugal_instances_${process.pid}`;
const children: ChildProcess[] = [];

/** The built server as a worker instance on the database; its output is kept to wait on. */
function startWorker(url: string): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, [".next/frugal-server.mjs"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    // A year of history: the sync writes long enough to be caught in the middle, on any machine.
    // The schedule's syncs (every 30 minutes by default) kept off the journey: one that fired at :00 or
    // :30 during the startup sync was rightly skipped ("sync skipped: <itself> holds the lease"), and
    // failed the check below in a CI run at 03:00. Only the startup sync's take-over is under test.
    env: { ...process.env, DATABASE_URL: url, FRUGAL_ROLE: "worker", FRUGAL_SCHEDULER: "on", FRUGAL_SYNC_CRON: "0 0 1 1 *", FRUGAL_SYNC_DAYS: "365", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  child.stdout?.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (output += b.toString()));
  children.push(child);
  return { child, output: () => output };
}

const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};

test.afterAll(async () => {
  for (const child of children) killGroup(child, "SIGKILL");
  if (server) await dropDatabase(server, NAME);
});

test("two worker instances on one PostgreSQL: one killed in the middle of a sync, the other takes it over and finishes it", async () => {
  test.skip(!server, "No PostgreSQL server (FRUGAL_TEST_POSTGRES_URL): the PostgreSQL half is left out.");
  // Migrating, seeding and two server starts take a while on a busy machine: no tight limit.
  test.setTimeout(600_000);
  const url = await createDatabase(server as string, NAME, { replace: true });
  const cli = (...args: string[]) => execFileSync("node_modules/.bin/tsx", args, { env: { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1" } }).toString();
  cli("scripts/db.ts", "deploy");
  // The demo account, its users and a first sync, as `npm start` makes them.
  cli("scripts/frugal.ts", "setup");
  const runs = () => onServer(url, async (c) => (await c.query<{ id: number; status: string; error: string | null }>(`SELECT "id", "status", "error" FROM "SyncRun" WHERE "trigger" = 'startup' ORDER BY "id"`)).rows);

  // The first instance's startup sync (the demo is read whole each time): killed while it writes the days.
  const first = startWorker(url);
  await expect.poll(first.output, { timeout: 300_000, intervals: [100] }).toMatch(/sync: writing days, \d+ %/);
  killGroup(first.child, "SIGKILL");
  await new Promise((resolve) => first.child.once("exit", resolve));
  const [killed] = await runs();
  expect(killed).toMatchObject({ status: "running" });

  // The second instance: its startup sync finds the lease held by a process that is gone, takes it, and finishes.
  const second = startWorker(url);
  await expect.poll(second.output, { timeout: 300_000, intervals: [250] }).toMatch(/sync #\d+ done in \d+ ms/);
  expect(second.output()).not.toMatch(/sync skipped|waits for .* lease/);
  const after = await runs();
  expect(after).toEqual([
    { id: killed!.id, status: "failed", error: expect.stringMatching(/./) },
    { id: expect.any(Number), status: "succeeded", error: null },
  ]);
  // One sync at a time, and nothing half-written: every day of the history adds up to the account's total.
  const days = await onServer(url, async (c) => (await c.query<{ n: string; off: string }>(`SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE ABS("linesMicroUsd" - "totalMicroUsd") >= 10000) AS off FROM "SyncDay" WHERE "totalMicroUsd" IS NOT NULL`)).rows[0]!);
  expect(Number(days.n)).toBeGreaterThan(360);
  expect(Number(days.off)).toBe(0);
  killGroup(second.child, "SIGTERM");
});
