import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The integration suites that run a second time on PostgreSQL when a server is given
 * (FRUGAL_TEST_POSTGRES_URL; .ci/run starts one). The others open the SQLite file
 * itself (file locks, file modes, a CLI or a second process on the file), or need no
 * database.
 */
export const POSTGRES_SUITES = [
  "tests/postgres.test.ts",
  "tests/api.test.ts",
  "tests/bulk-write.test.ts",
  "tests/anomalies.test.ts",
  "tests/dashboard-data.test.ts",
  "tests/explore.test.ts",
  "tests/forecast.test.ts",
  "tests/headline-metric.test.ts",
  "tests/job-requests.test.ts",
  "tests/overload.test.ts",
  "tests/reports.test.ts",
  "tests/route-authorization.test.ts",
  "tests/switches.test.ts",
  "tests/limits.test.ts",
  "tests/sync.test.ts",
  "tests/ofrep.test.ts",
  "tests/auth.test.ts",
  "tests/run-history.test.ts",
];

/**
 * Suites that set process.env before the app's modules read it (lib/env.ts parses it once per
 * module graph): they each get a worker of their own, whose process.env is its own copy. Every
 * other integration suite shares its worker with the suites before it (isolate: false), which
 * loads Prisma, Better Auth and the SDK once per worker instead of once per file, and runs warm
 * code (tests/fresh-globals.ts clears what one suite leaves on globalThis before the next).
 */
export const OWN_WORKER_SUITES = ["tests/aws-accounts.test.ts", "tests/aws-sync.test.ts", "tests/aws-sync-failures.test.ts", "tests/proxy.test.ts"];

const shared = {
  environment: "node" as const,
  // Workers are threads of one process, not processes: no suite changes the process's own state
  // (its directory, its exit), and a thread's process.env is its own copy. Vitest on both databases
  // 154.5 s against 167.8 s as child processes (CPU 273 against 303 core-s), back to back.
  pool: "threads" as const,
  // Integration tests each open their own database; two workers match the machine.
  maxWorkers: 2,
  // Limits that only catch a hang: a busy machine must not fail a test for being slow.
  testTimeout: 600_000,
  hookTimeout: 600_000,
};
// The SDK's notice that its releases after January 2027 need Node 22 (README, "Running in production"), once per worker.
const quietSdk = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    ...shared,
    projects: [
      // Pure modules and their tests, beside the code: no database, no server, no environment of
      // their own, so each worker runs them all on one load of their modules (isolate: false) instead
      // of loading them again per file (27 s → 16 s for the lot, measured).
      { extends: true as const, test: { name: "unit", include: ["lib/**/*.test.ts", "components/**/*.test.ts"], isolate: false, env: quietSdk } },
      // Each dialect's templates are made once a run (tests/global-setup.ts reads the project's name);
      // the two SQLite projects share theirs.
      { extends: true as const, test: { name: "sqlite", include: ["tests/**/*.test.ts"], exclude: OWN_WORKER_SUITES, isolate: false, setupFiles: ["tests/fresh-globals.ts"], globalSetup: ["tests/global-setup.ts"], env: quietSdk } },
      { extends: true as const, test: { name: "sqlite-env", include: OWN_WORKER_SUITES, globalSetup: ["tests/global-setup.ts"], env: quietSdk } },
      ...(process.env.FRUGAL_TEST_POSTGRES_URL
        ? [
            {
              extends: true as const,
              test: { name: "postgres", include: POSTGRES_SUITES, isolate: false, setupFiles: ["tests/fresh-globals.ts"], globalSetup: ["tests/global-setup.ts"], env: { ...quietSdk, FRUGAL_TEST_DIALECT: "postgres" } },
            },
          ]
        : []),
    ],
  },
});
