import { describe, expect, it } from "vitest";
import { checkSchedule, describeSchedule, isoWeek, lastFireTime, reportWindow, ScheduleError, windowContaining, type ReportPeriod } from "./report-schedule";

const at = (iso: string) => new Date(iso);

describe("the days a report covers", () => {
  it.each<[ReportPeriod, string, string, string, string, string]>([
    // period, fires at (UTC), zone, from, to, label
    ["yesterday", "2026-11-30T07:00:00Z", "Europe/Berlin", "2026-11-29", "2026-11-29", "Sunday 29 Nov 2026"],
    // 23:30 UTC on the 30th is already 1 December in Berlin: yesterday there is the 30th.
    ["yesterday", "2026-11-30T23:30:00Z", "Europe/Berlin", "2026-11-30", "2026-11-30", "Monday 30 Nov 2026"],
    ["yesterday", "2026-11-30T23:30:00Z", "UTC", "2026-11-29", "2026-11-29", "Sunday 29 Nov 2026"],
    // ...and still the 30th in Los Angeles at 07:00 UTC on 1 December.
    ["yesterday", "2026-12-01T07:00:00Z", "America/Los_Angeles", "2026-11-29", "2026-11-29", "Sunday 29 Nov 2026"],
    ["yesterday", "2027-01-01T08:00:00Z", "UTC", "2026-12-31", "2026-12-31", "Thursday 31 Dec 2026"],
    // Weeks run Monday to Sunday, whatever day the schedule fires on.
    ["last-week", "2026-11-30T07:00:00Z", "Europe/Berlin", "2026-11-23", "2026-11-29", "week 48 (23–29 Nov 2026)"],
    ["last-week", "2026-11-29T07:00:00Z", "Europe/Berlin", "2026-11-16", "2026-11-22", "week 47 (16–22 Nov 2026)"],
    ["last-week", "2026-12-03T07:00:00Z", "UTC", "2026-11-23", "2026-11-29", "week 48 (23–29 Nov 2026)"],
    // The week the clocks went back in Berlin (25 Oct): still seven days, spanning two months.
    ["last-week", "2026-11-02T07:00:00Z", "Europe/Berlin", "2026-10-26", "2026-11-01", "week 44 (26 Oct – 1 Nov 2026)"],
    ["last-week", "2026-10-26T07:00:00Z", "Europe/Berlin", "2026-10-19", "2026-10-25", "week 43 (19–25 Oct 2026)"],
    ["last-week", "2027-01-04T08:00:00Z", "UTC", "2026-12-28", "2027-01-03", "week 53 (28 Dec – 3 Jan 2027)"],
    // Calendar months: 31 days, 28, a leap February, across a year.
    ["last-month", "2026-11-01T08:00:00Z", "UTC", "2026-10-01", "2026-10-31", "October 2026"],
    ["last-month", "2026-03-01T08:00:00Z", "UTC", "2026-02-01", "2026-02-28", "February 2026"],
    ["last-month", "2028-03-01T08:00:00Z", "UTC", "2028-02-01", "2028-02-29", "February 2028"],
    ["last-month", "2027-01-01T08:00:00Z", "UTC", "2026-12-01", "2026-12-31", "December 2026"],
    // 1 January 08:00 in Tokyo is still 31 December in UTC: the zone's calendar counts.
    ["last-month", "2026-12-31T23:00:00Z", "Asia/Tokyo", "2026-12-01", "2026-12-31", "December 2026"],
    ["month-to-date", "2026-11-30T08:00:00Z", "UTC", "2026-11-01", "2026-11-29", "November 2026 to date (1–29 Nov)"],
    ["month-to-date", "2026-11-02T08:00:00Z", "UTC", "2026-11-01", "2026-11-01", "November 2026 to date (1 Nov)"],
    // Fired on the 1st, "to date" is the whole month just ended.
    ["month-to-date", "2026-12-01T08:00:00Z", "UTC", "2026-11-01", "2026-11-30", "November 2026 to date (1–30 Nov)"],
  ])("%s fired at %s in %s covers %s to %s", (period, fire, zone, from, to, label) => {
    const w = reportWindow(period, at(fire), zone);
    expect({ from: w.from, to: w.to, label: w.label }).toEqual({ from, to, label });
  });

  it("names each period once: the key of a second firing in the same period is the same", () => {
    const monday = reportWindow("last-week", at("2026-11-30T07:00:00Z"), "Europe/Berlin");
    const tuesday = reportWindow("last-week", at("2026-12-01T07:00:00Z"), "Europe/Berlin");
    expect(tuesday.key).toBe(monday.key);
    expect(reportWindow("month-to-date", at("2026-11-30T08:00:00Z"), "UTC").key).not.toBe(reportWindow("month-to-date", at("2026-11-29T08:00:00Z"), "UTC").key);
  });

  it.each<[ReportPeriod, string, string, string]>([
    ["yesterday", "2026-11-20", "2026-11-20", "2026-11-20"],
    ["last-week", "2026-11-20", "2026-11-16", "2026-11-22"],
    ["last-week", "2026-11-22", "2026-11-16", "2026-11-22"],
    ["last-week", "2026-11-23", "2026-11-23", "2026-11-29"],
    ["last-month", "2026-02-14", "2026-02-01", "2026-02-28"],
    ["last-month", "2026-12-31", "2026-12-01", "2026-12-31"],
    ["month-to-date", "2026-11-20", "2026-11-01", "2026-11-20"],
  ])("asked for by a day (%s holding %s): %s to %s", (period, day, from, to) => {
    const w = windowContaining(period, day);
    expect([w.from, w.to]).toEqual([from, to]);
  });

  it.each([
    ["2026-01-01", 2026, 1],
    ["2026-12-28", 2026, 53],
    ["2027-01-03", 2026, 53],
    ["2027-01-04", 2027, 1],
    ["2024-12-30", 2025, 1],
  ])("ISO week of %s is %i-W%i", (day, year, week) => {
    expect(isoWeek(day)).toEqual({ year, week });
  });
});

