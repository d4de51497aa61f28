import { describe, expect, it } from "vitest";
import {
  DEFAULT_ANOMALY_THRESHOLDS,
  driverChange,
  episodesOf,
  judgeSeries,
  MIN_RELATIVE_SPREAD,
  type AnomalyThresholds,
  type Judgement,
  type SeriesPoint,
} from "./anomalies";
import { detectApplicationAnomalies, type ScopeInput } from "./anomaly-grouping";
import { addDays, dayOfWeek, type Day } from "./day";

// 2026-09-07 is a Monday; the series are daily from it (month-ends: days 23 and 54).
const START: Day = "2026-09-07";
const T: AnomalyThresholds = DEFAULT_ANOMALY_THRESHOLDS; // score 3.5, floor $5/day, 14 days of history
const dayN = (n: number, start = START) => addDays(start, n);

/** A daily-cost series ($ per day, weight 1): `value(n, day)` for days 0..length-1. */
function series(length: number, value: (n: number, day: Day) => number, weight = 1, estimatedFrom = Infinity, start = START): SeriesPoint[] {
  return Array.from({ length }, (_, n) => ({ day: dayN(n, start), value: value(n, dayN(n, start)), weight, estimated: n >= estimatedFrom }));
}
const last = (js: Judgement[]) => js.at(-1) as Judgement;
// The spread of a flat series is its floor: 2.5 % of the expected value.
const FLAT = 100;
const SPREAD = FLAT * MIN_RELATIVE_SPREAD;

describe("judging a day against its weekday baseline", () => {
  it.each([
    // value of the judged day on a flat $100/day series → state
    { value: FLAT + 3.5 * SPREAD, state: "anomalous", why: "exactly the score threshold" },
    { value: FLAT + 3.5 * SPREAD - 0.01, state: "elevated", why: "just under the score threshold" },
    { value: FLAT + 1.75 * SPREAD, state: "elevated", why: "half the score (and over half the floor)" },
    { value: FLAT + 1.75 * SPREAD - 0.01, state: "normal", why: "under half the score" },
    { value: FLAT * 3, state: "anomalous", why: "a tripling" },
    { value: FLAT * 0.5, state: "normal", why: "a fall is good news, never an anomaly" },
  ])("$why: $state", ({ value, state }) => {
    const js = judgeSeries(series(29, (n) => (n === 28 ? value : FLAT)), T);
    expect(last(js).state).toBe(state);
    expect(last(js).expected).toBe(FLAT);
  });

  it.each([
    // dollars above the baseline against the $5/day floor; the score is far over its threshold in each
    { base: 1, value: 6, state: "anomalous", why: "$5.00 over: exactly the floor" },
    { base: 1, value: 5.99, state: "elevated", why: "$4.99 over: under the floor, over half of it" },
    { base: 0.03, value: 0.06, state: "normal", why: "a $0.03 service doubling" },
  ])("$why: $state", ({ base, value, state }) => {
    const js = judgeSeries(series(29, (n) => (n === 28 ? value : base)), T);
    expect(last(js).state).toBe(state);
  });

  it("weighs cost per 1M requests by the day's requests for the money floor", () => {
    // $40 per 1M requests doubling: on 100k requests it is $4 a day (under the floor), on 1M $40.
    const few = judgeSeries(series(29, (n) => (n === 28 ? 80 : 40), 0.1), T);
    const many = judgeSeries(series(29, (n) => (n === 28 ? 80 : 40), 1), T);
    expect(last(few).state).toBe("elevated");
    expect(last(few).excessUsd).toBeCloseTo(4);
    expect(last(many).state).toBe("anomalous");
  });

  it.each([
    { history: 13, judged: false },
    { history: 14, judged: true },
  ])("needs $history days of history before a day is judged: $judged", ({ history, judged }) => {
    const js = judgeSeries(series(history + 1, (n) => (n === history ? FLAT * 3 : FLAT)), T);
    expect(last(js).state === "unjudged").toBe(!judged);
    if (!judged) expect(last(js).unjudged).toBe("history");
  });

  it("takes the minimum history from the application's thresholds", () => {
    const js = judgeSeries(series(22, (n) => (n === 21 ? FLAT * 3 : FLAT)), { ...T, minHistoryDays: 28 });
    expect(last(js).unjudged).toBe("history");
  });

  it("knows the weekday: a busy weekend is usual, a Tuesday as busy as a Saturday is not", () => {
    const weekly = (day: Day) => ([0, 6].includes(dayOfWeek(day)) ? 180 : 100);
    const js = judgeSeries(series(42, (_, day) => weekly(day)), T);
    expect(js.filter((j) => j.state !== "unjudged").every((j) => j.state === "normal")).toBe(true);
    const tuesday = 36; // 2026-09-08
    expect(dayOfWeek(dayN(tuesday))).toBe(2);
    const busyTuesday = judgeSeries(series(37, (n, day) => (n === tuesday ? 180 : weekly(day))), T);
    expect(last(busyTuesday)).toMatchObject({ state: "anomalous", expected: 100, low: 100, high: 100 });
    expect(last(busyTuesday).basis.points).toBe(5);
  });

  it("uses the last six weeks only", () => {
    // Eight weeks at $200 then six at $100: the old level is forgotten.
    const js = judgeSeries(series(99, (n) => (n < 56 ? 200 : n === 98 ? 100 : 100)), T);
    expect(last(js)).toMatchObject({ expected: 100, state: "normal" });
  });

  it("judges an estimated day, and judges it again once final", () => {
    const estimated = judgeSeries(series(29, (n) => (n === 28 ? 300 : FLAT), 1, 27), T);
    expect(last(estimated)).toMatchObject({ state: "anomalous", estimated: true });
    expect(episodesOf(estimated, "cost")).toHaveLength(1);
    // Cost Explorer's final figure for that day was usual after all: no episode is left.
    const final = judgeSeries(series(29, () => FLAT), T);
    expect(last(final)).toMatchObject({ state: "normal", estimated: false });
    expect(episodesOf(final, "cost")).toHaveLength(0);
  });
});

