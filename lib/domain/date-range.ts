import { addDays, daysBetween, isDay, type Day } from "./day";

/** A range of whole UTC days; both ends included. */
export interface DateRange {
  from: Day;
  to: Day;
}

export const RANGE_PRESETS = [7, 30, 90] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_PRESET: RangePreset = 30;
/** Longest range a page or API call may ask for. */
export const MAX_RANGE_DAYS = 400;

export class InvalidRangeError extends Error {
  override name = "InvalidRangeError";
}

export function rangeLength(range: DateRange): number {
  return daysBetween(range.from, range.to) + 1;
}

/** The last `days` days up to and including `today`. */
export function lastDays(days: number, today: Day): DateRange {
  return { from: addDays(today, -(days - 1)), to: today };
}

/** The range of the same length that ends the day before `range` starts. */
export function previousRange(range: DateRange): DateRange {
  const length = rangeLength(range);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

/**
 * Reads a range from URL parameters: either `range=7|30|90` (days up to today) or
 * `from=YYYY-MM-DD&to=YYYY-MM-DD` (both included). Nothing given means the default
 * preset. Throws InvalidRangeError with a message a person can act on.
 */
export function parseRange(params: { range?: string | null; from?: string | null; to?: string | null }, today: Day): DateRange {
  const { range, from, to } = params;
  if (from || to) {
    if (!from || !to) throw new InvalidRangeError("Give both 'from' and 'to' (YYYY-MM-DD), or neither.");
    if (!isDay(from)) throw new InvalidRangeError(`'from' must be a date as YYYY-MM-DD, got '${from}'.`);
    if (!isDay(to)) throw new InvalidRangeError(`'to' must be a date as YYYY-MM-DD, got '${to}'.`);
    if (from > to) throw new InvalidRangeError(`'from' (${from}) is after 'to' (${to}).`);
    if (from > today) throw new InvalidRangeError(`'from' (${from}) is in the future; today is ${today}.`);
    const result = { from, to };
    if (rangeLength(result) > MAX_RANGE_DAYS) {
      throw new InvalidRangeError(`The range is ${rangeLength(result)} days long; the most is ${MAX_RANGE_DAYS}.`);
    }
    return result;
  }
  if (range == null || range === "") return lastDays(DEFAULT_PRESET, today);
  const days = Number(range);
  if (!RANGE_PRESETS.includes(days as RangePreset)) {
    throw new InvalidRangeError(`'range' must be one of ${RANGE_PRESETS.join(", ")} (days), got '${range}'.`);
  }
  return lastDays(days, today);
}

/** The preset a range equals when it ends today, for highlighting the picker. */
export function presetOf(range: DateRange, today: Day): RangePreset | null {
  if (range.to !== today) return null;
  return RANGE_PRESETS.find((p) => p === rangeLength(range)) ?? null;
}
