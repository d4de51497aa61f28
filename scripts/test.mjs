#!/usr/bin/env node
// `npm test`: every test — lint, types, unit and integration (Vitest), and the
// Playwright journeys in Debian's Chromium. Installs what is missing first.
import { CHROMIUM_PATH, ensureChromium } from "./chromium.mjs";
import { ensureDependencies, ensurePrismaClient, log, runBin } from "./steps.mjs";

const started = Date.now();
/** How long each step took, said at the end: where the suite's time goes. */
const times = [];
function step(name, fn) {
  const t = Date.now();
  fn();
  times.push(`${name} ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

step("setup", () => {
  ensureDependencies();
  ensurePrismaClient();
  ensureChromium();
});

log("Lint (eslint)");
step("lint", () => runBin("eslint", [".", "--max-warnings=0"], { label: "lint" }));
log("Types (tsc --noEmit)");
step("types", () => runBin("tsc", ["--noEmit"], { label: "type check" }));
log("Unit and integration tests (vitest)");
if (!process.env.FRUGAL_TEST_POSTGRES_URL) {
  log("No PostgreSQL server given (FRUGAL_TEST_POSTGRES_URL): the suites run on SQLite only; the PostgreSQL half is skipped (.ci/run starts a server)");
}
step("vitest", () => runBin("vitest", ["run"], { label: "vitest" }));
log("End-to-end journeys (playwright)");
step("playwright, build included", () => runBin("playwright", ["test"], { label: "playwright", env: { CHROMIUM_PATH } }));

log(`All tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s (${times.join(", ")})`);
