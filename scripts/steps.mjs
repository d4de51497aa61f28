// Steps shared by `npm start` and `npm test`. Plain Node (no dependencies), since
// the first thing they may have to do is install the dependencies.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(ROOT, "node_modules", ".bin", name);

export function log(message) {
  process.stderr.write(`\x1b[1m▸ ${message}\x1b[0m\n`);
}

/** A step's duration as the scripts say it: whole seconds. */
export const duration = (ms) => `${(ms / 1000).toFixed(0)} s`;

/** Says that a command failed, and how (its exit code, or the signal or error that ended it), and exits with its code. */
export function exitFailed(label, { status, signal }) {
  log(`${label} failed${status === null ? ` (${signal})` : ` (exit ${status})`}`);
  process.exit(status ?? 1);
}

/** Runs a command in the project root; exits the process with its code when it fails. */
export function run(command, args, { env = {}, label } = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  if (result.status !== 0) exitFailed(label ?? [command, ...args].join(" "), result);
}

/** Sends a signal to a detached child's whole process group (it and what it started), if still there. */
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** A child's end: its exit code and signal, or (status null) the error that kept it from starting. */
function ended(child) {
  return new Promise((resolve) => {
    child.on("error", (error) => resolve({ status: null, signal: error.message }));
    child.on("close", (status, signal) => resolve({ status, signal }));
  });
}

export const runBin = (name, args, options) => run(bin(name), args, options);

/**
 * Installs Debian packages with apt-get, saying why, where this process may (as root, on a
 * machine with apt-get). False when it may not, or apt-get failed (said in the log).
 */
