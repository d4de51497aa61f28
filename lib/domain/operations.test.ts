import { describe, expect, it } from "vitest";
import { operationCosts, splitDay, type OperationUsage } from "./operations";

const op = (operation: string, requestCount: number, latencyAvgMs: number | null, faultCount = 0): OperationUsage => ({ operation, requestCount, latencyAvgMs, faultCount, errorCount: 0 });

describe("splitDay: one day of a service's cost over its operations", () => {
  it.each([
    ["busy time decides: 100 req × 50 ms against 100 req × 150 ms", 1_000_000, [op("GET /a", 100, 50), op("POST /b", 100, 150)], { "GET /a": 250_000, "POST /b": 750_000 }],
    ["many fast requests weigh as much as few slow ones", 900, [op("GET /cheap", 1000, 1), op("POST /slow", 10, 100)], { "GET /cheap": 450, "POST /slow": 450 }],
    ["no latency known anywhere: by requests", 300, [op("A", 1, null), op("B", 2, null)], { A: 100, B: 200 }],
    ["one micro-dollar left over goes to the largest remainder", 100, [op("A", 1, 1), op("B", 1, 1), op("C", 1, 1)], { A: 34, B: 33, C: 33 }],
    ["a credit (negative cost) splits the same way", -1_000_000, [op("GET /a", 100, 50), op("POST /b", 100, 150)], { "GET /a": -250_000, "POST /b": -750_000 }],
  ])("%s", (_name, cost, ops, expected) => {
    const split = splitDay(cost, ops);
    expect(Object.fromEntries(split!)).toEqual(expected);
    expect([...split!.values()].reduce((a, b) => a + b, 0)).toBe(cost);
  });

  it("has nothing to split without requests", () => {
    expect(splitDay(1000, [op("A", 0, 20)])).toBeNull();
    expect(splitDay(1000, [])).toBeNull();
  });
});

describe("operationCosts over days", () => {
  it("adds up to the service's cost on the days it covers, and keeps the other days apart", () => {
    const result = operationCosts([
      { day: "2026-11-24", serviceCostMicroUsd: 1_000_001, operations: [op("GET /a", 100, 50), op("POST /b", 100, 150, 3)] },
      { day: "2026-11-25", serviceCostMicroUsd: 500_000, operations: [op("GET /a", 300, 50), op("POST /b", 100, 150)] },
      { day: "2026-11-26", serviceCostMicroUsd: 70_000, operations: [] },
    ]);
    expect(result.coveredMicroUsd).toBe(1_500_001);
    expect(result.uncoveredMicroUsd).toBe(70_000);
    expect(result.operations.reduce((a, o) => a + o.costMicroUsd, 0)).toBe(1_500_001);
    const b = result.operations.find((o) => o.operation === "POST /b")!;
    expect(b).toMatchObject({ requestCount: 200, faultCount: 3, latencyAvgMs: 150 });
    // Day 1: 750,001 (the left-over micro-dollar); day 2: 250,000.
    expect(b.costMicroUsd).toBe(1_000_001);
    expect(b.costPerMillionMicroUsd).toBe(Math.round((1_000_001 * 1e6) / 200));
    expect(result.operations[0]!.operation).toBe("POST /b");
    const a = result.operations.find((o) => o.operation === "GET /a")!;
    expect(a.busyShare + b.busyShare).toBeCloseTo(1, 10);
  });
});
