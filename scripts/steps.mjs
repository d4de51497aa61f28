// Steps shared by `npm start` and `npm test`. Plain Node (no dependencies), since
// the first thing they may have to do is install the dependencies.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(ROOT, "node_modules", ".bin", name);

export function log(message) {
  process.stderr.write(`\x1b[1m▸ ${message}\x1b[0m\n`);
}

/** Runs a command in the project root; exits the process with its code when it fails. */
export function run(command, args, { env = {}, label } = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  if (result.status !== 0) {
    log(`${label ?? [command, ...args].join(" ")} failed${result.status === null ? ` (${result.signal})` : ` (exit ${result.status})`}`);
    process.exit(result.status ?? 1);
  }
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
 * Runs several of node_modules/.bin's commands at once (each is single-threaded; the machine
 * has more cores), each one's output held and printed whole when all have ended, in the
 * order given; exits with the first failure's code, after saying which failed.
 */
export async function runBinsTogether(jobs) {
  const results = await Promise.all(
    jobs.map(
      ({ name, args }) =>
        new Promise((resolve) => {
          const child = spawn(bin(name), args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
          const output = [];
          child.stdout.on("data", (b) => output.push(b));
          child.stderr.on("data", (b) => output.push(b));
          child.on("error", (error) => resolve({ status: null, signal: error.message, output }));
          child.on("close", (status, signal) => resolve({ status, signal, output }));
        }),
    ),
  );
  for (const { output } of results) process.stdout.write(Buffer.concat(output));
  const failed = results.findIndex((r) => r.status !== 0);
  if (failed >= 0) {
    const { status, signal } = results[failed];
    log(`${jobs[failed].label} failed${status === null ? ` (${signal})` : ` (exit ${status})`}`);
    process.exit(status ?? 1);
  }
}

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

/** npm ci when node_modules is missing, or package-lock.json or package.json (less its scripts) changed since the last install. */
export function ensureDependencies() {
  // What decides the install: the lock file, and package.json less its scripts (a changed
  // script is no reason for a minute of `npm ci`).
  const { scripts: _scripts, ...manifest } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const hash = createHash("sha256").update(JSON.stringify(manifest)).update(hashOf(["package-lock.json"])).digest("hex");
  const stampFile = "node_modules/.frugal-install-hash";
  if (upToDate(stampFile, hash) && fs.existsSync(bin("next"))) return;
  log("Installing dependencies (npm ci; compiling better-sqlite3 takes about a minute)");
  run("npm", ["ci", "--no-audit", "--no-fund"], { label: "npm ci" });
  stamp(stampFile, hash);
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
