// Formatting lives with the UI: numbers stay raw (micro-dollars, counts, ratios)
// until they are shown, and every number shown carries its unit.

import { countOf, formatChange, formatDay, formatUsd, usd0, usd2 } from "../lib/domain/format";

export { countOf, formatChange, formatDay, formatUsd };
const count = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/**
 * An axis's dollar ticks, all in one style chosen from the axis's largest value, so that
 * no axis reads "$0.00, $350, $700, $1.1K": cents below $10, whole dollars up to
 * $100,000 ($1,050), compact above ($150K, $1.2M); tiny amounts in two significant digits.
 */
export function usdAxis(maxMicroUsd: number): (microUsd: number) => string {
  const max = Math.abs(maxMicroUsd) / 1_000_000;
  const sign = (usd: number) => (usd < 0 ? "-" : "");
  if (max >= 100_000) return (v) => `${sign(v)}$${compact.format(Math.abs(v) / 1_000_000)}`;
  if (max >= 10) return (v) => usd0.format(v / 1_000_000);
  if (max >= 0.1) return (v) => usd2.format(v / 1_000_000);
  return (v) => (v === 0 ? "$0" : `${sign(v)}$${Number((Math.abs(v) / 1_000_000).toPrecision(2))}`);
}

/** $1.2K, $34K, $1.1M for tight spaces; amounts under $10 keep their cents. */
export function formatUsdCompact(microUsd: number): string {
  if (Math.abs(microUsd) < 10_000_000) return formatUsd(microUsd);
  return `$${compact.format(microUsd / 1_000_000)}`;
}

export function formatCount(n: number): string {
  return count.format(Math.round(n));
}

export function formatCountCompact(n: number): string {
  return compact.format(n);
}

/** A count for a headline figure: whole up to a million, then compact (787.0M), so it fits a phone-wide card. */
export function formatCountHeadline(n: number): string {
  return Math.abs(n) < 1_000_000 ? formatCount(n) : formatCountCompact(n);
}

/** What one unit of a business metric is called: "order" for orders, "active user-day" for a daily average. */
export function perUnitLabel(metric: { unit: string; aggregation: string }): string {
  const one = metric.unit.replace(/s$/, "");
  return metric.aggregation === "mean" ? `${one}-day` : one;
}

/** 0.1234 → "12.3 %" */
export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}\u00a0%`;
}

const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

export function formatRange(range: { from: string; to: string }): string {
  return range.from === range.to ? formatDay(range.from, { year: true }) : `${formatDay(range.from)} – ${formatDay(range.to, { year: true })}`;
}

export function formatDateTime(date: Date): string {
  return dateTimeFormat.format(date);
}

/** "5 min ago", "3 h ago", "2 days ago" */
export function formatAgo(date: Date, now = new Date()): string {
  const minutes = Math.round((now.getTime() - date.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/** '14:05' (UTC, like every time on the pages). */
export function formatTime(date: Date): string {
  return timeFormat.format(date);
}

const dayMonthFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** A moment ahead: "14:05 UTC" today, "tomorrow 14:05 UTC", else "2 Dec 14:05 UTC". */
export function formatUntil(date: Date, now = new Date()): string {
  const day = (d: Date) => Math.floor(d.getTime() / 86_400_000);
  const days = day(date) - day(now);
  const prefix = days === 0 ? "" : days === 1 ? "tomorrow " : `${dayMonthFormat.format(date)} `;
  return `${prefix}${formatTime(date)} UTC`;
}
