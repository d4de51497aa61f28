import { defineConfig } from "@playwright/test";
import { chromiumPath } from "./scripts/chromium.mjs";

const PORT = Number(process.env.E2E_PORT ?? 3100);

// Debian's Chromium (its headless shell where installed; see scripts/chromium.mjs): Playwright's
// own browser download cannot reach its host here.
const CHROMIUM = chromiumPath();

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Limits that catch a hang, not a slow machine: with a CPU-bound process beside the run, the
  // longest journey under the default limit took 11 s of the 30 s it had then.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    // Recording a trace of every journey, kept only when it fails, cost about 10 % of the
    // journeys' time, and CI's copy is thrown away with its machine. To get one for a
    // failing journey: FRUGAL_E2E_TRACE=1 npm run test:e2e (or --trace on).
    trace: process.env.FRUGAL_E2E_TRACE ? "retain-on-failure" : "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      // The last two spare the 2-core machine processes it would start and feed: every page in one
      // renderer process (not one forked per test's context), and the compositor's GPU process, which
      // with --disable-gpu only composites in software, as a thread of the browser. The journeys took
      // 265 and 265 s with both (busy 415, 412 core-s), 271 s with the first alone, 278 s with the
      // second alone, 286 and 314 s with neither (busy 453, 502 core-s). --disable-threaded-compositing
      // cut more still, but no animation frame ran with it, so no click ever found its target stable.
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--renderer-process-limit=1", "--in-process-gpu"],
    },
  },
  projects: [
    // Signs each demo role in once and keeps its cookies in e2e/.auth/<role>.json.
    { name: "sign-in", testMatch: /auth\.setup\.ts/, use: { browserName: "chromium" } },
    { name: "chromium", dependencies: ["sign-in"], use: { browserName: "chromium", viewport: { width: 1360, height: 900 } } },
  ],
  webServer: {
    // The same path as `npm start`, on its own fresh database and port, with the
    // background scheduler off so that the data does not move under the tests.
    command: "node scripts/start.mjs --fresh-db",
    url: `http://localhost:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(PORT), DATABASE_URL: "file:./data/e2e.db", FRUGAL_SCHEDULER: "off", NEXT_TELEMETRY_DISABLED: "1" },
  },
});
