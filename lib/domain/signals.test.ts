import { describe, expect, it } from "vitest";
import type { Sample } from "./samples";
import {
  collapseSignal,
  DEFAULT_THRESHOLDS as T,
  errorSignals,
  evaluateSignals,
  hiddenQueueSignal,
  overloadedSince,
  queueSignal,
  recoveryCheck,
  retrySignal,
  samplesStale,
  sampleChartSpan,
  throttleSignal,
  type CellErrors,
  type CellSeries,
} from "./signals";

const NOW = new Date("2026-11-26T12:00:00Z");
const MIN = 60_000;

function sample(periodSeconds: number, ts: number, values: Partial<Sample>): Sample {
  const requests = values.requests ?? 1000;
  const count5xx = values.count5xx ?? 1;
  const count4xx = values.count4xx ?? 10;
  return {
    serviceKey: "svc",
    cell: "cell-a",
    periodSeconds,
    ts: new Date(ts),
    requests,
    count2xx: requests - count4xx - count5xx,
    count4xx,
    count5xx,
    throttles: 0,
    retries: null,
    latencyP50Ms: 40,
    latencyP99Ms: 200,
    queueAgeSeconds: null,
    queueDepth: null,
    queueSent: null,
    queueDeleted: null,
    ...values,
  };
}

/** 1-minute samples for the last `count` minutes; `at(m)` gets the minutes before now (count .. 1). */
function minutes(count: number, at: (minutesAgo: number) => Partial<Sample>): Sample[] {
  return Array.from({ length: count }, (_, i) => {
    const ago = count - i;
    return sample(60, NOW.getTime() - ago * MIN, at(ago));
  });
}

/** 5-minute samples over the last two days. */
function fives(at: (minutesAgo: number) => Partial<Sample> = () => ({})): Sample[] {
  return Array.from({ length: 576 }, (_, i) => {
    const ago = (576 - i) * 5;
    return sample(300, NOW.getTime() - ago * MIN, { requests: 5000, count5xx: 5, ...at(ago) });
  });
}

const series = (m: Sample[], f: Sample[] = fives(), cell = "cell-a"): CellSeries => ({ service: "svc", cell, minutes: m, fives: f });

/** The shop's daily rhythm: night traffic is 40 % of the mean, the afternoon peak 160 %. */
const diurnal = (minutesAgo: number) => 1 + 0.6 * Math.sin((2 * Math.PI * (NOW.getTime() / MIN - minutesAgo)) / 1440);

describe("queue: age of the oldest message, arrival against drain", () => {
  const queue = (age: number, sent: number, deleted: number, depth = 600) => series(minutes(30, () => ({ queueAgeSeconds: age, queueDepth: depth, queueSent: sent, queueDeleted: deleted })));
  it.each<[string, ReturnType<typeof queue>, "ok" | "warning" | "overloaded", RegExp]>([
    ["steady: young messages, drained as they arrive", queue(20, 100, 100), "ok", /Oldest message 20 s old; 600 waiting; drains as fast as messages arrive/],
    ["just under the warning age", queue(59, 100, 100), "ok", /59 s/],
    ["at the warning age, catching up", queue(60, 100, 120), "warning", /Oldest message 60 s old; 600 waiting; catches up in about 30 min/],
    ["at the warning age, not draining faster than it fills", queue(60, 100, 100), "overloaded", /falling behind \(drains 100\/min of 100\/min arriving\)/],
    ["at the warning age, falling behind", queue(90, 100, 60), "overloaded", /falling behind \(drains 60\/min of 100\/min arriving\)/],
    ["just under the alarm age, catching up", queue(299, 100, 150), "warning", /299 s|5 min/],
    ["at the alarm age", queue(300, 100, 150), "overloaded", /alarm at 5 min/],
    ["young messages but draining 85 % of arrivals", queue(20, 100, 85), "warning", /Falling behind: drains 85\/min of 100\/min arriving/],
    ["young messages, draining 95 %: noise, not a trend", queue(20, 100, 95), "ok", /Oldest message 20 s/],
  ])("%s", (_name, s, state, reason) => {
    const signal = queueSignal(s, NOW, T);
    expect(signal?.state).toBe(state);
    expect(signal?.reason).toMatch(reason);
  });

  it("sees a growing queue: the age climbs past the alarm while the consumer drains a third of arrivals", () => {
    const growing = series(minutes(60, (ago) => ({ queueAgeSeconds: (60 - ago) * 60 + 30, queueDepth: (60 - ago) * 65, queueSent: 100, queueDeleted: 35 })));
    expect(queueSignal(growing, NOW, T)).toMatchObject({ state: "overloaded", reason: expect.stringMatching(/^Oldest message 60 min old \(alarm at 5 min\); 3,835 waiting; falling behind \(drains 35\/min of 100\/min arriving\)/) });
  });

  it("has nothing to say about a service without a queue", () => {
    expect(queueSignal(series(minutes(30, () => ({})))!, NOW, T)).toBeNull();
  });
});

