// The jobs run in the worker process that `npm start` supervises, never in the
// dashboard that renders pages: a second server, with its scheduler on and the
// overload signals every second, on a database of its own. Every run it makes
// records the process that ran it.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";

const PORT = 3300;
const DB_FILE = "data/e2e-jobs.db";

let server: ChildProcess | null = null;

test.afterAll(async () => {
  if (server?.pid) {
    // The whole group: the front process, the dashboard and the worker.
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
});

/** A process's scheduling policy (0: the normal one) and nice value, from /proc/<pid>/stat (fields 41 and 19). */
function scheduling(pid: number): { policy: number; nice: number } {
  const fields = (fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] as string).split(" ");
  return { policy: Number(fields[38]), nice: Number(fields[16]) };
}

type Run = { id: number; trigger: string; status: string; runner: string | null };

function runs(): Run[] {
  if (!fs.existsSync(DB_FILE)) return [];
  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT id, trigger, status, runner FROM SyncRun ORDER BY id").all() as Run[];
  } catch {
    return []; // not migrated yet
  } finally {
    db.close();
  }
}

test("the worker, not the dashboard, runs the sync and the overload signals, and an admin sees where", async ({ page, request }) => {
  // Setting up a fresh database and a startup sync takes a while on a busy machine: no tight limit here.
  test.setTimeout(600_000);
  // Gone before the server starts, so that no run of an earlier test is read as this one's.
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(DB_FILE + suffix, { force: true });
  const env = { ...process.env, PORT: String(PORT), DATABASE_URL: `file:./${DB_FILE}`, FRUGAL_SCHEDULER: "on", FRUGAL_SYNC_DAYS: "7", FRUGAL_SIGNALS_CRON: "* * * * * *", NEXT_TELEMETRY_DISABLED: "1" };
  // What npm start does, less the build: the one the other journeys' server was started from is used as it is.
  execFileSync("node_modules/.bin/tsx", ["scripts/db.ts", "deploy"], { env, stdio: "ignore" });
  execFileSync("node_modules/.bin/tsx", ["scripts/frugal.ts", "setup"], { env, stdio: "ignore" });
  server = spawn(process.execPath, [".next/frugal-server.mjs"], { detached: true, stdio: "ignore", env: { ...env, NODE_ENV: "production" } });

  await expect.poll(async () => (await request.get(`http://localhost:${PORT}/api/health`).catch(() => null))?.status() ?? 0, { timeout: 540_000, intervals: [250] }).toBe(200);

  // The startup sync, and two signals runs after it, all finished.
  const afterStartup = () => {
    const all = runs();
    const first = all.findIndex((r) => r.trigger === "startup");
    return first < 0 ? [] : all.slice(first);
  };
  await expect
    .poll(() => afterStartup().filter((r) => r.status === "succeeded" && r.trigger === "signals").length, { timeout: 540_000, intervals: [250] })
    .toBeGreaterThanOrEqual(2);
  const scheduled = afterStartup().filter((r) => r.status !== "running");
  expect(scheduled.find((r) => r.trigger === "startup")?.status).toBe("succeeded");
  for (const run of scheduled) expect(run.runner, `run #${run.id} (${run.trigger})`).toMatch(/^worker@/);

  // The worker runs below the requests (nice 10); the front as it was started.
  const workerPid = Number(scheduled.at(-1)?.runner?.split(":").at(-1));
  expect(scheduling(workerPid)).toEqual({ policy: 0, nice: 10 });
  expect(scheduling(server.pid as number)).toEqual({ policy: 0, nice: os.getPriority() });

  // Meanwhile the dashboard answers, and says it is ready: a worker reports in.
  expect((await request.get(`http://localhost:${PORT}/api/health`)).status()).toBe(200);
  const ready = await request.get(`http://localhost:${PORT}/api/ready`);
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", migrations: { pending: [] }, worker: { required: true, live: 1 } });

  // An admin sees it on the settings page: the worker that reported in, and the process that ran each run.
  const worker = scheduled.at(-1)?.runner?.split("@")[1] as string; // host:pid
  await page.goto(`http://localhost:${PORT}/sign-in`);
  await page.getByRole("button", { name: "Use the admin account" }).click();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByLabel("Role: admin")).toBeVisible();
  await page.goto(`http://localhost:${PORT}/settings/accounts#jobs`);
  const jobs = page.locator("#jobs");
  await expect(jobs.getByRole("heading", { name: "Where the jobs run" })).toBeVisible();
  await expect(jobs.getByRole("table", { name: "Worker processes" }).getByRole("cell", { name: worker, exact: true })).toBeVisible();
  await expect(jobs.getByText("No process has scheduled the jobs")).toHaveCount(0);
  const syncs = page.locator(".card").filter({ has: page.getByRole("heading", { name: "The last syncs" }) });
  await expect(syncs.getByRole("cell", { name: `worker@${worker}`, exact: true }).first()).toBeVisible();
});
