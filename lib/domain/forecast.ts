// The month-end projection: what the month has cost so far, plus the rest of it at
// the recent rate (the mean of the last 7 complete days, the rate the cost limits
// project with, so the two agree), with a band from how much a day's cost varied over
// the last 14 days: ±1.645 σ √(days left), about 90 % if days vary independently.
import { addDays, type Day } from "./day";
import { formatUsd } from "./format";

export const FORECAST_RATE_DAYS = 7;
export const FORECAST_SPREAD_DAYS = 14;
const Z90 = 1.645;

export interface MonthForecast {
  /** "2026-11" */
  month: string;
  /** The last complete day counted. */
  lastDay: Day;
  daysCounted: number;
  daysLeft: number;
  toDateMicroUsd: number;
  ratePerDayMicroUsd: number;
  projectedMicroUsd: number;
  lowMicroUsd: number;
  highMicroUsd: number;
  /** Who projected the days left: Frugal's recent-rate model, or Cost Explorer's forecast (a real account). */
  by: "model" | "cost-explorer";
}

/** What the month has cost so far, in words: "$826 spent over 1 day", or, on its first day, that nothing is counted yet. */
export function spentSoFar(f: Pick<MonthForecast, "daysCounted" | "toDateMicroUsd">): string {
  if (f.daysCounted === 0) return "no complete day yet";
  return `${formatUsd(f.toDateMicroUsd, { whole: true })} spent over ${f.daysCounted === 1 ? "1 day" : `${f.daysCounted} days`}`;
}

export function daysInMonth(day: Day): number {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).getUTCDate();
}

/**
 * `days`: the application's complete days with cost (any order; today, which has no
 * cost yet, is not one). Null without a complete day in the month, or too little
 * history for a rate.
 */
export function forecastMonth(days: readonly { day: Day; costMicroUsd: number }[], today: Day): MonthForecast | null {
  const yesterday = addDays(today, -1);
  // On the 1st the month has no complete day yet: it is projected from the recent rate alone.
  const month = today.slice(0, 7);
  const byDay = new Map(days.map((d) => [d.day, d.costMicroUsd]));
  const recent: number[] = [];
  for (let i = 0; i < FORECAST_SPREAD_DAYS; i++) {
    const v = byDay.get(addDays(yesterday, -i));
    if (v !== undefined) recent.push(v);
  }
  const rateDays = recent.slice(0, FORECAST_RATE_DAYS);
  if (rateDays.length < 3) return null;
  const rate = rateDays.reduce((a, v) => a + v, 0) / rateDays.length;
  let toDate = 0;
  let counted = 0;
  for (const [day, v] of byDay) {
    if (day.startsWith(month) && day <= yesterday) {
      toDate += v;
      counted++;
    }
  }
  const total = daysInMonth(today);
  const daysLeft = total - counted;
  const mean = recent.reduce((a, v) => a + v, 0) / recent.length;
  const sigma = recent.length > 1 ? Math.sqrt(recent.reduce((a, v) => a + (v - mean) ** 2, 0) / (recent.length - 1)) : 0;
  const projected = toDate + rate * daysLeft;
  const half = Z90 * sigma * Math.sqrt(daysLeft);
  return { month, lastDay: yesterday, daysCounted: counted, daysLeft, toDateMicroUsd: toDate, ratePerDayMicroUsd: rate, projectedMicroUsd: projected, lowMicroUsd: Math.max(toDate, projected - half), highMicroUsd: projected + half, by: "model" };
}

export type BudgetStatus = "under" | "warning" | "over";
/** The forecast at this share of the budget is a warning. */
export const BUDGET_WARNING_SHARE = 0.8;

export function budgetStatus(projectedMicroUsd: number, budgetMicroUsd: number): BudgetStatus {
  if (projectedMicroUsd > budgetMicroUsd) return "over";
  return projectedMicroUsd >= BUDGET_WARNING_SHARE * budgetMicroUsd ? "warning" : "under";
}

export interface BudgetMessage {
  status: Exclude<BudgetStatus, "under">;
  /** What the budget is on, as the headline names it: an application, or a tag value ("cost-center payments"). */
  application: string;
  /** A tag value's budget, across applications. */
  tag?: { key: string; value: string };
  forecast: MonthForecast;
  budgetMicroUsd: number;
  url: string;
}

const dollars = (micro: number) => formatUsd(micro, { whole: true });

function budgetHeadline(m: BudgetMessage): string {
  const share = Math.round((100 * m.forecast.projectedMicroUsd) / m.budgetMicroUsd);
  return m.status === "over"
    ? `${m.application} is projected over its ${m.forecast.month} budget: ${dollars(m.forecast.projectedMicroUsd)} against ${dollars(m.budgetMicroUsd)} (${share}\u00a0%)`
    : `${m.application} is projected at ${share}\u00a0% of its ${m.forecast.month} budget: ${dollars(m.forecast.projectedMicroUsd)} against ${dollars(m.budgetMicroUsd)}`;
}

export function budgetSlackPayload(m: BudgetMessage, escape: (s: string) => string): Record<string, unknown> {
  const headline = escape(budgetHeadline(m));
  const detail = `${spentSoFar(m.forecast)}, ${dollars(m.forecast.ratePerDayMicroUsd)} a day lately, likely ${dollars(m.forecast.lowMicroUsd)}–${dollars(m.forecast.highMicroUsd)}`;
  return {
    text: headline,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${headline}*\n${detail}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `<${m.url}|Open in Frugal>` }] },
    ],
  };
}

export function budgetGenericPayload(m: BudgetMessage): Record<string, unknown> {
  return {
    event: m.status === "over" ? "budget.over" : "budget.warning",
    application: m.tag ? null : m.application,
    ...(m.tag ? { tag: m.tag } : {}),
    month: m.forecast.month,
    budgetUsd: m.budgetMicroUsd / 1e6,
    projectedUsd: Math.round(m.forecast.projectedMicroUsd) / 1e6,
    projectedLowUsd: Math.round(m.forecast.lowMicroUsd) / 1e6,
    projectedHighUsd: Math.round(m.forecast.highMicroUsd) / 1e6,
    toDateUsd: Math.round(m.forecast.toDateMicroUsd) / 1e6,
    summary: budgetHeadline(m),
    url: m.url,
  };
}
