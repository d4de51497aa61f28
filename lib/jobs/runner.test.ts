import { describe, expect, it } from "vitest";
import { allowedCpuList, parseCpuList, processesFor, workerCpu, workerNodeFlags } from "./runner";

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

describe("the CPU the worker is kept on", () => {
  it.each([
    // [FRUGAL_WORKER_CPU, the CPUs this process may use, the worker's CPU]
    ["auto", "0-1", 1],
    ["auto", "0-7", 7],
    // A container's cpuset: the last CPU it may use, not the machine's.
    ["auto", "2-3", 3],
    ["auto", "0,2,5-6", 6],
    // One CPU: nothing to keep free for requests.
    ["auto", "0", null],
    ["auto", "3", null],
    ["off", "0-7", null],
    // Not Linux, or a list it cannot read: left alone.
    ["auto", null, null],
    ["auto", "", null],
    ["auto", "0-x", null],
    ["auto", "3-1", null],
  ] as const)("%s with %j: %j", (setting, allowed, cpu) => {
    expect(workerCpu(setting, allowed)).toBe(cpu);
  });

  it.each([
    ["0-3,8,10-11", [0, 1, 2, 3, 8, 10, 11]],
    ["0", [0]],
    ["1,0", [0, 1]],
    ["0-1\n", [0, 1]],
    ["0-99999", []],
  ] as const)("reads the CPU list %j", (list, cpus) => {
    expect(parseCpuList(list)).toEqual(cpus);
  });

  it("reads this process's own list on Linux", () => {
    const list = allowedCpuList();
    if (process.platform === "linux") expect(parseCpuList(list ?? "").length).toBeGreaterThan(0);
    else expect(list).toBeNull();
  });
});
