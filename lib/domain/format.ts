// The few formats that text made outside the pages (webhook messages, anomaly
// explanations) shares with them; components/format.ts re-exports these.

export const usd2 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const usd0 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

const count = new Intl.NumberFormat("en-US");

/** A count with its noun in the right number: "1 row", "0 rows", "1,200 rows", "2 queries". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${count.format(n)} ${n === 1 ? singular : plural}`;
}

/** $1,234.56; amounts under a cent keep their significant digits ($0.0042). */
export function formatUsd(microUsd: number, { whole = false } = {}): string {
  const usd = microUsd / 1_000_000;
  if (whole && Math.abs(usd) >= 100) return usd0.format(usd);
  // Two significant digits, without a trailing zero: $0.0042, $0.0005 (not $0.00050).
  if (usd !== 0 && Math.abs(usd) < 0.01) return `${usd < 0 ? "-" : ""}$${Number(Math.abs(usd).toPrecision(2))}`;
  return usd2.format(usd);
}

/** +12.3 % / −4.0 %, with a real minus sign. */
export function formatChange(ratio: number): string {
  const pct = (ratio * 100).toFixed(1);
  return ratio > 0 ? `+${pct}\u00a0%` : ratio < 0 ? `−${pct.slice(1)}\u00a0%` : "0.0\u00a0%";
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const dayYearFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** '2026-11-03' → '3 Nov' */
export function formatDay(day: string, { year = false } = {}): string {
  const date = new Date(`${day}T00:00:00Z`);
  return (year ? dayYearFormat : dayFormat).format(date);
}

const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** '2026-11' → 'November 2026' */
export function formatMonth(month: string): string {
  return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}
