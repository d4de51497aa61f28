import { describe, expect, it } from "vitest";
import type { ResourceSeries } from "./metrics";
import { rollupSamples, rollupToFiveMinutes, samplesBetween, samplesStartingIn, type SampleResource } from "./samples";

const T0 = Date.UTC(2026, 10, 26, 10, 0);
const NOW = new Date(T0 + 10 * 60_000);
const at = (minute: number) => new Date(T0 + minute * 60_000);
const points = (values: number[]) => values.map((value, i) => ({ ts: at(i), value }));

const RESOURCES: SampleResource[] = [
  { arn: "tg-a", type: "elasticloadbalancing:targetgroup", serviceKey: "1/web", cell: "cell-a" },
  { arn: "fn-a", type: "lambda:function", serviceKey: "1/web", cell: "cell-a" },
  { arn: "tg-b", type: "elasticloadbalancing:targetgroup", serviceKey: "1/web", cell: "cell-b" },
  { arn: "q-b", type: "sqs:queue", serviceKey: "1/worker", cell: "cell-b" },
];

describe("rollupSamples", () => {
  const series: ResourceSeries[] = [
    { arn: "tg-a", metric: "requests", points: points([100, 300]) },
    { arn: "tg-a", metric: "count5xx", points: points([1, 3]) },
    { arn: "tg-a", metric: "count4xx", points: points([5, 5]) },
    { arn: "tg-a", metric: "latencyP99Ms", points: points([200, 400]) },
    // The Lambda behind the load balancer: its invocations are the same requests, not more; its throttles count.
    { arn: "fn-a", metric: "requests", points: points([100, 300]) },
    { arn: "fn-a", metric: "throttles", points: points([2, 0]) },
    { arn: "tg-b", metric: "requests", points: points([50, 50]) },
    { arn: "q-b", metric: "queueSent", points: points([20, 20]) },
    { arn: "q-b", metric: "queueDeleted", points: points([7, 7]) },
    { arn: "q-b", metric: "queueAgeSeconds", points: points([600, 660]) },
    { arn: "q-b", metric: "queueDepth", points: points([500, 513]) },
  ];

  it("counts requests where they enter, per service and cell, and leaves incomplete periods out", () => {
    const samples = rollupSamples(RESOURCES, series, 60, new Date(T0 + 90_000));
    expect(samples.map((s) => `${s.serviceKey} ${s.cell} ${s.ts.toISOString().slice(11, 16)} ${s.requests}`)).toEqual(["1/web cell-a 10:00 100", "1/web cell-b 10:00 50", "1/worker cell-b 10:00 7"]);
    const [a] = samples;
    expect(a).toMatchObject({ count5xx: 1, count4xx: 5, count2xx: 94, throttles: 2, latencyP99Ms: 200, retries: null, queueAgeSeconds: null });
    expect(samples[2]).toMatchObject({ queueSent: 20, queueDeleted: 7, queueAgeSeconds: 600, queueDepth: 500 });
  });

  it("keeps both whole minutes once they are over", () => {
    expect(rollupSamples(RESOURCES, series, 60, NOW).filter((s) => s.cell === "cell-a").map((s) => s.requests)).toEqual([100, 300]);
  });
});

describe("rollupToFiveMinutes", () => {
  const minute = (i: number, requests: number, p99: number) => ({
    serviceKey: "1/web",
    cell: "cell-a",
    periodSeconds: 60,
    ts: at(i),
    requests,
    count2xx: requests - 1,
    count4xx: 0,
    count5xx: 1,
    throttles: 0,
    retries: null,
    latencyP50Ms: null,
    latencyP99Ms: p99,
    queueAgeSeconds: i * 10,
    queueDepth: i,
    queueSent: null,
    queueDeleted: null,
  });

  it("adds counts, weighs latency by requests, keeps the queue as it was at the end, and skips partial buckets", () => {
    const five = rollupToFiveMinutes([minute(0, 100, 100), minute(1, 100, 100), minute(2, 100, 100), minute(3, 100, 100), minute(4, 400, 600), minute(5, 100, 100)]);
    expect(five).toHaveLength(1);
    expect(five[0]).toMatchObject({ periodSeconds: 300, requests: 800, count5xx: 5, latencyP99Ms: 350, queueAgeSeconds: 40, queueDepth: 4, retries: null });
    expect(five[0]!.ts).toEqual(at(0));
  });
});

describe("samplesBetween and samplesStartingIn", () => {
  // Samples starting at minutes 0, 5, 5, 10, 15 (two at 5: two cells' worth in one list is not expected, but ties must hold).
  const at = (minute: number) => ({ ts: new Date(Date.UTC(2026, 10, 30, 12, minute)), minute });
  const sorted = [0, 5, 5, 10, 15].map(at);
  const shuffled = [10, 0, 15, 5, 5].map(at);
  const ms = (minute: number) => Date.UTC(2026, 10, 30, 12, minute);
  it.each([
    ["the whole list", -60, 60, [0, 5, 5, 10, 15]],
    ["from is inclusive, to exclusive", 5, 15, [5, 5, 10]],
    ["between two samples on both ends", 1, 11, [5, 5, 10]],
    ["a bound on the first and on the last sample", 0, 15, [0, 5, 5, 10]],
    ["a sample starting exactly at `to` is left out", 0, 5, [0]],
    ["a window before every sample", -60, 0, []],
    ["a window after every sample", 16, 60, []],
    ["an empty window", 10, 10, []],
    ["a window backwards", 15, 5, []],
  ] as const)("%s", (_name, from, to, minutes) => {
    expect(samplesBetween(sorted, ms(from), ms(to)).map((s) => s.minute)).toEqual(minutes);
    // The same answer as a pass over every sample.
    expect(samplesBetween(sorted, ms(from), ms(to))).toEqual(sorted.filter((s) => s.ts.getTime() >= ms(from) && s.ts.getTime() < ms(to)));
    // samplesStartingIn, which the signals' windows use: the same samples in order, and out of order too.
    expect(samplesStartingIn(sorted, ms(from), ms(to)).map((s) => s.minute)).toEqual(minutes);
    expect(samplesStartingIn(shuffled, ms(from), ms(to)).map((s) => s.minute).sort((a, b) => a - b)).toEqual(minutes);
  });
  it("answers an empty list", () => {
    expect(samplesBetween([], 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });
});
