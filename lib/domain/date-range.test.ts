import { describe, expect, it } from "vitest";
import { InvalidRangeError, lastDays, parseRange, presetOf, previousRange, rangeLength } from "./date-range";
import { addDays, daysBetween, eachDay, inRange, isDay } from "./day";

const TODAY = "2026-11-26";

describe("days", () => {
  it.each([
    ["2026-11-26", true],
    ["2024-02-29", true],
    ["2026-02-29", false],
    ["2026-13-01", false],
    ["2026-1-01", false],
    ["26-11-2026", false],
    ["", false],
  ])("isDay(%j) is %s", (value, expected) => {
    expect(isDay(value)).toBe(expected);
  });

  it("adds days across months, years and leap days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("counts and lists days with both ends included", () => {
    expect(daysBetween("2026-11-01", "2026-11-26")).toBe(25);
    expect(eachDay("2026-10-30", "2026-11-02")).toEqual(["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"]);
    expect(eachDay("2026-11-02", "2026-11-01")).toEqual([]);
  });
});

describe("inRange: both ends included", () => {
  const range = { from: "2026-11-06", to: "2026-12-05" };
  it.each([
    ["2026-11-05", false],
    ["2026-11-06", true],
    ["2026-11-20", true],
    ["2026-12-05", true],
    ["2026-12-06", false],
  ])("%s in 6 Nov – 5 Dec: %s", (day, inside) => {
    expect(inRange(day, range)).toBe(inside);
  });
  it("holds a one-day range's day only", () => {
    expect([TODAY, addDays(TODAY, -1), addDays(TODAY, 1)].map((d) => inRange(d, { from: TODAY, to: TODAY }))).toEqual([true, false, false]);
  });
});

describe("parseRange", () => {
  it.each([
    ["nothing: the last 30 days", {}, { from: "2026-10-28", to: TODAY }],
    ["range=7", { range: "7" }, { from: "2026-11-20", to: TODAY }],
    ["range=90", { range: "90" }, { from: "2026-08-29", to: TODAY }],
    ["one day", { from: "2026-11-01", to: "2026-11-01" }, { from: "2026-11-01", to: "2026-11-01" }],
    ["from/to win over range", { range: "7", from: "2026-10-01", to: "2026-10-31" }, { from: "2026-10-01", to: "2026-10-31" }],
    ["to may be in the future (the days without data show empty)", { from: "2026-11-20", to: "2026-11-30" }, { from: "2026-11-20", to: "2026-11-30" }],
    ["the longest range allowed, 400 days", { from: "2025-10-23", to: TODAY }, { from: "2025-10-23", to: TODAY }],
  ])("%s", (_name, params, expected) => {
    expect(parseRange(params, TODAY)).toEqual(expected);
  });

  it.each([
    ["an unknown preset", { range: "14" }, "'range' must be one of 7, 30, 90"],
    ["from without to", { from: "2026-11-01" }, "Give both 'from' and 'to'"],
    ["a malformed date", { from: "2026-11-1", to: "2026-11-26" }, "'from' must be a date as YYYY-MM-DD"],
    ["an impossible date", { from: "2026-11-01", to: "2026-11-31" }, "'to' must be a date as YYYY-MM-DD"],
    ["from after to", { from: "2026-11-10", to: "2026-11-01" }, "is after 'to'"],
    ["from in the future", { from: "2026-11-27", to: "2026-11-28" }, "is in the future"],
    ["401 days", { from: "2025-10-22", to: TODAY }, "401 days long; the most is 400"],
  ])("rejects %s with a message that says why", (_name, params, message) => {
    expect(() => parseRange(params, TODAY)).toThrow(InvalidRangeError);
    expect(() => parseRange(params, TODAY)).toThrow(message);
  });
});

describe("previousRange", () => {
  it.each([
    [{ from: "2026-11-20", to: "2026-11-26" }, { from: "2026-11-13", to: "2026-11-19" }],
    [{ from: "2026-11-01", to: "2026-11-01" }, { from: "2026-10-31", to: "2026-10-31" }],
    [{ from: "2026-03-01", to: "2026-03-31" }, { from: "2026-01-29", to: "2026-02-28" }],
  ])("%j comes after %j, of the same length", (range, expected) => {
    expect(previousRange(range)).toEqual(expected);
    expect(rangeLength(previousRange(range))).toBe(rangeLength(range));
  });
});

it("recognises presets only when they end today", () => {
  expect(presetOf(lastDays(7, TODAY), TODAY)).toBe(7);
  expect(presetOf(lastDays(8, TODAY), TODAY)).toBeNull();
  expect(presetOf(lastDays(7, "2026-11-25"), TODAY)).toBeNull();
});
