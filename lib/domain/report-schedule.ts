// When a report schedule fires and which days each report covers. A schedule is a cron
// expression read in an IANA time zone (croner); the period is named in that zone's
// calendar ("last week" is Monday to Sunday where the reader lives), and its days are
// Cost Explorer's days of the same dates. Pure: every function takes its clock.
import { Cron } from "croner";
import cronstrue from "cronstrue";
import { addDays, dayOfWeek, type Day, type DayRange } from "./day";

export const REPORT_PERIODS = ["yesterday", "last-week", "last-month", "month-to-date"] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export const PERIOD_LABEL: Record<ReportPeriod, string> = {
  yesterday: "Yesterday",
  "last-week": "Last week (Monday to Sunday)",
  "last-month": "Last month",
  "month-to-date": "Month to date",
};

/** A schedule may not fire more often than this. */
export const MIN_INTERVAL_MS = 3_600_000;

export class ScheduleError extends Error {
  override name = "ScheduleError";
}

export interface ReportWindow extends DayRange {
  /** One report per (schedule, key): the same period is never reported twice. */
  key: string;
  /** "week 47 (16–22 Nov 2026)" */
  label: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** The calendar date an instant falls on in a time zone. */
export function dayIn(instant: Date, zone: string): Day {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

const dm = (day: Day) => `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
const dmy = (day: Day) => `${dm(day)} ${day.slice(0, 4)}`;
const monthStart = (day: Day): Day => `${day.slice(0, 7)}-01`;

/** ISO 8601 week number of a day (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(day: Day): { year: number; week: number } {
  const thursday = addDays(day, 3 - ((dayOfWeek(day) + 6) % 7));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((Date.parse(thursday) - Date.parse(`${year}-01-01`)) / 86_400_000 / 7) + 1;
  return { year, week };
}

/** The days a report of `period` covers when it fires at `fireAt` in `zone`: whole days before the one it fires on. */
export function reportWindow(period: ReportPeriod, fireAt: Date, zone: string): ReportWindow {
  const today = dayIn(fireAt, zone);
  const yesterday = addDays(today, -1);
  switch (period) {
    case "yesterday":
      return { from: yesterday, to: yesterday, key: `yesterday:${yesterday}`, label: `${WEEKDAYS[dayOfWeek(yesterday)]} ${dmy(yesterday)}` };
    case "last-week": {
      const monday = addDays(today, -((dayOfWeek(today) + 6) % 7) - 7);
      const sunday = addDays(monday, 6);
      const span = monday.slice(5, 7) === sunday.slice(5, 7) ? `${Number(monday.slice(8, 10))}–${dmy(sunday)}` : `${dm(monday)} – ${dmy(sunday)}`;
      return { from: monday, to: sunday, key: `last-week:${monday}`, label: `week ${isoWeek(monday).week} (${span})` };
    }
    case "last-month": {
      const from = monthStart(addDays(monthStart(today), -1));
      const to = addDays(monthStart(today), -1);
      return { from, to, key: `last-month:${from.slice(0, 7)}`, label: `${MONTH_NAMES[Number(from.slice(5, 7)) - 1]} ${from.slice(0, 4)}` };
    }
    case "month-to-date": {
      // Fired on the 1st, "to date" is the whole month just ended.
      const from = monthStart(yesterday);
      return { from, to: yesterday, key: `month-to-date:${from}..${yesterday}`, label: `${MONTH_NAMES[Number(from.slice(5, 7)) - 1]} ${from.slice(0, 4)} to date (${from === yesterday ? dm(from) : `${Number(from.slice(8, 10))}–${dm(yesterday)}`})` };
    }
  }
}

function cronOf(expression: string, zone: string): Cron {
  if (!isTimeZone(zone)) throw new ScheduleError(`'${zone}' is not a time zone; use an IANA name such as Europe/Berlin or UTC.`);
  try {
    return new Cron(expression.trim(), { timezone: zone, paused: true });
  } catch (error) {
    throw new ScheduleError(`'${expression}' is not a cron expression: ${error instanceof Error ? error.message.replace(/^CronPattern: /, "").replace(/\.+$/, "") : String(error)}. Five fields: minute hour day-of-month month day-of-week, e.g. '0 8 * * 1'.`);
  }
}

/**
 * Checks a schedule and gives its next `count` run times: refuses an expression that
 * is not cron, one that never fires, and one that fires more often than hourly.
 */
export function checkSchedule(expression: string, zone: string, now: Date, count = 5): Date[] {
  const cron = cronOf(expression, zone);
  // Enough runs to see the shortest gap of any pattern that repeats within a day.
  const runs = cron.nextRuns(Math.max(count, 30), now);
  if (runs.length === 0) throw new ScheduleError(`'${expression}' never fires (a date that does not exist, or one in the past).`);
  for (let i = 1; i < runs.length; i++) {
    if (runs[i]!.getTime() - runs[i - 1]!.getTime() < MIN_INTERVAL_MS) throw new ScheduleError(`'${expression}' fires more often than hourly; a report at most every hour, e.g. '0 8 * * *' for every day at 08:00.`);
  }
  return runs.slice(0, count);
}

/** The schedule in words: "At 08:00, only on Monday (Europe/Berlin)". */
export function describeSchedule(expression: string, zone: string): string {
  try {
    return `${cronstrue.toString(expression.trim(), { use24HourTimeFormat: true, verbose: false })} (${zone})`;
  } catch {
    return `${expression} (${zone})`;
  }
}

/**
 * The last time the schedule fired at or before `now` and after `since` (its creation),
 * or null. After downtime this is the one run to catch up: missed earlier ticks are
 * not each reported.
 */
export function lastFireTime(expression: string, zone: string, now: Date, since: Date): Date | null {
  const [last] = cronOf(expression, zone).previousRuns(1, new Date(now.getTime() + 1));
  return last && last.getTime() > since.getTime() ? last : null;
}

/** The time in words in a zone: "Mon 30 Nov, 08:00". */
export function formatInZone(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}

/** The period of a kind that holds `day`: what a schedule would report had it fired the day after (a report asked for by date). */
export function windowContaining(period: ReportPeriod, day: Day): ReportWindow {
  const monday = addDays(day, -((dayOfWeek(day) + 6) % 7));
  const nextMonth = addDays(`${day.slice(0, 7)}-01`, 32).slice(0, 7) + "-01";
  const fireDay = period === "last-week" ? addDays(monday, 7) : period === "last-month" ? nextMonth : addDays(day, 1);
  return reportWindow(period, new Date(`${fireDay}T12:00:00Z`), "UTC");
}
