import { describe, expect, it } from "vitest";
import { MAX_CSV_ROWS, parseCsvPoints } from "./csv-points";

describe("parseCsvPoints", () => {
  it("reads a header and one point per row, numbered as a spreadsheet numbers them", () => {
    const { points, fileError } = parseCsvPoints("metric,timestamp,value\r\norders,2026-11-24,3120\r\norders,2026-11-25,\"3,204\"\r\n\r\ngb,2026-11-25T10:00:00Z,12.5\r\n");
    expect(fileError).toBeNull();
    expect(points).toEqual([
      { row: 2, raw: { metric: "orders", timestamp: "2026-11-24", value: 3120 } },
      { row: 3, raw: { metric: "orders", timestamp: "2026-11-25", value: 3204 } },
      { row: 5, raw: { metric: "gb", timestamp: "2026-11-25T10:00:00Z", value: 12.5 } },
    ]);
  });

  it("takes other column orders, names and a byte-order mark", () => {
    const { points } = parseCsvPoints("\uFEFFDate;Value;Metric\n2026-11-24;7;orders\n".replaceAll(";", ","));
    expect(points[0]?.raw).toEqual({ metric: "orders", timestamp: "2026-11-24", value: 7 });
  });

  it.each([
    ["12abc", "12abc"],
    ["", ""],
    [" 42 ", 42],
    ["-3.5", -3.5],
    ["1e3", 1000],
  ])("reads the value %j as %j", (cell, value) => {
    expect(parseCsvPoints(`metric,date,value\norders,2026-11-24,${cell}\n`).points[0]?.raw.value).toEqual(value);
  });

  it.each([
    ["", /empty/],
    ["orders,2026-11-24,1\n", /must name the columns metric, timestamp \(or date\) and value; metric and timestamp and value are missing/],
    ["metric,value\norders,1\n", /timestamp is missing \(found: metric, value\)/],
  ])("explains a file it cannot read: %j", (text, message) => {
    expect(parseCsvPoints(text).fileError).toMatch(message);
  });

  it("refuses a file with too many rows", () => {
    const text = `metric,date,value\n${"orders,2026-11-24,1\n".repeat(MAX_CSV_ROWS + 1)}`;
    expect(parseCsvPoints(text).fileError).toMatch(/100001 rows; import at most 100000/);
  });
});
