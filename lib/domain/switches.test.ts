import { describe, expect, it } from "vitest";
import { averageServed, cellPosition, OFF, ON, parseCellPositions, type SwitchPosition } from "./switches";

const throttled = (p: number): SwitchPosition => ({ state: "throttled", throttlePercent: p });
const H = 3600_000;

describe("averageServed over a measured window [0, 24 h)", () => {
  it.each<[string, SwitchPosition, { at: number; from: SwitchPosition }[], number]>([
    ["never changed, on", ON, [], 1],
    ["never changed, throttled to 30 %", throttled(30), [], 0.3],
    ["changed after the window: the window saw the old position", throttled(70), [{ at: 30 * H, from: ON }], 1],
    ["changed before the window: the window saw the new position", OFF, [{ at: -5 * H, from: ON }], 0],
    ["turned off half way", OFF, [{ at: 12 * H, from: ON }], 0.5],
    ["throttled to 50 % at 6 h, off at 18 h", OFF, [{ at: 18 * H, from: throttled(50) }, { at: 6 * H, from: ON }], (6 + 12 * 0.5) / 24],
    ["off at 12 h, then back on after the window", ON, [{ at: 30 * H, from: OFF }, { at: 12 * H, from: ON }], 0.5],
    ["a change exactly at the start counts as before it", OFF, [{ at: 0, from: ON }], 0],
  ])("%s", (_name, now, changes, expected) => {
    expect(averageServed(now, changes, 0, 24 * H)).toBeCloseTo(expected, 9);
  });
});

describe("parseCellPositions", () => {
  it("keeps well-formed cells and drops the rest", () => {
    expect(parseCellPositions({ "cell-a": { state: "off" }, "cell-b": { state: "throttled", throttlePercent: 40 }, "cell-c": { state: "throttled" }, "cell-d": "off", "cell-e": { state: "maybe" } })).toEqual({
      "cell-a": OFF,
      "cell-b": throttled(40),
    });
    expect(parseCellPositions(null)).toEqual({});
    expect(parseCellPositions([1, 2])).toEqual({});
  });
});

describe("cellPosition", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "cell-z"])("finds nothing for %j, an unknown cell", (cell) => {
    expect(cellPosition(parseCellPositions({ "cell-b": { state: "off" } }), cell)).toBeUndefined();
  });
  it("finds a cell's own position", () => {
    expect(cellPosition(parseCellPositions({ "cell-b": { state: "off" } }), "cell-b")).toEqual(OFF);
  });
  it("keeps no entry for a stored cell name that is not one", () => {
    expect(parseCellPositions({ __proto__x: { state: "off" }, "": { state: "off" }, "cell b": { state: "off" } })).toEqual({});
  });
});
