#!/usr/bin/env node
// `npm test`: every test — lint, types, unit and integration (Vitest), and the
// Playwright journeys in Debian's Chromium. Installs what is missing first.
import { ensureChromium } from "./chromium.mjs";
import { duration, ensureDependencies, ensurePrismaClient, exitFailed, log, runBin, runBinAsync, startInBackground } from "./steps.mjs";

const started = Date.now();
/** How long each step took, said at the end: where the suite's time goes. */
const times = [];
/** The test run in the foreground, stopped if a check in the background fails. */
let foreground = null;

async function step(name, fn) {
  const t = Date.now();
  await fn();
  times.push(`${name} ${duration(Date.now() - t)}`);
}

/** Runs a test command in the foreground; exits with its code when it fails. */
async function foregroundBin(name, args, options) {
  const run = runBinAsync(name, args, options);
  foreground = run;
  const exit = await run.exited;
  foreground = null;
  // Stopped by a failed check, which says so and ends the run itself.
  if (run.stopped) return new Promise(() => {});
  if (exit.status !== 0) exitFailed(name, exit);
}

/**
 * A check run in the background (see below): its output is printed when it ends, and a failure
 * stops the tests under way and ends the run with its code, as soon as it is known.
 */
function check(label, name, args) {
  return startInBackground(name, args).then(async ({ output, ms, ...exit }) => {
    process.stdout.write(output);
    if (exit.status === 0) {
      log(`${label}: passed (${duration(ms)}, in the background)`);
      return;
    }
    const stopping = foreground;
    if (stopping) {
      stopping.stop();
      await stopping.exited;
    }
    exitFailed(label, exit);
  });
}

let chromium;
/** The dependencies' install scripts (a fresh clone's better-sqlite3 compile), ending in the background. */
let installed;
await step("setup", () => {
  installed = ensureDependencies();
  ensurePrismaClient();
  chromium = ensureChromium();
});

// Without them tsc would not check what pages and route handlers export (a fresh clone has no .next/types).
runBin("next", ["typegen"], { label: "next typegen" });
// Lint and types run beside the tests at the lowest CPU priority: on 2 cores the tests leave a
// core idle for part of their time (Vitest while it makes its templates, the journeys while a
// page travels between browser and server), and the checks take that time rather than a time
// of their own. Their results are said as soon as they are known.
log("Lint (eslint) and types (tsc --noEmit, the routes' own types from next typegen included) in the background, at the lowest CPU priority");
const types = check("Types (tsc --noEmit)", "tsc", ["--noEmit"]);
// Cached by content: files unchanged since the last run are not linted again (a fresh clone lints all).
const lint = check("Lint (eslint)", "eslint", [".", "--max-warnings=0", "--cache", "--cache-strategy", "content", "--cache-location", ".frugal/eslintcache"]);

// The tests need better-sqlite3 built; the checks started above need no native module.
await step("install scripts", () => installed);
log("Unit and integration tests (vitest)");
if (!process.env.FRUGAL_TEST_POSTGRES_URL) {
  log("No PostgreSQL server given (FRUGAL_TEST_POSTGRES_URL): the suites run on SQLite only; the PostgreSQL half is skipped (.ci/run starts a server)");
}
await step("vitest", () => foregroundBin("vitest", ["run"]));
// The journeys' build writes .next/types again, which tsc reads: the type check ends first.
await step("types, after vitest", () => types);
log("End-to-end journeys (playwright)");
await step("playwright, build included", () => foregroundBin("playwright", ["test"], { env: { CHROMIUM_PATH: chromium, FRUGAL_TYPES_CHECKED: "1" } }));
await step("lint, after playwright", () => lint);

log(`All tests passed in ${duration(Date.now() - started)} (${times.join(", ")})`);
