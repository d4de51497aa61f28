import { describe, expect, it } from "vitest";
import { countOf, formatAgo, formatChange, formatCount, formatCountHeadline, formatPercent, formatRange, formatUsd, formatUsdCompact, perUnitLabel, usdAxis, formatUntil } from "./format";

describe("money as people read it", () => {
  it.each([
    [1_234_567_890, "$1,234.57"],
    [0, "$0.00"],
    [10_000, "$0.01"],
    [4_200, "$0.0042"],
    [500, "$0.0005"],
    [-4_200, "-$0.0042"],
    [-12_500_000, "-$12.50"],
  ])("formatUsd(%d µ$) = %s", (micro, text) => {
    expect(formatUsd(micro)).toBe(text);
  });

  it.each([
    // [the axis's largest value, its ticks, as read]
    ["a month of daily cost", 1_400_000_000, [0, 350_000_000, 700_000_000, 1_050_000_000, 1_400_000_000], ["$0", "$350", "$700", "$1,050", "$1,400"]],
    ["a few dollars", 3_000_000, [0, 750_000, 1_500_000, 3_000_000], ["$0.00", "$0.75", "$1.50", "$3.00"]],
    ["a large account", 150_000_000_000, [0, 50_000_000_000, 150_000_000_000], ["$0", "$50K", "$150K"]],
    ["cost per request", 600, [0, 200, 400, 600], ["$0", "$0.0002", "$0.0004", "$0.0006"]],
  ])("usdAxis: %s", (_name, max, ticks, text) => {
    const tick = usdAxis(max);
    expect(ticks.map(tick)).toEqual(text);
  });

  it("rounds to whole dollars for big headline figures only", () => {
    expect(formatUsd(21_072_616_536, { whole: true })).toBe("$21,073");
    expect(formatUsd(56_500_000, { whole: true })).toBe("$56.50");
  });

  it.each([
    [175_000, "$0.18"],
    [9_990_000, "$9.99"],
    [12_345_000_000, "$12.3K"],
    [1_100_000_000_000, "$1.1M"],
  ])("formatUsdCompact(%d µ$) = %s", (micro, text) => {
    expect(formatUsdCompact(micro)).toBe(text);
  });
});

describe("other units", () => {
  it("counts, percentages and changes", () => {
    expect(formatCount(774_909_471.4)).toBe("774,909,471");
    expect(formatPercent(0.0031, 2)).toBe("0.31\u00a0%");
    expect(formatChange(0.202)).toBe("+20.2\u00a0%");
    expect(formatChange(-0.066)).toBe("−6.6\u00a0%");
    expect(formatChange(0)).toBe("0.0\u00a0%");
  });

  it.each([
    [0, "row", undefined, "0 rows"],
    [1, "row", undefined, "1 row"],
    [2, "row", undefined, "2 rows"],
    [1_200, "row", undefined, "1,200 rows"],
    [1, "query", "queries", "1 query"],
    [3, "query", "queries", "3 queries"],
  ])("%d with %s (plural %s) reads %s", (n, singular, plural, text) => {
    expect(countOf(n, singular, plural)).toBe(text);
  });

  it.each([
    [999_999, "999,999"],
    [1_000_000, "1M"],
    [1_550_000, "1.6M"],
    [112_200_698, "112.2M"],
    [786_956_910, "787M"],
    [2_400_000_000, "2.4B"],
  ])("a headline count %d reads %s (whole below a million, so it fits a phone-wide card)", (n, text) => {
    expect(formatCountHeadline(n)).toBe(text);
  });

  it.each([
    ["orders", "sum", "order"],
    ["GB", "sum", "GB"],
    ["active users", "mean", "active user-day"],
  ])("one unit of %s (%s) is called %s", (unit, aggregation, label) => {
    expect(perUnitLabel({ unit, aggregation })).toBe(label);
  });

  it.each([
    ["2026-11-26T14:05:00Z", "14:05 UTC"],
    ["2026-11-27T09:00:00Z", "tomorrow 09:00 UTC"],
    ["2026-11-29T23:59:00Z", "29 Nov 23:59 UTC"],
  ])("a moment ahead, %s, reads %s", (at, text) => {
    expect(formatUntil(new Date(at), new Date("2026-11-26T12:00:00Z"))).toBe(text);
  });

  it("ranges and ages", () => {
    expect(formatRange({ from: "2026-10-28", to: "2026-11-26" })).toBe("28 Oct – 26 Nov 2026");
    expect(formatRange({ from: "2026-11-26", to: "2026-11-26" })).toBe("26 Nov 2026");
    const now = new Date("2026-11-26T12:00:00Z");
    expect(formatAgo(new Date("2026-11-26T11:55:00Z"), now)).toBe("5 min ago");
    expect(formatAgo(new Date("2026-11-26T09:00:00Z"), now)).toBe("3 h ago");
    expect(formatAgo(new Date("2026-11-22T12:00:00Z"), now)).toBe("4 days ago");
  });
});
