import { describe, expect, it } from "vitest";
import { addDays, eachDay } from "./day";
import { addMonths, bucketOf, bucketsOf, comparisonRange, presetRange } from "./explore-periods";
import {
  drillDown,
  explore,
  ExploreQueryError,
  exploreSearch,
  NONE,
  OTHERS,
  parseExploreQuery,
  type ExploreQuery,
  type Fact,
} from "./explore";

const TODAY = "2026-11-29";
const query = (params: Record<string, string | string[]> = {}) => parseExploreQuery(params, TODAY);

describe("buckets", () => {
  it.each([
    ["2026-11-29", "week", "2026-11-23"], // a Sunday belongs to the week that began on Monday
    ["2026-11-23", "week", "2026-11-23"],
    ["2026-11-24", "week", "2026-11-23"],
    ["2026-03-01", "week", "2026-02-23"], // across a month
    ["2027-01-01", "week", "2026-12-28"], // across a year
    ["2026-11-29", "month", "2026-11-01"],
    ["2026-11-29", "day", "2026-11-29"],
  ] as const)("%s by %s is in %s", (day, granularity, bucket) => {
    expect(bucketOf(day, granularity)).toBe(bucket);
  });

  it("lists a range's buckets, partial ones at each end included", () => {
    expect(bucketsOf({ from: "2026-10-28", to: "2026-11-10" }, "week")).toEqual(["2026-10-26", "2026-11-02", "2026-11-09"]);
    expect(bucketsOf({ from: "2026-10-28", to: "2026-12-02" }, "month")).toEqual(["2026-10-01", "2026-11-01", "2026-12-01"]);
  });
});

describe("ranges and comparisons", () => {
  it.each([
    ["7", { from: "2026-11-22", to: "2026-11-28" }],
    ["mtd", { from: "2026-11-01", to: "2026-11-28" }],
    ["last-month", { from: "2026-10-01", to: "2026-10-31" }],
  ] as const)("the preset %s ends yesterday (today has no cost yet): %o", (key, range) => {
    expect(presetRange(key, TODAY)).toEqual(range);
  });

  it("month to date on the 1st is the day itself, not an empty range", () => {
    expect(presetRange("mtd", "2026-12-01")).toEqual({ from: "2026-12-01", to: "2026-12-01" });
  });

  it.each([
    // range → comparison
    [{ from: "2026-11-01", to: "2026-11-30" }, "previous", { from: "2026-10-02", to: "2026-10-31" }],
    [{ from: "2026-10-01", to: "2026-10-31" }, "month", { from: "2026-09-01", to: "2026-09-30" }], // a month of 31 days against one of 30
    [{ from: "2026-03-01", to: "2026-03-31" }, "month", { from: "2026-02-01", to: "2026-02-28" }],
    [{ from: "2028-03-01", to: "2028-03-31" }, "month", { from: "2028-02-01", to: "2028-02-29" }], // a leap February
    [{ from: "2026-03-10", to: "2026-03-31" }, "month", { from: "2026-02-10", to: "2026-02-28" }], // part of a month: day by day, clamped
    [{ from: "2028-02-29", to: "2028-02-29" }, "year", { from: "2027-02-28", to: "2027-02-28" }], // a leap day against the day that exists
    [{ from: "2026-11-01", to: "2026-11-28" }, "year", { from: "2025-11-01", to: "2025-11-28" }],
    [{ from: "2026-11-01", to: "2026-11-28" }, "none", null],
  ] as const)("%o against %s is %o", (range, compare, expected) => {
    expect(comparisonRange(range, compare)).toEqual(expected);
  });

  it.each([
    ["2026-01-31", 1, "2026-02-28"],
    ["2026-03-31", -1, "2026-02-28"],
    ["2026-12-15", 1, "2027-01-15"],
    ["2026-01-15", -12, "2025-01-15"],
  ] as const)("%s + %d months is %s", (day, n, expected) => {
    expect(addMonths(day, n)).toBe(expected);
  });
});

