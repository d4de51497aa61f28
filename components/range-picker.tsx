import Form from "next/form";
import Link from "next/link";
import { RANGE_PRESETS, type DateRange, type RangePreset } from "@/lib/domain/date-range";

interface Props {
  /** The page the picker sits on; the range goes into its query string. */
  pathname: string;
  range: DateRange;
  preset: RangePreset | null;
  today: string;
}

/** Presets as links and a from/to form: the range lives in the URL, so links can be shared. */
export function RangePicker({ pathname, range, preset, today }: Props) {
  return (
    <div className="range-picker">
      <div className="segmented" role="group" aria-label="Date range">
        {RANGE_PRESETS.map((days) => (
          <Link key={days} href={`${pathname}?range=${days}`} aria-current={preset === days ? "true" : undefined}>
            {days} days
          </Link>
        ))}
      </div>
      <Form action={pathname} aria-label="Custom date range">
        <label className="visually-hidden" htmlFor="range-from">
          From
        </label>
        <input id="range-from" name="from" type="date" defaultValue={range.from} max={today} required />
        <span className="muted">to</span>
        <label className="visually-hidden" htmlFor="range-to">
          To
        </label>
        <input id="range-to" name="to" type="date" defaultValue={range.to} max={today} required />
        <button type="submit">Apply</button>
      </Form>
    </div>
  );
}
