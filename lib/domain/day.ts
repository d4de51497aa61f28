// Calendar days as 'YYYY-MM-DD' strings in UTC. Strings sort and compare in date
// order, survive JSON and SQL unchanged, and never shift with a server's time zone.

export type Day = string;

/** Days from `from` to `to`, both included. */
export interface DayRange {
  from: Day;
  to: Day;
}

/** Whether `day` falls in `range`, both ends included. */
export function inRange(day: Day, range: DayRange): boolean {
  return day >= range.from && day <= range.to;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return toDay(date) === value; // rejects 2026-02-30
}

export function toDay(date: Date): Day {
  return date.toISOString().slice(0, 10);
}

export function dayStart(day: Day): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function addDays(day: Day, n: number): Day {
  return toDay(new Date(dayStart(day).getTime() + n * MS_PER_DAY));
}

/** Whole days from a to b (b - a); negative when b is before a. */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((dayStart(b).getTime() - dayStart(a).getTime()) / MS_PER_DAY);
}

/** Every day from `from` to `to`, both included. */
export function eachDay(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** 0 = Sunday ... 6 = Saturday */
export function dayOfWeek(day: Day): number {
  return dayStart(day).getUTCDay();
}

/** Fraction of the UTC day `now` has covered, 0..1. */
export function fractionOfDay(now: Date): number {
  return (now.getTime() - dayStart(toDay(now)).getTime()) / MS_PER_DAY;
}
