// An application's month-end projection (lib/domain/forecast.ts) from its stored
// daily cost, and its budget.
import type { Db } from "../db/client";
import { addDays, type Day } from "../domain/day";
import { budgetStatus, FORECAST_SPREAD_DAYS, forecastMonth, type BudgetStatus, type MonthForecast } from "../domain/forecast";
import { num } from "./sql";

export interface ApplicationForecast {
  forecast: MonthForecast | null;
  budgetMicroUsd: number | null;
  status: BudgetStatus | null;
}

export async function getApplicationForecast(db: Db, applicationId: number, today: Day): Promise<ApplicationForecast> {
  const [app, rows] = await Promise.all([
    db.application.findUniqueOrThrow({ where: { id: applicationId }, select: { monthlyBudgetMicroUsd: true } }),
    db.costDay.groupBy({ by: ["day"], where: { applicationId, day: { gte: addDays(`${today.slice(0, 7)}-01`, -FORECAST_SPREAD_DAYS), lt: today } }, _sum: { costMicroUsd: true } }),
  ]);
  const forecast = forecastMonth(rows.map((r) => ({ day: r.day, costMicroUsd: num(r._sum.costMicroUsd) })), today);
  const budget = app.monthlyBudgetMicroUsd === null ? null : num(app.monthlyBudgetMicroUsd);
  return { forecast, budgetMicroUsd: budget, status: forecast && budget !== null ? budgetStatus(forecast.projectedMicroUsd, budget) : null };
}
