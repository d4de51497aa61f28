// An application's month-end projection, and its budget: on a real account, the cost
// so far plus Cost Explorer's forecast of the days left (read by the sync at most
// daily); otherwise, or when that is missing or stale, lib/domain/forecast.ts's model
// from the stored daily cost.
import type { Db } from "../db/client";
import { addDays, daysBetween, type Day } from "../domain/day";
import { budgetStatus, daysInMonth, FORECAST_SPREAD_DAYS, forecastMonth, type BudgetStatus, type MonthForecast } from "../domain/forecast";
import { num } from "./sql";

export interface ApplicationForecast {
  forecast: MonthForecast | null;
  budgetMicroUsd: number | null;
  status: BudgetStatus | null;
}

/** A forecast read this many days ago still counts (a sync that could not reach Cost Explorer for a day). */
const STALE_AFTER_DAYS = 2;

/** The month's cost before the forecast's first day, plus Cost Explorer's forecast from it to the month's end. */
export function withCostExplorer(days: readonly { day: Day; costMicroUsd: number }[], stored: { month: string; fromDay: string; meanMicroUsd: bigint | null; lowMicroUsd: bigint | null; highMicroUsd: bigint | null }): MonthForecast {
  const first = `${stored.month}-01`;
  const counted = days.filter((d) => d.day >= first && d.day < stored.fromDay);
  const toDate = counted.reduce((a, d) => a + d.costMicroUsd, 0);
  const daysCounted = daysBetween(first, stored.fromDay);
  const daysLeft = daysInMonth(first) - daysCounted;
  const mean = num(stored.meanMicroUsd ?? 0n);
  return {
    month: stored.month,
    lastDay: addDays(stored.fromDay, -1),
    daysCounted,
    daysLeft,
    toDateMicroUsd: toDate,
    ratePerDayMicroUsd: daysLeft > 0 ? Math.round(mean / daysLeft) : 0,
    projectedMicroUsd: toDate + mean,
    lowMicroUsd: toDate + num(stored.lowMicroUsd ?? stored.meanMicroUsd ?? 0n),
    highMicroUsd: toDate + num(stored.highMicroUsd ?? stored.meanMicroUsd ?? 0n),
    by: "cost-explorer",
  };
}

export async function getApplicationForecast(db: Db, applicationId: number, today: Day): Promise<ApplicationForecast> {
  const [app, rows, stored] = await Promise.all([
    db.application.findUniqueOrThrow({ where: { id: applicationId }, select: { monthlyBudgetMicroUsd: true } }),
    db.costDay.groupBy({ by: ["day"], where: { applicationId, day: { gte: addDays(`${today.slice(0, 7)}-01`, -FORECAST_SPREAD_DAYS), lt: today } }, _sum: { costMicroUsd: true } }),
    db.costForecast.findUnique({ where: { applicationId_month: { applicationId, month: today.slice(0, 7) } } }),
  ]);
  const days = rows.map((r) => ({ day: r.day, costMicroUsd: num(r._sum.costMicroUsd) }));
  const fresh = stored && stored.meanMicroUsd !== null && stored.fromDay <= today && daysBetween(stored.fromDay, today) <= STALE_AFTER_DAYS;
  const forecast = fresh ? withCostExplorer(days, stored) : forecastMonth(days, today);
  const budget = app.monthlyBudgetMicroUsd === null ? null : num(app.monthlyBudgetMicroUsd);
  return { forecast, budgetMicroUsd: budget, status: forecast && budget !== null ? budgetStatus(forecast.projectedMicroUsd, budget) : null };
}
