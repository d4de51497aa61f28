import { describe, expect, it } from "vitest";
import { scopeCostLines, tagCoverage } from "./cost-rollup";
import type { TagRule } from "./tag-rules";

const rules: TagRule[] = [
  { applicationId: 1, position: 1, key: "app", value: "shop" },
  { applicationId: 2, position: 2, key: "team", value: "*" },
];
const keys = { serviceTagKey: "service", cellTagKey: "cell" };
const line = (day: string, tags: Record<string, string>, costMicroUsd: number, estimated = false) => ({ day, tags, costMicroUsd, estimated });

describe("scopeCostLines", () => {
  const scoped = scopeCostLines(
    [
      line("2026-11-01", { app: "shop", team: "", service: "web" }, 1_000_000),
      line("2026-11-01", { app: "shop", team: "x", service: "web" }, 500_000, true),
      line("2026-11-01", { app: "shop", team: "", service: "" }, 250_000),
      line("2026-11-01", { app: "", team: "data", service: "etl" }, 300_000),
      line("2026-11-01", { app: "", team: "", service: "web" }, 70_000),
      line("2026-11-01", { app: "", team: "", service: "" }, 30_000),
      line("2026-11-01", { app: "shop", team: "", service: "web" }, -200_000),
      line("2026-11-02", { app: "shop", team: "", service: "web" }, 10),
    ],
    rules,
    keys,
  );
  const find = (day: string, applicationId: number | null, service: string | null) =>
    scoped.find((s) => s.day === day && s.applicationId === applicationId && s.service === service);

  it("sums a service's lines of a day, credits included", () => {
    expect(find("2026-11-01", 1, "web")).toMatchObject({ costMicroUsd: 1_300_000, estimated: true });
  });
  it("keeps an application's cost without a service tag as its shared pool", () => {
    expect(find("2026-11-01", 1, null)?.costMicroUsd).toBe(250_000);
  });
  it("attributes by the first matching rule", () => {
    expect(find("2026-11-01", 2, "etl")?.costMicroUsd).toBe(300_000);
  });
  it("leaves cost that matches no rule unallocated, whatever its service tag", () => {
    expect(find("2026-11-01", null, null)?.costMicroUsd).toBe(100_000);
  });
  it("keeps days apart", () => {
    expect(find("2026-11-02", 1, "web")).toMatchObject({ costMicroUsd: 10, estimated: false });
  });
  it("loses no micro-dollar", () => {
    expect(scoped.reduce((a, s) => a + s.costMicroUsd, 0)).toBe(1_000_000 + 500_000 + 250_000 + 300_000 + 70_000 + 30_000 - 200_000 + 10);
  });
});

describe("tagCoverage", () => {
  it.each([
    [900, 1000, 0.9],
    [1000, 1000, 1],
    [0, 1000, 0],
    [0, 0, null],
    [1100, 1000, 1],
    [-50, 1000, 0],
  ])("%d of %d → %s", (allocated, total, expected) => {
    expect(tagCoverage(allocated, total)).toBe(expected);
  });
});
