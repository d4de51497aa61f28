#!/usr/bin/env node
// `npm test`: every test — lint, types, unit and integration (Vitest), and the
// Playwright journeys in Debian's Chromium. Installs what is missing first.
import { ensureChromium } from "./chromium.mjs";
import { ensureDependencies, ensurePrismaClient, log, runBin, runBinsTogether } from "./steps.mjs";

const started = Date.now();
/** How long each step took, said at the end: where the suite's time goes. */
const times = [];
async function step(name, fn) {
  const t = Date.now();
  await fn();
  times.push(`${name} ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

let chromium;
await step("setup", () => {
  ensureDependencies();
  ensurePrismaClient();
  chromium = ensureChromium();
});

log("Lint (eslint) and types (tsc --noEmit, the routes' own types from next typegen included), side by side");
await step("lint and types", () => {
  // Without them tsc would not check what pages and route handlers export (a fresh clone has no .next/types).
  runBin("next", ["typegen"], { label: "next typegen" });
  return runBinsTogether([
    // Cached by content: files unchanged since the last run are not linted again (a fresh clone lints all).
    { name: "eslint", args: [".", "--max-warnings=0", "--cache", "--cache-strategy", "content", "--cache-location", ".frugal/eslintcache"], label: "lint" },
    { name: "tsc", args: ["--noEmit"], label: "type check" },
  ]);
});
log("Unit and integration tests (vitest)");
if (!process.env.FRUGAL_TEST_POSTGRES_URL) {
  log("No PostgreSQL server given (FRUGAL_TEST_POSTGRES_URL): the suites run on SQLite only; the PostgreSQL half is skipped (.ci/run starts a server)");
}
await step("vitest", () => runBin("vitest", ["run"], { label: "vitest" }));
log("End-to-end journeys (playwright)");
await step("playwright, build included", () => runBin("playwright", ["test"], { label: "playwright", env: { CHROMIUM_PATH: chromium, FRUGAL_TYPES_CHECKED: "1" } }));

log(`All tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s (${times.join(", ")})`);
