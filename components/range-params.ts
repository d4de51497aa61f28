import { InvalidRangeError, parseRange, presetOf, type DateRange, type RangePreset } from "@/lib/domain/date-range";
import { toDay } from "@/lib/domain/day";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export type RangeParams =
  | { ok: true; range: DateRange; preset: RangePreset | null; today: string; /** '?range=30' or '?from=…&to=…', for links that keep the range */ query: string }
  | { ok: false; error: string; today: string; /** The default range, for the picker shown beside the error. */ fallback: DateRange };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The date range a page's URL asks for, or the reason it cannot be read. */
export async function readRange(searchParams: SearchParams): Promise<RangeParams> {
  const params = await searchParams;
  const today = toDay(new Date());
  try {
    const range = parseRange({ range: first(params.range), from: first(params.from), to: first(params.to) }, today);
    const preset = presetOf(range, today);
    return { ok: true, range, preset, today, query: preset ? `?range=${preset}` : `?from=${range.from}&to=${range.to}` };
  } catch (error) {
    if (error instanceof InvalidRangeError) return { ok: false, error: error.message, today, fallback: parseRange({}, today) };
    throw error;
  }
}