describe("5XX per cell against the other cells", () => {
  const cells = (...list: [string, number, number, number?][]): CellErrors[] => list.map(([cell, requests, count5xx, count4xx = 0]) => ({ cell, requests, count5xx, count4xx }));
  it.each<[string, CellErrors[], Record<string, "ok" | "warning" | "overloaded">]>([
    ["one sick cell of three is flagged while the fleet rate looks fine", cells(["cell-a", 10_000, 10], ["cell-b", 10_000, 900], ["cell-c", 9_000, 8]), { "cell-a": "ok", "cell-b": "overloaded", "cell-c": "ok" }],
    ["a cell far above the others but under the absolute levels is a warning", cells(["cell-a", 20_000, 20], ["cell-b", 20_000, 120], ["cell-c", 20_000, 18]), { "cell-a": "ok", "cell-b": "warning", "cell-c": "ok" }],
    ["a cell with 3 requests and 1 error is not an outage", cells(["cell-a", 10_000, 10], ["cell-b", 3, 1], ["cell-c", 9_000, 8]), { "cell-a": "ok", "cell-b": "ok", "cell-c": "ok" }],
    ["4 errors in 100 requests are too few to judge", cells(["cell-a", 10_000, 10], ["cell-b", 100, 4]), { "cell-b": "ok" }],
    ["5 errors in 100 requests are enough", cells(["cell-a", 10_000, 10], ["cell-b", 100, 5]), { "cell-b": "overloaded" }],
    ["a bad fleet is bad in every cell", cells(["cell-a", 10_000, 600], ["cell-b", 10_000, 650], ["cell-c", 10_000, 700]), { "cell-a": "overloaded", "cell-b": "overloaded", "cell-c": "overloaded" }],
    ["exactly at the warning rate, like the others", cells(["cell-a", 10_000, 100], ["cell-b", 10_000, 100]), { "cell-a": "warning", "cell-b": "warning" }],
    ["just under the warning rate, like the others", cells(["cell-a", 10_000, 99], ["cell-b", 10_000, 95]), { "cell-a": "ok", "cell-b": "ok" }],
    ["4XX never raises a signal by itself", cells(["cell-a", 10_000, 5, 3_000], ["cell-b", 10_000, 6, 100]), { "cell-a": "ok", "cell-b": "ok" }],
    ["a service in one cell is judged on its own rate", cells(["", 10_000, 500]), { "": "overloaded" }],
  ])("%s", (_name, input, expected) => {
    const verdicts = Object.fromEntries(errorSignals("svc", input, T).map((s) => [s.cell, s.state]));
    expect(verdicts).toMatchObject(expected);
  });

  it("says how far above the other cells, and shows 4XX apart", () => {
    const [, b] = errorSignals("checkout", cells(["cell-a", 10_000, 10, 300], ["cell-b", 10_000, 900, 310]), T);
    expect(b!.reason).toBe("5XX 9.0\u00a0% of 10,000 requests in the last 15 min, 90× the other cells (0.1\u00a0%).");
    const [a] = errorSignals("checkout", cells(["cell-a", 10_000, 10, 300], ["cell-b", 10_000, 12, 310]), T);
    expect(a!.reason).toMatch(/\(4XX 3\.0\u00a0%, not counted\)/);
  });
});

describe("hidden queue: p99 up while throughput is flat or falling", () => {
  const latency = (factor: number, load = 1) => series(minutes(90, (ago) => ({ latencyP99Ms: ago <= 15 ? 200 * factor : 200, requests: ago <= 15 ? 1000 * load : 1000 })));
  it.each<[string, CellSeries, "ok" | "warning" | "overloaded"]>([
    ["steady", latency(1), "ok"],
    ["p99 1.49× its median", latency(1.49), "ok"],
    ["p99 1.5× its median, flat throughput", latency(1.5), "warning"],
    ["p99 2.5× its median, flat throughput", latency(2.5), "overloaded"],
    ["p99 2.5× its median, throughput falling", latency(2.5, 0.7), "overloaded"],
    ["p99 3× while throughput is up 50 %: latency follows load, no hidden queue", latency(3, 1.5), "ok"],
  ])("%s", (_name, s, state) => {
    expect(hiddenQueueSignal(s, NOW, T)?.state).toBe(state);
  });

  it("raises no alarm for the daily rhythm: night-time lows and afternoon peaks at a steady p99", () => {
    const seasonal = series(
      minutes(180, (ago) => ({ requests: Math.round(1000 * diurnal(ago)) })),
      fives((ago) => ({ requests: Math.round(5000 * diurnal(ago)) })),
    );
    expect(hiddenQueueSignal(seasonal, NOW, T)?.state).toBe("ok");
  });

  it("waits for an hour of history before judging", () => {
    expect(hiddenQueueSignal(series(minutes(30, () => ({})), fives().slice(-11)), NOW, T)).toBeNull();
  });

  it("explains itself", () => {
    expect(hiddenQueueSignal(latency(3.2, 0.9), NOW, T)?.reason).toBe("p99 640 ms, 3.2× its 2-day median (200 ms), throughput −10\u00a0% on an hour ago: requests are waiting somewhere.");
  });
});