describe("month-ends", () => {
  // Daily from 2026-08-03 to 2026-10-31; the last day of each month costs 1.8 times as much (a batch).
  const from: Day = "2026-08-03";
  const length = 90;
  const batch = (factor: (day: Day) => number) => series(length, (_, day) => (addDays(day, 1).endsWith("-01") ? FLAT * factor(day) : FLAT), 1, Infinity, from);

  it("learns the month-end batch from earlier month-ends: the first is not judged, the next are usual", () => {
    const js = judgeSeries(batch(() => 1.8), T);
    const byDay = new Map(js.map((j) => [j.day, j]));
    expect(byDay.get("2026-08-31")?.unjudged).toBe("first-month-end");
    expect(byDay.get("2026-09-30")).toMatchObject({ state: "normal", basis: { monthEnd: true, points: 1 } });
    expect(byDay.get("2026-10-31")?.state).toBe("normal");
    expect(byDay.get("2026-10-31")?.expected).toBeCloseTo(180);
    // Month-ends stay out of the weekday baselines: the day a week after a batch is usual.
    expect(byDay.get("2026-09-07")).toMatchObject({ state: "normal", expected: FLAT });
  });

  it("still catches a month-end far above the earlier ones", () => {
    const js = judgeSeries(batch((day) => (day === "2026-10-31" ? 3.6 : 1.8)), T);
    expect(js.find((j) => j.day === "2026-10-31")?.state).toBe("anomalous");
  });
});

describe("episodes: a spike closes by itself, a step is one shift", () => {
  it("a one-day spike opens and closes the next day", () => {
    const [e, ...rest] = episodesOf(judgeSeries(series(40, (n) => (n === 30 ? 300 : FLAT)), T), "cost");
    expect(rest).toHaveLength(0);
    expect(e).toMatchObject({ openedDay: dayN(30), startDay: dayN(30), lastDay: dayN(30), closedDay: dayN(31) });
  });

  it("a step is one episode that stays open, not one a day", () => {
    const episodes = episodesOf(judgeSeries(series(45, (n) => (n >= 30 ? 140 : FLAT)), T), "cost");
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ openedDay: dayN(30), startDay: dayN(30), lastDay: dayN(44), closedDay: null });
  });

  it("a step becomes the new normal once the baseline has learnt it, and then closes", () => {
    const episodes = episodesOf(judgeSeries(series(80, (n) => (n >= 30 ? 140 : FLAT)), T), "cost");
    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.closedDay).not.toBeNull();
    expect(episodes[0]?.closedDay && episodes[0].closedDay < dayN(79)).toBe(true);
  });

  it("a creep is dated from where it began, not where it crossed the threshold", () => {
    // +2 % a day from day 30 on.
    const [e] = episodesOf(judgeSeries(series(52, (n) => FLAT * (1 + 0.02 * Math.max(0, n - 29))), T), "cost");
    expect(e).toBeDefined();
    expect((e?.openedDay ?? "") > dayN(31)).toBe(true);
    // Its first day (+2 %) is inside the usual spread; the second (+4 %) is where it shows.
    expect(e?.startDay).toBe(dayN(31));
  });
});

