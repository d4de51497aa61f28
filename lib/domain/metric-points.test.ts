import { describe, expect, it } from "vitest";
import { checkPoint, checkPoints, parseTimestamp, type MetricTarget } from "./metric-points";

const NOW = new Date("2026-11-26T12:00:00Z");
const metrics = new Map<string, MetricTarget>([
  ["orders", { id: 1, name: "orders", origin: "push" }],
  ["gb_processed", { id: 2, name: "gb_processed", origin: "push" }],
  ["active_users", { id: 3, name: "active_users", origin: "cloudwatch" }],
]);

describe("timestamps", () => {
  it.each([
    ["2026-11-25", "2026-11-25T00:00:00.000Z"],
    ["2026-11-25T14:30:00Z", "2026-11-25T14:30:00.000Z"],
    ["2026-11-25T14:30Z", "2026-11-25T14:30:00.000Z"],
    ["2026-11-25T14:30:00.123Z", "2026-11-25T14:30:00.123Z"],
    ["2026-11-25T16:30:00+02:00", "2026-11-25T14:30:00.000Z"],
    ["2028-02-29T12:00:00Z", "2028-02-29T12:00:00.000Z"],
    ["2026-11-25T23:59:59-14:00", "2026-11-26T13:59:59.000Z"],
    [" 2026-11-25 ", "2026-11-25T00:00:00.000Z"],
  ])("%j → %s", (input, iso) => {
    expect((parseTimestamp(input) as Date).toISOString()).toBe(iso);
  });

  it.each([
    ["2026-11-25T14:30:00", /not ISO 8601 with a time zone/],
    ["25/11/2026", /not ISO 8601/],
    ["2026-02-30", /not ISO 8601/],
    ["2026-11-25T25:00:00Z", /not a real time/],
    ["2026-02-30T00:00Z", /not a real time/],
    ["2026-02-29T12:00:00Z", /not a real time/],
    ["2026-04-31T12:00:00+02:00", /not a real time/],
    ["2026-11-25T23:60:00Z", /not a real time/],
    ["2026-11-25T23:59:60Z", /not a real time/],
    ["2026-11-25T12:00:00+15:00", /not a real time/],
    [1764072000, /must be a string/],
    [null, /must be a string/],
  ])("refuses %j", (input, reason) => {
    expect(parseTimestamp(input)).toMatch(reason);
  });
});

describe("one point", () => {
  it("accepts a good point, keyed by metric and time, with its UTC day", () => {
    expect(checkPoint({ metric: "orders", timestamp: "2026-11-25T23:30:00-02:00", value: 42 }, metrics, NOW)).toEqual({
      ok: true,
      point: { metricId: 1, ts: new Date("2026-11-26T01:30:00Z"), day: "2026-11-26", value: 42 },
    });
  });

  it.each([
    ["not an object", [1, 2], /must be an object/],
    ["no metric", { timestamp: "2026-11-25", value: 1 }, /metric must be the name/],
    ["an unknown metric, naming those it takes", { metric: "revenue", timestamp: "2026-11-25", value: 1 }, /unknown metric 'revenue'; this application takes orders, gb_processed/],
    ["a CloudWatch metric", { metric: "active_users", timestamp: "2026-11-25", value: 1 }, /read from CloudWatch/],
    ["a value that is a string", { metric: "orders", timestamp: "2026-11-25", value: "12" }, /finite number/],
    ["a CloudWatch metric with a value of abc: both problems, not only the first", { metric: "active_users", timestamp: "2026-11-25", value: "abc" }, /read from CloudWatch.*; value must be a finite number, not 'abc'/],
    ["an unknown metric on an impossible day: both", { metric: "gb", timestamp: "2026-02-30", value: 1 }, /unknown metric 'gb'.*; timestamp '2026-02-30'/],
    ["a value that is not finite", { metric: "orders", timestamp: "2026-11-25", value: Number.POSITIVE_INFINITY }, /finite number/],
    ["a value of 1e308", { metric: "orders", timestamp: "2026-11-25", value: 1e308 }, /out of range/],
    ["a value of -1.1e15", { metric: "orders", timestamp: "2026-11-25", value: -1.1e15 }, /out of range/],
    ["more than a day in the future", { metric: "orders", timestamp: "2026-11-27T12:00:01Z", value: 1 }, /in the future/],
    ["more than 400 days old", { metric: "orders", timestamp: "2025-10-21", value: 1 }, /more than 400 days old/],
  ])("refuses %s", (_name, raw, reason) => {
    const check = checkPoint(raw, metrics, NOW);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(reason);
  });

  it.each([
    ["exactly a day ahead (clock skew)", "2026-11-27T12:00:00Z"],
    ["exactly 400 days old", "2025-10-22T12:00:00Z"],
    ["a negative value (refunds)", "2026-11-25"],
  ])("accepts %s", (name, timestamp) => {
    expect(checkPoint({ metric: "orders", timestamp, value: name.includes("negative") ? -3 : 1 }, metrics, NOW).ok).toBe(true);
  });
});

describe("a batch", () => {
  it("keeps the good points and reports each bad one with its index", () => {
    const batch = checkPoints(
      [
        { metric: "orders", timestamp: "2026-11-24", value: 10 },
        { metric: "orders", timestamp: "2026-11-24T00:00:00Z", value: 11 },
        { metric: "nope", timestamp: "2026-11-24", value: 1 },
        { metric: "gb_processed", timestamp: "2026-11-24", value: 3.5 },
      ],
      metrics,
      NOW,
    );
    expect(batch.points.map((p) => p.index)).toEqual([0, 3]);
    expect(batch.rejected).toEqual([
      { index: 1, reason: "same metric and timestamp as point 0" },
      { index: 2, reason: expect.stringMatching(/unknown metric 'nope'/) },
    ]);
  });
});