describe("congestion collapse: goodput falling while offered load rises", () => {
  const load = (offered: number, failing: number) => series(minutes(30, (ago) => (ago <= 15 ? { requests: 1000 * offered, count5xx: Math.round(1000 * offered * failing) } : { requests: 1000, count5xx: 0 })));
  it.each<[string, CellSeries, "ok" | "warning" | "overloaded"]>([
    ["goodput follows load", load(1.1, 0), "ok"],
    ["offered +10 %, goodput −6 %", load(1.1, 0.146), "warning"],
    ["offered +10 %, goodput −20 %", load(1.1, 0.273), "overloaded"],
    ["goodput −20 % at flat load is failing, not collapsing (the 5XX signal says so)", load(1, 0.2), "ok"],
  ])("%s", (_name, s, state) => {
    expect(collapseSignal(s, NOW, T)?.state).toBe(state);
  });
});

describe("retries and throttles against requests", () => {
  const rate = (values: Partial<Sample>) => series(minutes(15, () => ({ requests: 1000, ...values })));
  it.each<[string, Partial<Sample>, "ok" | "warning" | "overloaded" | null]>([
    ["not published", {}, null],
    ["1 % retries", { retries: 10 }, "ok"],
    ["7.4 % retries", { retries: 74 }, "ok"],
    ["7.5 % retries: near 10 %", { retries: 75 }, "warning"],
    ["20 % retries: a retry storm", { retries: 200 }, "overloaded"],
  ])("retries: %s", (_name, values, state) => {
    expect(retrySignal(rate(values), NOW, T)?.state ?? null).toBe(state);
  });

  it.each<[string, number, "ok" | "warning" | "overloaded"]>([
    ["none", 0, "ok"],
    ["0.9 %", 9, "ok"],
    ["1 %", 10, "warning"],
    ["5 %", 50, "overloaded"],
  ])("throttles: %s", (_name, throttles, state) => {
    expect(throttleSignal(rate({ throttles }), NOW, T)?.state).toBe(state);
  });
});

describe("recovery: back to the baseline, not merely under the alarm", () => {
  const after = (values: Partial<Sample>, usual: Partial<Sample> = {}) => series(minutes(30, () => values), fives(() => ({ queueDepth: 500, queueAgeSeconds: 20, ...usual })));
  it.each<[string, Partial<Sample>, boolean, RegExp | null]>([
    ["everything as usual", { latencyP99Ms: 210, queueAgeSeconds: 10, queueDepth: 520 }, true, null],
    ["5XX just under the alarm level", { count5xx: 49 }, false, /5XX is 4\.9\u00a0%/],
    ["p99 still 1.3× its usual", { latencyP99Ms: 260 }, false, /p99 is 1\.3× its usual 200 ms/],
    ["the oldest message young again, but the backlog still three times its usual", { queueAgeSeconds: 10, queueDepth: 1500 }, false, /1,500 messages wait \(usually 500\)/],
    ["the queue drained, the oldest message still 40 s old", { queueAgeSeconds: 40, queueDepth: 500 }, false, /oldest message is 40 s old/],
  ])("%s", (_name, values, recovered, waiting) => {
    const check = recoveryCheck(after(values), NOW, T);
    expect(check.recovered).toBe(recovered);
    if (waiting) expect(check.waitingFor.join("; ")).toMatch(waiting);
  });
});

describe("evaluateSignals over a whole service", () => {
  it("stays green for three healthy cells with a daily rhythm and one nearly idle cell", () => {
    const cell = (name: string, scale: number): CellSeries => ({
      ...series(
        minutes(180, (ago) => ({ requests: Math.round(1000 * scale * diurnal(ago)), count5xx: Math.round(scale * diurnal(ago)) })),
        fives((ago) => ({ requests: Math.round(5000 * scale * diurnal(ago)), count5xx: Math.round(5 * scale) })),
        name,
      ),
    });
    const signals = evaluateSignals([cell("cell-a", 1), cell("cell-b", 0.9), cell("cell-c", 0.0005)], NOW, T);
    expect(signals.filter((s) => s.state !== "ok")).toEqual([]);
  });

  it("flags the one sick cell and leaves the others alone", () => {
    const healthy = (name: string) => series(minutes(90, () => ({})), fives(), name);
    const sick = series(minutes(90, (ago) => (ago <= 15 ? { count5xx: 90, latencyP99Ms: 640 } : {})), fives(), "cell-b");
    const signals = evaluateSignals([healthy("cell-a"), sick, healthy("cell-c")], NOW, T);
    expect(signals.filter((s) => s.state !== "ok").map((s) => `${s.cell} ${s.kind} ${s.state}`)).toEqual(["cell-b errors overloaded", "cell-b hidden_queue overloaded"]);
  });
});