describe("reading a query from the URL", () => {
  it("has defaults that make a sensible first view", () => {
    expect(query()).toMatchObject({ measure: "cost", group: "application", granularity: "day", compare: "previous", rangeKey: "30", filters: [] });
  });

  it("reads filters, includes and excludes, and writes the same link back", () => {
    const q = query({ group: "service", f: ["application:storefront"], x: "service:web", granularity: "week", range: "90" });
    expect(q.filters).toEqual([
      { dimension: "application", value: "storefront", exclude: false },
      { dimension: "service", value: "web", exclude: true },
    ]);
    expect(parseExploreQuery(Object.fromEntries(new URLSearchParams(exploreSearch(q)).entries()), TODAY)).toMatchObject({ group: "service", granularity: "week", rangeKey: "90" });
    expect(exploreSearch(q)).toBe("?group=service&granularity=week&range=90&f=application%3Astorefront&x=service%3Aweb");
  });

  it("reads a tag's filter as tag:<key>:<value>, the value keeping its own ':', and writes it back the same", () => {
    const t = query({ group: "tag:cost-center", f: "tag:cost-center:payments:eu" });
    expect(t.filters).toEqual([{ dimension: "tag:cost-center", value: "payments:eu", exclude: false }]);
    expect(exploreSearch(t)).toBe("?group=tag%3Acost-center&f=tag%3Acost-center%3Apayments%3Aeu");
    expect(query(Object.fromEntries(new URLSearchParams(exploreSearch(t)).entries()))).toEqual(t);
  });

  it("groups a breakdown's facts by their value, those without one as (none), adding up to the same total", () => {
    const facts = ["commerce", "payments", ""].flatMap((v, i) => ["2026-11-01", "2026-11-02"].map((day) => ({ day, application: "", breakdown: v || NONE, costMicroUsd: (i + 1) * 1_000_000 })));
    const view = explore(query({ group: "tag:cost-center", from: "2026-11-01", to: "2026-11-02", compare: "none" }), facts);
    expect(view.groups.map((g) => [g.key, g.totalCostMicroUsd])).toEqual([
      [NONE, 6_000_000],
      ["payments", 4_000_000],
      ["commerce", 2_000_000],
    ]);
    expect(view.total.totalCostMicroUsd).toBe(12_000_000);
  });

  it.each([
    [{ measure: "profit" }, "'measure' must be one of"],
    [{ f: "colour:red" }, "'filter' must be one of application, service, awsService, region, account, cell or tag:<key>; got 'colour'"],
    [{ f: "storefront" }, "A filter is 'dimension:value'"],
    [{ group: "tag:aws:createdBy" }, "AWS-generated keys"],
    [{ group: "region", f: "awsService:AWS Lambda" }, "Region and AWS service cannot be combined"],
    [{ group: "tag:team", f: "account:123456789012" }, "Tag: team and account cannot be combined"],
    [{ group: "region", f: "service:storefront/web" }, "Services and regions cannot be combined"],
    [{ group: "tag:team", measure: "costPerMillion" }, "which the tag team do not have"],
    [{ from: "2026-11-01" }, "Give both 'from' and 'to'"],
    [{ from: "2026-11-10", to: "2026-11-01" }, "is after"],
    [{ from: "2025-01-01", to: "2026-11-01" }, "the most is 400"],
    [{ group: "awsService", f: "service:web" }, "cannot be combined"],
    [{ group: "awsService", measure: "costPerMillion" }, "needs requests"],
    [{ measure: "costPerUnit" }, "filter to one application"],
  ] as const)("refuses %o: %s", (params, message) => {
    expect(() => query(params as Record<string, string>)).toThrow(ExploreQueryError);
    expect(() => query(params as Record<string, string>)).toThrow(message);
  });
});

