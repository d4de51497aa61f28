import { describe, expect, it } from "vitest";
import { describeChange } from "./audit-change";

describe("describeChange", () => {
  it.each([
    ["a changed field", { role: "viewer" }, { role: "engineer" }, ["role: viewer → engineer"]],
    ["only the fields that changed", { role: "owner", name: "A" }, { role: "owner", name: "B" }, ["name: A → B"]],
    ["a creation", null, { name: "ci", scope: "read" }, ["name: ci", "scope: read"]],
    ["a deletion", { key: "app", value: "x" }, null, ["key: app (before)", "value: x (before)"]],
    ["lists", { applicationIds: [] }, { applicationIds: [1, 3] }, ["applicationIds: none → 1, 3"]],
    ["nothing", null, null, []],
    [
      "a switch throttled in one cell, with the figures it was decided on, not raw JSON",
      { state: "on", throttlePercent: null, cell: "cell-b" },
      { state: "throttled", throttlePercent: 50, cell: "cell-b", source: "proposal", proposalId: 12, snapshot: { savingMicroUsd: 50_410_000, requestsAtRisk: 663_100, revenueAtRiskMicroUsd: 2_402_000_000, fullUsage: { costMicroUsd: 1 } } },
      ["on → throttled 50\u00a0% in cell-b", "by proposal (proposal #12)", "at the time: saves $50.41/day, 663,100 requests/day at risk, $2,402.00/day of revenue at risk"],
    ],
    ["a switch approved by a second owner", { state: "on", throttlePercent: null }, { state: "off", throttlePercent: null, requestedBy: "owner@x" }, ["on → off everywhere", "asked by owner@x"]],
    ["a dismissed proposal's details", null, { details: { savingMicroUsd: 1_000_000, kind: "cost" } }, ["at the time: saves $1.00/day"]],
    ["an object it does not know", null, { rule: { key: "team" } }, ["rule: (details kept)"]],
  ])("%s", (_name, before, after, expected) => {
    expect(describeChange(before, after)).toEqual(expected);
  });
});
