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
  ])("%s", (_name, before, after, expected) => {
    expect(describeChange(before, after)).toEqual(expected);
  });
});
