import { describe, expect, it } from "vitest";
import { aggregateMetric, costPerMillionMicroUsd, costPerUnitMicroUsd, estimateCostSoFar, shareOfRevenue, unitCostOverRange , headlineMetric } from "./unit-cost";

describe("cost per million requests", () => {
  it.each([
    [1_000_000, 1_000_000, 1_000_000],
    [5_000_000, 2_000_000, 2_500_000],
    [1, 3, 333_333],
    [2, 3, 666_667],
    [-500_000, 1_000_000, -500_000],
    [1_000_000, 0, null],
    [0, 0, null],
    [1_000_000, -5, null],
    [1_000_000, Number.NaN, null],
  ])("%d µ$ over %d requests → %s", (cost, requests, expected) => {
    expect(costPerMillionMicroUsd(cost, requests)).toBe(expected);
  });
});

describe("cost per business unit", () => {
  it.each([
    [62_000_000, 1_000, 62_000],
    [1_000_000, 3, 333_333],
    [1_000_000, 0, null],
    [1_000_000, -2, null],
    [0, 10, 0],
  ])("%d µ$ over %d units → %s", (cost, units, expected) => {
    expect(costPerUnitMicroUsd(cost, units)).toBe(expected);
  });

  it("counts active user-days for a level metric: the range's cost over the sum of the daily values", () => {
    // 3 days costing $300 in all with 100, 200 and 300 active users: $1 per user-day, $100 a day for 200 a day on average.
    expect(unitCostOverRange(300_000_000, [100, 200, 300])).toBe(500_000);
    expect(unitCostOverRange(300_000_000, [])).toBeNull();
  });

  it.each([
    [[1, 2, 3], "sum", 6],
    [[1, 2, 3], "mean", 2],
    [[], "sum", null],
    [[], "mean", null],
    [[0, 0], "mean", 0],
  ] as const)("aggregates %j by %s → %s", (values, aggregation, expected) => {
    expect(aggregateMetric(values, aggregation)).toBe(expected);
  });
});

describe("today's cost so far, estimated", () => {
  it.each([
    ["at the recent cost per request", [{ costMicroUsd: 100_000_000, requestCount: 1_000_000 }], 250_000, 25_000_000],
    ["over the last seven complete days only", [...Array(10).fill({ costMicroUsd: 1, requestCount: 1 }), ...Array(7).fill({ costMicroUsd: 2_000, requestCount: 1_000 })], 1_000, 2_000],
    ["with no traffic today: nothing yet", [{ costMicroUsd: 100, requestCount: 10 }], 0, 0],
    ["without any recent traffic: no estimate", [{ costMicroUsd: 100, requestCount: 0 }], 50, null],
    ["without any recent days: no estimate", [], 50, null],
  ])("%s", (_name, recent, today, expected) => {
    expect(estimateCostSoFar(recent, today)).toBe(expected);
  });
});

describe("cost as a share of revenue", () => {
  it.each([
    [5_000_000, 100_000_000, 0.05],
    [5_000_000, 0, null],
    [0, 100, 0],
  ])("%d of %d → %s", (cost, revenue, expected) => {
    expect(shareOfRevenue(cost, revenue)).toBe(expected);
  });
});

describe("the headline business metric", () => {
  const orders = { id: 3, unit: "orders" };
  const revenue = { id: 2, unit: "USD" };
  const gb = { id: 9, unit: "GB" };
  it.each([
    ["the one chosen", [orders, revenue, gb], 9, gb],
    ["unchosen: the first declared that is not revenue", [gb, revenue, orders], null, orders],
    ["a metric declared later does not take over", [orders, revenue, gb], null, orders],
    ["a chosen metric since deleted: the default", [orders, revenue], 9, orders],
    ["only revenue: revenue", [revenue], null, revenue],
    ["none", [], null, null],
  ])("%s", (_name, metrics, chosen, expected) => {
    expect(headlineMetric(metrics, chosen)).toEqual(expected);
  });
});