describe("a schedule's expression", () => {
  const now = at("2026-11-30T02:00:00Z");

  it("gives the next five runs in its zone, across a daylight-saving change", () => {
    const runs = checkSchedule("0 8 * * 1", "Europe/Berlin", at("2026-03-16T00:00:00Z"));
    // 08:00 in Berlin is 07:00 UTC in winter and 06:00 UTC from 29 March.
    expect(runs.map((d) => d.toISOString())).toEqual(["2026-03-16T07:00:00.000Z", "2026-03-23T07:00:00.000Z", "2026-03-30T06:00:00.000Z", "2026-04-06T06:00:00.000Z", "2026-04-13T06:00:00.000Z"]);
  });

  it.each([
    ["0 * * * *", true],
    ["0 */2 * * *", true],
    ["59 23 31 12 *", true],
    ["30 * * * *", true],
    ["*/30 * * * *", false],
    ["* * * * *", false],
    ["0,30 8 * * *", false],
    ["0 0 30 2 *", false],
    ["every monday", false],
    ["", false],
  ])("'%s' accepted: %s", (expression, ok) => {
    if (ok) expect(checkSchedule(expression, "UTC", now)).toHaveLength(5);
    else expect(() => checkSchedule(expression, "UTC", now)).toThrow(ScheduleError);
  });

  it("says why it refuses one", () => {
    expect(() => checkSchedule("*/30 * * * *", "UTC", now)).toThrow(/more often than hourly/);
    expect(() => checkSchedule("0 0 30 2 *", "UTC", now)).toThrow(/never fires/);
    expect(() => checkSchedule("0 8 * * 1", "Mars/Olympus", now)).toThrow(/not a time zone/);
  });

  it("is described in words with its zone", () => {
    expect(describeSchedule("0 8 * * 1", "Europe/Berlin")).toBe("At 08:00, only on Monday (Europe/Berlin)");
  });

  it("after downtime is caught up once: the last firing only, none from before the schedule existed", () => {
    const created = at("2026-11-01T00:00:00Z");
    // Down from 9 November to 30 November: three Mondays missed, one report due.
    expect(lastFireTime("0 8 * * 1", "Europe/Berlin", at("2026-11-30T09:00:00Z"), created)?.toISOString()).toBe("2026-11-30T07:00:00.000Z");
    expect(lastFireTime("0 8 * * 1", "Europe/Berlin", at("2026-11-30T06:59:00Z"), created)?.toISOString()).toBe("2026-11-23T07:00:00.000Z");
    expect(lastFireTime("0 8 * * 1", "Europe/Berlin", at("2026-11-30T07:00:00Z"), created)?.toISOString()).toBe("2026-11-30T07:00:00.000Z");
    expect(lastFireTime("0 8 * * 1", "Europe/Berlin", at("2026-11-01T12:00:00Z"), created)).toBeNull();
  });
});
