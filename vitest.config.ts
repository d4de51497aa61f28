import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "tests/**/*.test.ts"],
    globalSetup: ["tests/global-setup.ts"],
    // Integration tests each open their own SQLite file; two workers match the machine.
    maxWorkers: 2,
    // Limits that only catch a hang: a busy machine must not fail a test for being slow.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // The SDK's notice that its releases after January 2027 need Node 22 (README, "Running in production"), once per worker.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