describe("feedback: what people marked expected teaches nothing", () => {
  // Four weeks at $100, a three-week migration at $200, then $200 again.
  const values = (n: number) => (n >= 28 && n < 49 ? 200 : n >= 49 && n < 56 ? FLAT : n === 56 ? 200 : FLAT);
  it("without the mark, the migration's weeks are part of the baseline", () => {
    const js = judgeSeries(series(57, values), T);
    expect(last(js).state).toBe("normal");
  });
  it("marked expected, they are left out and the same rise later is an anomaly", () => {
    const js = judgeSeries(series(57, values), T, [{ from: dayN(28), to: dayN(48) }]);
    expect(last(js)).toMatchObject({ state: "anomalous", expected: FLAT });
  });
});

describe("one cause, one anomaly", () => {
  const requests = (n: number, launch: boolean) => 1_000_000 * (launch && n >= 30 ? 2 : 1);
  /** A service whose cost per request rises (creep) or whose traffic doubles (launch). */
  function service(id: number, cause: "creep" | "launch" | "none"): ScopeInput {
    const cost = (n: number) => (cause === "creep" && n >= 30 ? 150 : cause === "launch" ? 100 * (requests(n, true) / 1e6) : 100);
    const req = (n: number) => requests(n, cause === "launch");
    return {
      scope: `service:${id}`,
      serviceId: id,
      excluded: [],
      series: [
        { figure: "cost", points: series(36, (n) => cost(n)) },
        { figure: "cost_per_million", points: series(36, (n) => cost(n) / (req(n) / 1e6)).map((p, n) => ({ ...p, weight: req(n) / 1e6 })) },
      ],
    };
  }
  function app(extraCost: (n: number) => number): ScopeInput {
    return { scope: "application:1", serviceId: null, excluded: [], series: [{ figure: "cost", points: series(36, (n) => 500 + extraCost(n)) }] };
  }

  it("names a dearer request by its cost per 1M requests, with the daily cost beside it", () => {
    const found = detectApplicationAnomalies(app(() => 0), [service(7, "creep")], T);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ scope: "service:7", figure: "cost_per_million", kind: "shift", openedDay: dayN(30) });
    expect(found[0]?.related.map((r) => r.figure)).toEqual(["cost"]);
  });

  it("a launch that doubles traffic and cost together is a rise in cost, not in cost per request", () => {
    const found = detectApplicationAnomalies(app(() => 0), [service(8, "launch")], T);
    expect(found.map((a) => [a.scope, a.figure])).toEqual([["service:8", "cost"]]);
  });

  it("folds the application's rise into the service that explains it", () => {
    const found = detectApplicationAnomalies(app((n) => (n >= 30 ? 100 : 0)), [service(7, "creep"), service(9, "none")], T);
    expect(found.map((a) => a.scope)).toEqual(["service:7"]);
    expect(found[0]?.related).toContainEqual(expect.objectContaining({ scope: "application:1", figure: "cost", value: 600, expected: 500 }));
  });

  it("keeps the application's own anomaly when no service explains half of it", () => {
    const found = detectApplicationAnomalies(app((n) => (n >= 30 ? 400 : 0)), [service(7, "creep")], T);
    expect(found.map((a) => a.scope).sort()).toEqual(["application:1", "service:7"]);
  });
});

describe("what moved with it", () => {
  it("gives a driver's change against its own weekday baseline", () => {
    const points = series(36, (n) => (n === 35 ? 103 : 100));
    expect(driverChange(points, dayN(35))).toBeCloseTo(0.03);
    expect(driverChange(points, dayN(3))).toBeNull();
  });
});
