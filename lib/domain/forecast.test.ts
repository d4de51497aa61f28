import { describe, expect, it } from "vitest";
import { addDays, eachDay } from "./day";
import { budgetSlackPayload, budgetStatus, daysInMonth, forecastMonth, spentSoFar } from "./forecast";

const $ = (usd: number) => usd * 1_000_000;
const flat = (from: string, to: string, usd: number) => eachDay(from, to).map((day) => ({ day, costMicroUsd: $(usd) }));

describe("the month-end projection", () => {
  it("is the month so far plus the days left at the last week's rate", () => {
    // November: 28 complete days at $100, then $200 a day for the last week → rate $200.
    const days = [...flat("2026-10-20", "2026-11-21", 100), ...flat("2026-11-22", "2026-11-28", 200)];
    const f = forecastMonth(days, "2026-11-29");
    expect(f).toMatchObject({ month: "2026-11", lastDay: "2026-11-28", daysCounted: 28, daysLeft: 2, toDateMicroUsd: $(21 * 100 + 7 * 200), ratePerDayMicroUsd: $(200) });
    expect(f?.projectedMicroUsd).toBe($(3500 + 400));
    expect(f!.lowMicroUsd).toBeLessThan(f!.projectedMicroUsd);
    expect(f!.highMicroUsd).toBeGreaterThan(f!.projectedMicroUsd);
  });

  it("has no band when every day costs the same, and never a low under what is spent", () => {
    const f = forecastMonth(flat("2026-10-01", "2026-11-14", 100), "2026-11-15");
    expect(f).toMatchObject({ daysLeft: 16, projectedMicroUsd: $(3000), lowMicroUsd: $(3000), highMicroUsd: $(3000) });
  });

  it("on the 1st, projects the new month from the recent rate alone", () => {
    expect(forecastMonth(flat("2026-11-01", "2026-11-30", 50), "2026-12-01")).toMatchObject({ month: "2026-12", daysCounted: 0, daysLeft: 31, projectedMicroUsd: $(1550) });
  });

  it("needs a few recent days for a rate", () => {
    expect(forecastMonth(flat("2026-11-25", "2026-11-26", 50), "2026-11-29")).toBeNull();
  });

  it.each([
    ["2026-02-10", 28],
    ["2028-02-10", 29],
    ["2026-11-30", 30],
    ["2026-12-31", 31],
  ])("%s is in a month of %d days", (day, n) => {
    expect(daysInMonth(day)).toBe(n);
    expect(addDays(`${day.slice(0, 8)}01`, n - 1).slice(5, 7)).toBe(day.slice(5, 7));
  });
});

describe("what the month has cost so far, in words", () => {
  it.each([
    [0, 0, "no complete day yet"],
    [1, $(826.4), "$826 spent over 1 day"],
    [2, $(1651.5), "$1,652 spent over 2 days"],
    [30, $(30388), "$30,388 spent over 30 days"],
  ])("%d days counted, %d micro-dollars: %s", (daysCounted, toDateMicroUsd, words) => {
    expect(spentSoFar({ daysCounted, toDateMicroUsd })).toBe(words);
  });

  it("is what a budget's Slack message says on the 2nd of the month", () => {
    const forecast = forecastMonth([...flat("2026-11-20", "2026-11-30", 100), ...flat("2026-12-01", "2026-12-01", 826)], "2026-12-02")!;
    const payload = budgetSlackPayload({ application: "Storefront", budgetMicroUsd: $(2000), status: "over", forecast, url: "https://frugal.example/applications/storefront" }, (s) => s);
    expect(JSON.stringify(payload)).toContain("$826 spent over 1 day,");
  });
});

describe("budgets", () => {
  it.each([
    [$(790), "under"],
    [$(800), "warning"],
    [$(1000), "warning"],
    [$(1000.01), "over"],
  ] as const)("a projection of %d micro-dollars against $1,000 is %s", (projected, status) => {
    expect(budgetStatus(projected, $(1000))).toBe(status);
  });
});
