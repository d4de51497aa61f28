import { describe, expect, it } from "vitest";
import { baselineOf } from "./baseline";
import type { Sample } from "./samples";
import { DEFAULT_THRESHOLDS as T, type CellSeries } from "./signals";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const MIN = 60_000;

/** 5-minute samples over the 2 hours before NOW, the k-th oldest with a p99 of 100 + k ms. */
function twoHours(): CellSeries {
  const fives = Array.from({ length: 24 }, (_, k): Sample => ({
    serviceKey: "svc", cell: "cell-a", periodSeconds: 300, ts: new Date(NOW - (24 - k) * 5 * MIN), requests: 1000, count2xx: 990, count4xx: 5, count5xx: 5,
    throttles: 0, retries: null, latencyP50Ms: 40, latencyP99Ms: 100 + k, queueAgeSeconds: null, queueDepth: null, queueSent: null, queueDeleted: null,
  }));
  return { service: "svc", cell: "cell-a", minutes: [], fives };
}

describe("baselineOf", () => {
  // With the default 15-minute window, at NOW the samples ended by 11:45 are the 21 oldest (k 0..20): median p99 110 ms.
  const cases: [string, number, number, number | null][] = [
    ["now", 0, 15, 110],
    ["1 minute later: no sample ended in between, the same set", 1, 15, 110],
    ["4:59 later: still the same set", 4.99, 15, 110],
    ["5 minutes later: one more sample ended", 5, 15, 110.5],
    ["1 ms before the last counted sample ends: one fewer", -1 / 60_000, 15, 109.5],
    ["a 60-minute window: the 12 oldest", 0, 60, 105.5],
    ["a 65-minute window: 11, under an hour of samples", 0, 65, null],
  ];
  it.each(cases)("%s", (_name, laterMinutes, windowMinutes, p99) => {
    const series = twoHours();
    expect(baselineOf(series, new Date(NOW + laterMinutes * MIN), { ...T, windowMinutes }).p99Ms).toBe(p99);
    // Samples out of order (not as the database reads them) are counted one by one: the same answer.
    const shuffled = { ...series, fives: [...series.fives.slice(12), ...series.fives.slice(0, 12).reverse()] };
    expect(baselineOf(shuffled, new Date(NOW + laterMinutes * MIN), { ...T, windowMinutes }).p99Ms).toBe(p99);
  });

  it("answers the same series asked again at another moment from what it worked out, until a sample ends in between", () => {
    const series = twoHours();
    const first = baselineOf(series, new Date(NOW), T);
    expect(baselineOf(series, new Date(NOW + 4 * MIN), T)).toBe(first);
    const later = baselineOf(series, new Date(NOW + 5 * MIN), T);
    expect(later).not.toBe(first);
    expect(later.p99Ms).toBe(110.5);
    // Asked in the other order, the same answers: each set of samples keeps its own.
    expect(baselineOf(series, new Date(NOW + 1 * MIN), T)).toBe(first);
  });
});
