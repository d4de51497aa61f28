#!/usr/bin/env node
// `npm start`: everything a fresh clone needs, then the dashboard on PORT (3000).
// A second run finds each step done and goes straight to serving.
//   --fresh-db   delete the database first (used by the end-to-end tests)
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, SERVER_BUNDLE, ensureBuild, ensureDependencies, ensurePrismaClient, log, migrateDatabase, runBin } from "./steps.mjs";

const started = Date.now();
const port = process.env.PORT ?? "3000";
const databaseUrl = process.env.DATABASE_URL ?? "file:./data/frugal.db";
const env = { DATABASE_URL: databaseUrl };

if (process.argv.includes("--fresh-db") && databaseUrl.startsWith("file:")) {
  const file = path.resolve(ROOT, databaseUrl.replace(/^file:/, ""));
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
}

const installed = ensureDependencies();
ensurePrismaClient();
// The build needs no native module, so on a fresh clone it runs while better-sqlite3 compiles in
// the background (one core for a minute or more): the database steps after it need that module.
ensureBuild();
await installed;
migrateDatabase(env);
log("Loading the demo account");
runBin("tsx", ["scripts/frugal.ts", "setup"], { env, label: "setup" });

log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s — serving http://localhost:${port}`);

// This process is the server's supervisor: if the server dies (it should not: no
// single request can stop it), it is started again, at once after a long run and
// with growing waits if it keeps dying. Under systemd or a container runtime, their
// own restart policy does the same for this process (see README, "Running in production").
let server = null;
let stopping = false;
let failures = 0;
function serve() {
  const startedAt = Date.now();
  server = spawn(process.execPath, [SERVER_BUNDLE], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, ...env, PORT: port, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  server.on("exit", (code, signal) => {
    if (stopping) return process.exit(code ?? 0);
    failures = Date.now() - startedAt > 60_000 ? 1 : failures + 1;
    const delay = Math.min(30_000, 500 * 2 ** (failures - 1));
    log(`The server stopped (${signal ?? `exit ${code}`}); starting it again in ${(delay / 1000).toFixed(1)} s`);
    setTimeout(serve, delay);
  });
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    if (server) server.kill(signal);
    else process.exit(0);
  });
}
serve();