describe("overloadedSince: an incident is dated from the samples, not from when it was first judged", () => {
  // cell-b fails 9 % of its requests from `startAgo` minutes before now (5-minute samples before the
  // last 3 hours, 1-minute ones within them); cell-a stays well.
  const fleet = (startAgo: number): CellSeries[] => {
    const sick = (ago: number) => (ago <= startAgo ? { count5xx: 90 } : {});
    const sickFive = (ago: number) => (ago <= startAgo ? { count5xx: 450 } : {});
    return [
      { service: "checkout", cell: "cell-a", minutes: minutes(180, () => ({})), fives: fives() },
      { service: "checkout", cell: "cell-b", minutes: minutes(180, sick).map((x) => ({ ...x, cell: "cell-b" })), fives: fives(sickFive).map((x) => ({ ...x, cell: "cell-b" })) },
    ];
  };
  const key = { service: "checkout", cell: "cell-b", kind: "errors" } as const;
  const minutesAgo = (d: Date) => (NOW.getTime() - d.getTime()) / MIN;

  it.each([
    // [since how long cell-b fails, earliest and latest answer in minutes ago]
    ["30 minutes: within the 1-minute samples", 30, 20, 35],
    ["2 hours", 120, 110, 125],
    ["5 hours: in the 5-minute samples, before the 1-minute ones", 300, 290, 305],
  ])("%s", (_name, startAgo, low, high) => {
    const series = fleet(startAgo);
    expect(evaluateSignals(series, NOW, T).find((s) => s.cell === "cell-b" && s.kind === "errors")?.state).toBe("overloaded");
    const ago = minutesAgo(overloadedSince(series, key, NOW, T));
    expect(ago).toBeGreaterThanOrEqual(low);
    expect(ago).toBeLessThanOrEqual(high);
  });

  it("is now when the samples hold nothing earlier, and stops at the first moment it was not overloaded", () => {
    const series = fleet(10);
    expect(minutesAgo(overloadedSince(series, key, NOW, T))).toBeLessThanOrEqual(10);
    const none: CellSeries[] = [{ ...series[1]!, minutes: series[1]!.minutes.slice(-15), fives: [] }, { ...series[0]!, minutes: series[0]!.minutes.slice(-15), fives: [] }];
    expect(overloadedSince(none, key, NOW, T)).toEqual(NOW);
  });
});

describe("samples too old to judge", () => {
  it.each([
    ["a sample a minute ago", 1, false],
    ["exactly the window (15 min) ago", 15, false],
    ["a second past the window", 15 + 1 / 60, true],
    ["three hours ago (the signals job stopped)", 180, true],
  ])("%s: stale %s", (_name, minutesAgo, stale) => {
    expect(samplesStale(new Date(NOW.getTime() - minutesAgo * MIN), NOW, T)).toBe(stale);
  });

  it("no sample at all is stale", () => {
    expect(samplesStale(null, NOW, T)).toBe(true);
  });
});

describe("the latency chart's time axis", () => {
  const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 60 * MIN);
  it.each([
    // [what, newest sample's end (hours ago, null for none), "no data" from (hours ago, null for no band)]
    ["samples up to a minute ago: no band, the axis still ends now", 1 / 60, null],
    ["samples up to exactly the window ago: not stale, no band", 0.25, null],
    ["samples stopped 5 hours ago: the band from their end to now", 5, 5],
    ["samples stopped 11 h 59 min ago: the band from their end", 12 - 1 / 60, 12 - 1 / 60],
    ["samples stopped 20 hours ago, before the axis starts: the band covers it all", 20, 12],
    ["no samples at all: the band covers it all", null, 12],
    ["a newest sample ahead of the clock (a skewed source): not stale, no band", -1, null],
  ])("%s", (_what, until, noDataFrom) => {
    const span = sampleChartSpan(hoursAgo(12), NOW, until === null ? null : hoursAgo(until), T);
    expect(span).toEqual({ from: hoursAgo(12).getTime(), to: NOW.getTime(), noDataFrom: noDataFrom === null ? null : hoursAgo(noDataFrom).getTime() });
  });
});
