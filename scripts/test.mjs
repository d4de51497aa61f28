#!/usr/bin/env node
// `npm test`: every test — lint, types, unit and integration (Vitest), and the
// Playwright journeys in Debian's Chromium. Installs what is missing first.
import { CHROMIUM_PATH, ensureChromium } from "./chromium.mjs";
import { ensureDependencies, ensurePrismaClient, log, runBin } from "./steps.mjs";

const started = Date.now();
ensureDependencies();
ensurePrismaClient();
ensureChromium();

log("Lint (eslint)");
runBin("eslint", [".", "--max-warnings=0"], { label: "lint" });
log("Types (tsc --noEmit)");
runBin("tsc", ["--noEmit"], { label: "type check" });
log("Unit and integration tests (vitest)");
if (!process.env.FRUGAL_TEST_POSTGRES_URL) {
  log("No PostgreSQL server given (FRUGAL_TEST_POSTGRES_URL): the suites run on SQLite only; the PostgreSQL half is skipped (.ci/run starts a server)");
}
runBin("vitest", ["run"], { label: "vitest" });
log("End-to-end journeys (playwright)");
runBin("playwright", ["test"], { label: "playwright", env: { CHROMIUM_PATH } });

log(`All tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
