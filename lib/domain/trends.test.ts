import { describe, expect, it } from "vitest";
import { changeAtDoubleVolume, scaleSlope, topMovers, SCALE_MIN_POINTS, SCALE_MIN_R2, type ScalePoint } from "./trends";

/** cost = k * volume^exponent over volumes that move by ±30 %. */
const series = (exponent: number, days = 30, fixedMicroUsd = 0): ScalePoint[] =>
  Array.from({ length: days }, (_, i) => {
    const volume = 1_000_000 * (1 + 0.3 * Math.sin(i));
    return { volume, costMicroUsd: fixedMicroUsd + 50 * volume ** exponent };
  });

describe("economies of scale: slope of ln(cost) on ln(volume)", () => {
  it.each([
    ["cost in step with volume", series(1), 1, "linear"],
    ["a power law of 0.5", series(0.5), 0.5, "cheaper"],
    ["a power law of 1.5", series(1.5), 1.5, "dearer"],
    ["just under the cheaper threshold", series(0.89), 0.89, "cheaper"],
    ["just inside linear (0.91)", series(0.91), 0.91, "linear"],
    ["just inside linear (1.09)", series(1.09), 1.09, "linear"],
    ["just over the dearer threshold", series(1.11), 1.11, "dearer"],
  ])("%s", (_name, points, slope, label) => {
    const result = scaleSlope(points);
    expect(result?.slope).toBeCloseTo(slope, 6);
    expect(result?.label).toBe(label);
    expect(result?.r2).toBeCloseTo(1, 6);
  });

  // cost = volume^1.5 × noise: the noise's weight sets how much of the variation the line explains.
  const noisy = (weight: number): ScalePoint[] =>
    Array.from({ length: 60 }, (_, i) => {
      const volume = 1_000_000 * (1 + 0.3 * Math.sin(i));
      return { volume, costMicroUsd: 50 * volume ** 1.5 * Math.exp(weight * Math.cos(2.1 * i + 1)) };
    });
  it.each([
    ["a fit that explains nearly all of it (R² 0.99)", 0.05, "dearer"],
    ["just enough (R² 0.56)", 0.4, "dearer"],
    ["not quite (R² 0.45)", 0.5, "unclear"],
    ["a fifth (R² 0.2)", 0.85, "unclear"],
  ])("gives a verdict only when the fit explains enough: %s", (_name, weight, label) => {
    const result = scaleSlope(noisy(weight))!;
    expect(result.label).toBe(label);
    expect(result.r2 >= SCALE_MIN_R2).toBe(label !== "unclear");
  });

  it("sees a large fixed cost as economies of scale", () => {
    expect(scaleSlope(series(1, 30, 500_000_000))?.label).toBe("cheaper");
  });

  it.each([
    ["fewer days than it needs", series(1, SCALE_MIN_POINTS - 1)],
    ["a volume that does not move", Array.from({ length: 30 }, () => ({ volume: 1000, costMicroUsd: 5000 }))],
    ["days without traffic or cost only", Array.from({ length: 30 }, (_, i) => ({ volume: i % 2 ? 0 : 100 + i, costMicroUsd: i % 2 ? 10 : 0 }))],
  ])("says nothing with %s", (_name, points) => {
    expect(scaleSlope(points)).toBeNull();
  });

  it.each([
    ["flat cost", 0, 0],
    ["cheaper as it grows", 0.57, 0.4845],
    ["just under the cheaper threshold", 0.89, 0.8532],
    ["in step", 1, 1],
    ["dearer as it grows", 1.5, 1.8284],
    ["cost falls as volume grows", -0.5, -0.2929],
  ])("says what doubling the requests does to the cost: %s (slope %s)", (_name, slope, change) => {
    expect(changeAtDoubleVolume(slope)).toBeCloseTo(change, 4);
  });

  it("uses only the days with both traffic and cost", () => {
    const points = [...series(1, SCALE_MIN_POINTS), { volume: 0, costMicroUsd: 5 }, { volume: 5, costMicroUsd: 0 }];
    expect(scaleSlope(points)?.points).toBe(SCALE_MIN_POINTS);
  });
});

describe("top movers: cost per request that rose the most", () => {
  it("ranks the rises, leaves out falls and services without a comparison", () => {
    const movers = topMovers([
      { name: "recommendations", current: 75, previous: 40 },
      { name: "search", current: 36, previous: 35 },
      { name: "web", current: 17, previous: 18 },
      { name: "new-service", current: 10, previous: null },
      { name: "idle", current: null, previous: 10 },
      { name: "was-free", current: 10, previous: 0 },
    ]);
    expect(movers.map((m) => m.name)).toEqual(["recommendations", "search"]);
    expect(movers[0]?.change).toBeCloseTo(0.875, 10);
  });

  it("keeps the top N, ties by name", () => {
    const rows = ["d", "c", "b", "a"].map((name) => ({ name, current: 2, previous: 1 }));
    expect(topMovers(rows, 2).map((m) => m.name)).toEqual(["a", "b"]);
  });
});
