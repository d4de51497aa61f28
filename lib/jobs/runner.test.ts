import { describe, expect, it } from "vitest";
import { processesFor } from "./runner";

describe("what npm start runs for each FRUGAL_ROLE", () => {
  it.each([
    ["all", { front: true, dashboard: true, worker: true }],
    ["web", { front: true, dashboard: true, worker: false }],
    ["worker", { front: false, dashboard: false, worker: true }],
  ] as const)("%s", (role, processes) => {
    expect(processesFor(role)).toEqual(processes);
  });
});