export function installDebianPackages(packages, why) {
  if (process.getuid?.() !== 0 || !fs.existsSync("/usr/bin/apt-get")) return false;
  log(`Installing Debian's ${packages.join(", ")} ${why}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-qq"], ["install", "-y", "-qq", ...packages]]) {
    if (spawnSync("apt-get", args, { stdio: "inherit", env }).status !== 0) {
      log(`apt-get ${args.join(" ")} failed`);
      return false;
    }
  }
  return true;
}

/**
 * Runs one of node_modules/.bin's commands in the project root without blocking this process,
 * its output shown as it comes (its input is none), in a process group of its own so that `stop()` ends it with every
 * process it started (Vitest's workers, Playwright's server); a Ctrl-C or kill of this process is
 * passed on to the group. `exited` resolves with its exit; `stopped` says whether `stop()` ended it.
 */
export function runBinAsync(name, args, { env = {} } = {}) {
  // No stdin: a process group other than the terminal's own would be stopped (SIGTTIN) on reading it.
  const child = spawn(bin(name), args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], detached: true, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  const passOn = ["SIGINT", "SIGTERM", "SIGHUP"].map((signal) => [signal, () => signalGroup(child, signal)]);
  for (const [signal, handler] of passOn) process.on(signal, handler);
  const run = {
    exited: ended(child).then((exit) => {
      for (const [signal, handler] of passOn) process.off(signal, handler);
      return exit;
    }),
    stopped: false,
    stop() {
      run.stopped = true;
      signalGroup(child, "SIGTERM");
    },
  };
  return run;
}

/**
 * Starts a command in the project root without blocking this process. Its output is held (in a
 * file: a pipe left unread would stall it) and handed back whole when it ends, with its exit and
 * how long it took. It is stopped if this process ends first (a failed run).
 *
 * With `lowest`, it runs at the lowest CPU priority (SCHED_IDLE where chrt is there, and nice 19
 * on the process and its session's group): on what the foreground leaves idle, yielding a core as
 * soon as the foreground wants it back.
 */
function background(command, args, { lowest = false } = {}) {
  const started = Date.now();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "frugal-")), "output");
  const fd = fs.openSync(file, "w");
  // A session of its own: where the kernel groups CPU time by session (autogroup, on by default in
  // Linux), a process's nice only counts within its session's group, and the group with the tests
  // would get no more than this one. The group's own nice is set too (below). And under
  // SCHED_IDLE where util-linux's chrt is there (it is in every Debian): a test's process
  // waking from a wait then takes the core back at once, where under nice alone it waited for the
  // check's time slice to end, on every round trip to a database.
  const idle = lowest && fs.existsSync("/usr/bin/chrt");
  const child = spawn(idle ? "/usr/bin/chrt" : command, idle ? ["--idle", "0", command, ...args] : args, { cwd: ROOT, stdio: ["ignore", fd, fd], detached: true, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  fs.closeSync(fd);
  const stop = () => signalGroup(child, "SIGTERM");
  process.on("exit", stop);
  if (lowest) {
    try {
      os.setPriority(child.pid, 19);
      if (fs.existsSync(`/proc/${child.pid}/autogroup`)) fs.writeFileSync(`/proc/${child.pid}/autogroup`, "19");
    } catch {
      // Already gone (its exit says why), or a kernel without autogroup's file.
    }
  }
  return ended(child).then((exit) => {
    process.off("exit", stop);
    const output = fs.readFileSync(file);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    return { ...exit, output, ms: Date.now() - started };
  });
}

/** One of node_modules/.bin's commands, in the background at the lowest CPU priority (see background()). */
export const startInBackground = (name, args) => background(bin(name), args, { lowest: true });

/** A hash of files and folders (recursively), to tell whether something changed since last time. */
export function hashOf(entries) {
  const hash = createHash("sha256");
  const visit = (p) => {
    const full = path.join(ROOT, p);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) visit(path.join(p, name));
    } else {
      hash.update(p);
      hash.update(fs.readFileSync(full));
    }
  };
  entries.forEach(visit);
  return hash.digest("hex");
}

function upToDate(stampFile, hash) {
  const file = path.join(ROOT, stampFile);
  return fs.existsSync(file) && fs.readFileSync(file, "utf8") === hash;
}

function stamp(stampFile, hash) {
  fs.mkdirSync(path.dirname(path.join(ROOT, stampFile)), { recursive: true });
  fs.writeFileSync(path.join(ROOT, stampFile), hash);
}

/**
 * npm ci when node_modules is missing, or package-lock.json or package.json (less its scripts)
 * changed since the last install. The packages are put in place first, with no install scripts;
 * the scripts package.json's allowScripts lets run (better-sqlite3's compile: about a minute on
 * one core) then run in the background. Returns the promise of their end: start what needs no
 * native module (generating the Prisma clients, type checks) before awaiting it.
 */
export function ensureDependencies() {
  // What decides the install: the lock file, and package.json less its scripts (a changed
  // script is no reason for a minute of `npm ci`).
  const { scripts: _scripts, ...manifest } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const hash = createHash("sha256").update(JSON.stringify(manifest)).update(hashOf(["package-lock.json"])).digest("hex");
  const stampFile = "node_modules/.frugal-install-hash";
  if (upToDate(stampFile, hash) && fs.existsSync(bin("next"))) return Promise.resolve();
  log("Installing dependencies (npm ci, then the install scripts allowScripts lets run in the background: compiling better-sqlite3 takes about a minute)");
  run("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], { label: "npm ci" });
  const allowed = Object.keys(manifest.allowScripts ?? {}).filter((name) => manifest.allowScripts[name] === true);
  // `npm rebuild` with no names would run every package's scripts.
  if (allowed.length === 0) {
    stamp(stampFile, hash);
    return Promise.resolve();
  }
  const label = `npm rebuild ${allowed.join(" ")}`;
  return background("npm", ["rebuild", ...allowed]).then(({ output, ms, ...exit }) => {
    if (exit.status !== 0) {
      process.stdout.write(output);
      exitFailed(label, exit);
    }
    log(`${label}: done (${duration(ms)}, in the background)`);
    stamp(stampFile, hash);
  });
}

/** The Prisma client is generated code; regenerate it when the schema changes. */
/** Both generated clients: SQLite's and PostgreSQL's (the schema derived from SQLite's, lib/db/schemas.ts). */
export function ensurePrismaClient() {
  const hash = hashOf(["prisma/schema.prisma", "prisma/postgres/schema.prisma", "node_modules/prisma/package.json"]);
  const stampFile = "lib/db/generated/.frugal-schema-hash";
  if (upToDate(stampFile, hash) && fs.existsSync(path.join(ROOT, "lib/db/generated/client.ts")) && fs.existsSync(path.join(ROOT, "lib/db/generated-pg/client.ts"))) return;
  log("Generating the Prisma clients (SQLite and PostgreSQL)");
  runBin("prisma", ["generate"], { label: "prisma generate" });
  runBin("prisma", ["generate", "--schema", "prisma/postgres/schema.prisma"], { label: "prisma generate (PostgreSQL)" });
  stamp(stampFile, hash);
}

export function migrateDatabase(env) {
  // A PostgreSQL URL carries a password: never into the log.
  const url = env.DATABASE_URL ?? process.env.DATABASE_URL ?? "file:./data/frugal.db";
  log(`Migrating the database (${url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^/]*@/, "$1:***@")})`);
  runBin("tsx", ["scripts/db.ts", "deploy"], { env, label: "database migration" });
}

export const SERVER_BUNDLE = ".next/frugal-server.mjs";

/** Each entry point esbuild compiles after next build, and its bundle: the server, its children and their threads. */
const BUNDLES = [
  ["server.ts", SERVER_BUNDLE],
  ["dashboard-server.ts", ".next/frugal-dashboard.mjs"],
  ["lib/ofrep/snapshot-worker.ts", ".next/frugal-ofrep-worker.mjs"],
  ["worker-server.ts", ".next/frugal-worker.mjs"],
  ["lib/data/metric-write-worker.ts", ".next/frugal-metric-writer.mjs"],
];

/**
 * next build, and server.ts compiled to plain JavaScript (esbuild, our code only;
 * packages stay in node_modules), unless nothing that goes into them changed.
 */
export function ensureBuild() {
  const hash = hashOf(["app", "components", "lib", "public", "instrumentation.ts", "proxy.ts", "server.ts", "dashboard-server.ts", "worker-server.ts", "next.config.js", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"]);
  const stampFile = ".next/.frugal-build-hash";
  if (upToDate(stampFile, hash) && [".next/BUILD_ID", ...BUNDLES.map(([, out]) => out)].every((f) => fs.existsSync(path.join(ROOT, f)))) return;
  log("Building the dashboard (next build)");
  runBin("next", ["build"], { label: "next build" });
  for (const [entry, out] of BUNDLES) {
    runBin("esbuild", [entry, "--bundle", "--platform=node", "--target=node20", "--format=esm", "--packages=external", `--outfile=${out}`, "--log-level=warning"], { label: `compiling ${entry}` });
  }
  stamp(stampFile, hash);
}