describe("the view", () => {
  const days = eachDay("2026-10-01", "2026-11-28");
  // 12 applications costing $1..$12 a day, 1M requests each; the biggest has two services.
  const facts: Fact[] = days.flatMap((day) =>
    Array.from({ length: 12 }, (_, i) => ({ day, application: `app-${String(i + 1).padStart(2, "0")}`, service: i === 11 && day > "2026-11-14" ? "new" : "main", costMicroUsd: (i + 1) * 1_000_000, requests: 1_000_000 })),
  );
  const q = (params: Record<string, string | string[]> = {}) => query({ range: "mtd", ...params });

  it("shows the top 10 and sums the rest as others, every group adding up to the total", () => {
    const view = explore(q(), facts);
    expect(view.groups.map((g) => g.key)).toEqual(["app-12", "app-11", "app-10", "app-09", "app-08", "app-07", "app-06", "app-05", "app-04", "app-03", OTHERS]);
    expect(view.groups.at(-1)?.totalCostMicroUsd).toBe(28 * 3_000_000); // app-01 and app-02
    expect(view.groups.reduce((a, g) => a + g.totalCostMicroUsd, 0)).toBe(view.total.totalCostMicroUsd);
    expect(view.total.totalCostMicroUsd).toBe(28 * 78_000_000);
    expect(view.groups.reduce((a, g) => a + g.share, 0)).toBeCloseTo(1, 10);
    for (const [i] of view.buckets.entries()) expect(view.groups.reduce((a, g) => a + (g.costs[i] ?? 0), 0)).toBe(view.total.costs[i]);
  });

  it("keeps others last when the facts come with them already summed", () => {
    const view = explore(q({ compare: "none" }), [...facts.filter((f) => f.application >= "app-11"), ...days.map((day) => ({ day, application: OTHERS, costMicroUsd: 100_000_000, requests: 0 }))]);
    expect(view.groups.map((g) => g.key)).toEqual(["app-12", "app-11", OTHERS]);
    expect(view.total.totalCostMicroUsd).toBe(28 * (12 + 11 + 100) * 1_000_000);
  });

  it("compares with the previous period, group by group and bucket by bucket", () => {
    const view = explore(q(), facts);
    expect(view.comparisonRange).toEqual({ from: "2026-10-04", to: "2026-10-31" });
    expect(view.groups[0]).toMatchObject({ totalCostMicroUsd: 28 * 12_000_000, compareCostMicroUsd: 28 * 12_000_000, change: 0 });
    expect(view.compareSeries).toHaveLength(view.buckets.length);
  });

  it("filters: includes of one dimension are alternatives, excludes remove", () => {
    const view = explore(q({ f: ["application:app-12", "application:app-11"], x: "service:new", group: "service" }), facts);
    expect(view.groups.map((g) => [g.key, g.totalCostMicroUsd])).toEqual([["main", 28 * 11_000_000 + 14 * 12_000_000]]);
  });

  it("gives cost per 1M requests per group and for the total", () => {
    const view = explore(q({ measure: "costPerMillion" }), facts);
    expect(view.groups[0]?.value).toBe(12_000_000);
    expect(view.total.value).toBeCloseTo(78_000_000 / 12, 6);
  });

  it("gives cost per business unit of one application", () => {
    const units = new Map(days.map((d) => [d, 4]));
    const view = explore(q({ measure: "costPerUnit", f: "application:app-12" }), facts, units);
    expect(view.total.value).toBe(3_000_000);
  });

  it("weeks start on Monday and months are calendar months", () => {
    const weekly = explore(q({ range: "last-month", granularity: "week", compare: "none" }), facts);
    expect(weekly.buckets[0]).toBe("2026-09-28");
    expect(weekly.total.costs[0]).toBe(4 * 78_000_000); // 1-4 October in that week
    const monthly = explore(query({ from: "2026-10-01", to: "2026-11-28", granularity: "month", compare: "none" }), facts);
    expect(monthly.total.costs).toEqual([31 * 78_000_000, 28 * 78_000_000]);
  });

  it("drills from an application into its services, and not from others", () => {
    const base: ExploreQuery = q();
    expect(drillDown(base, "app-12")).toMatchObject({ group: "service", filters: [{ dimension: "application", value: "app-12", exclude: false }] });
    expect(drillDown(base, OTHERS)).toBeNull();
    expect(drillDown({ ...base, group: "service" }, "main")).toBeNull();
    expect(drillDown({ ...base, group: "awsService" }, "AWS Lambda")).toMatchObject({ group: "application", filters: [{ dimension: "awsService", value: "AWS Lambda" }] });
    expect(drillDown({ ...base, group: "tag:cost-center" }, "payments")).toMatchObject({ group: "application", filters: [{ dimension: "tag:cost-center", value: "payments" }] });
    // A resource without the tag is no value to filter on.
    expect(drillDown({ ...base, group: "tag:cost-center" }, NONE)).toBeNull();
  });

  it("ignores days outside the range and its comparison", () => {
    const view = explore(q({ compare: "none" }), [...facts, { day: addDays("2026-11-28", 1), application: "late", costMicroUsd: 5, requests: 0 }]);
    expect(view.groups.some((g) => g.key === "late")).toBe(false);
  });
});
