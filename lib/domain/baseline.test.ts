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

describe("baselineOf asked at many moments of one series", () => {
  /** 5 hours of 5-minute samples with gaps in every column: no requests, no p99, no queue depth, and repeated values. */
  function uneven(): CellSeries {
    const fives = Array.from({ length: 60 }, (_, k): Sample => ({
      serviceKey: "svc", cell: "cell-a", periodSeconds: 300, ts: new Date(NOW - (60 - k) * 5 * MIN), requests: k % 7 === 3 ? 0 : 1000 + k, count2xx: 900, count4xx: 0, count5xx: k % 4,
      throttles: 0, retries: null, latencyP50Ms: 40, latencyP99Ms: k % 5 === 0 ? null : 100 + ((k * 37) % 50), queueAgeSeconds: null, queueDepth: k % 6 === 0 ? null : (k * 13) % 20, queueSent: null, queueDeleted: null,
    }));
    return { service: "svc", cell: "cell-a", minutes: [], fives };
  }

  /** The definition, worked out afresh: medians over the samples with requests that ended by the window's start. */
  function expected(series: CellSeries, at: number) {
    const before = series.fives.filter((s) => s.ts.getTime() + 300_000 <= at - T.windowMinutes * MIN && s.requests > 0);
    const med = (values: number[]) => {
      const v = [...values].sort((a, b) => a - b);
      const m = Math.floor(v.length / 2);
      return v.length === 0 ? null : v.length % 2 ? v[m] : ((v[m - 1] as number) + (v[m] as number)) / 2;
    };
    if (before.length < 12) return { p99Ms: null, errorRate: null, queueDepth: null };
    return {
      p99Ms: med(before.flatMap((s) => (s.latencyP99Ms === null ? [] : [s.latencyP99Ms]))),
      errorRate: med(before.map((s) => s.count5xx / s.requests)),
      queueDepth: med(before.flatMap((s) => (s.queueDepth === null ? [] : [s.queueDepth]))),
    };
  }

  // overloadedSince walks back 5 minutes at a time; the page and the next run ask later again.
  const back = Array.from({ length: 50 }, (_, i) => NOW - i * 5 * MIN);
  const walks: [string, number[]][] = [
    ["walking back a sample at a time", back],
    ["walking forward again after walking back", [...back, ...[...back].reverse()]],
    ["jumping back and forth, several samples at once, and to before an hour of samples", [NOW, NOW - 200 * MIN, NOW - 30 * MIN, NOW - 290 * MIN, NOW - 95 * MIN, NOW + 60 * MIN, NOW - 3 * MIN]],
  ];
  it.each(walks)("gives at every moment what working it out afresh gives, %s", (_name, moments) => {
    const series = uneven();
    for (const at of moments) expect(baselineOf(series, new Date(at), T), new Date(at).toISOString()).toEqual(expected(series, at));
  });
});
