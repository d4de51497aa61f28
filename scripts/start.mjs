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

if (process.argv.includes("--fresh-db")) {
  const file = path.resolve(ROOT, databaseUrl.replace(/^file:/, ""));
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
}

ensureDependencies();
ensurePrismaClient();
migrateDatabase(env);
log("Loading the demo account");
runBin("tsx", ["scripts/frugal.ts", "setup"], { env, label: "setup" });
ensureBuild();

log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s — serving http://localhost:${port}`);
const server = spawn(process.execPath, [SERVER_BUNDLE], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, ...env, PORT: port, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
