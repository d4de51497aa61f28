import { describe, expect, it } from "vitest";
import { processesFor, workerNodeFlags } from "./runner";

describe("what npm start runs for each FRUGAL_ROLE", () => {
  it.each([
    ["all", { front: true, dashboard: true, worker: true }],
    ["web", { front: true, dashboard: true, worker: false }],
    ["worker", { front: false, dashboard: false, worker: true }],
    // Kill switches only: nothing proxied through it, nothing run beside it (README, Running in production).
    ["ofrep", { front: true, dashboard: false, worker: false }],
  ] as const)("%s", (role, processes) => {
    expect(processesFor(role)).toEqual(processes);
  });
});

describe("the worker's young generation", () => {
  it.each([
    ["", ["--max-semi-space-size=64"]],
    ["--max-old-space-size=512", ["--max-semi-space-size=64"]],
    // The operator's own size stands, whatever it is.
    ["--max-semi-space-size=8", []],
    ["--enable-source-maps --max-semi-space-size=128", []],
  ])("NODE_OPTIONS %j: %j", (nodeOptions, flags) => {
    expect(workerNodeFlags(nodeOptions)).toEqual(flags);
  });
});
