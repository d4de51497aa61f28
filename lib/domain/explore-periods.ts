// Explore's calendar: the ranges a preset names, the period a range is compared
// with (a month against the month before, a leap day against 28 February), and the
// buckets days fall in (weeks start on Monday, months are calendar months). Pure.
import { addDays, daysBetween, type Day } from "./day";
import type { DateRange } from "./date-range";

export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const COMPARISONS = ["none", "previous", "month", "year"] as const;
export type Comparison = (typeof COMPARISONS)[number];
export const RANGE_KEYS = ["7", "30", "90", "mtd", "last-month", "custom"] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];
/** Groups shown one by one; the rest are "others". */
/** The first and last day of the month a day is in. */
export function monthOf(day: Day): DateRange {
  const from = `${day.slice(0, 7)}-01`;
  const next = addMonths(from, 1);
  return { from, to: addDays(next, -1) };
}

/** The same day n months later (or earlier), on the month's last day when it has no such day (31 Mar − 1 month = 28/29 Feb). */
export function addMonths(day: Day, n: number): Day {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + n;
  const d = Number(day.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** The range a preset names, as of today (the last complete day is yesterday: Cost Explorer has nothing for today). */
export function presetRange(key: Exclude<RangeKey, "custom">, today: Day): DateRange {
  const yesterday = addDays(today, -1);
  switch (key) {
    case "7":
    case "30":
    case "90":
      return { from: addDays(yesterday, -(Number(key) - 1)), to: yesterday };
    case "mtd":
      // On the 1st, month to date has no complete day yet: show the day itself.
      return { from: monthOf(today).from, to: today.endsWith("-01") ? today : yesterday };
    case "last-month":
      return monthOf(addDays(monthOf(today).from, -1));
  }
}

/** The range compared with: the same length before, the same days a month or a year earlier. */
export function comparisonRange(range: DateRange, compare: Comparison): DateRange | null {
  switch (compare) {
    case "none":
      return null;
    case "previous": {
      const length = daysBetween(range.from, range.to) + 1;
      return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
    }
    case "month":
    case "year": {
      const n = compare === "month" ? -1 : -12;
      // A whole month compares with the whole month before it (31 days against 30).
      const whole = range.from.endsWith("-01") && monthOf(range.to).to === range.to;
      return whole ? { from: addMonths(range.from, n), to: monthOf(addMonths(range.from, n + (monthsSpanned(range) - 1))).to } : { from: addMonths(range.from, n), to: addMonths(range.to, n) };
    }
  }
}

const monthsSpanned = (range: DateRange) => (Number(range.to.slice(0, 4)) - Number(range.from.slice(0, 4))) * 12 + Number(range.to.slice(5, 7)) - Number(range.from.slice(5, 7)) + 1;

/** The bucket a day falls in: itself, the Monday of its week, the first of its month. */
export function bucketOf(day: Day, granularity: Granularity): Day {
  if (granularity === "day") return day;
  if (granularity === "month") return `${day.slice(0, 7)}-01`;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** Every bucket of a range, in order (the first and last may be partial). */
export function bucketsOf(range: DateRange, granularity: Granularity): Day[] {
  const out: Day[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    const b = bucketOf(day, granularity);
    if (out.at(-1) !== b) out.push(b);
  }
  return out;
}
