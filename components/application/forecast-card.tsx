// The month-end projection of an application, with its band and budget, as a bar:
// spent so far, the rest at the recent rate, the likely range, and the budget line.
import Link from "next/link";
import { loadForecast } from "@/lib/data/page-loaders";
import { BUDGET_WARNING_SHARE, type BudgetStatus, type MonthForecast, spentSoFar } from "@/lib/domain/forecast";
import { formatPercent, formatUsd } from "../format";

const MONTH = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** Spent so far, the rest projected, the likely range, and the budget (with its 80 % mark) when there is one. */
export function ForecastBar({ forecast: f, budgetMicroUsd: budget }: { forecast: MonthForecast; budgetMicroUsd: number | null }) {
  const scale = Math.max(f.highMicroUsd, budget ?? 0, 1) * 1.05;
  const pct = (v: number) => `${((100 * v) / scale).toFixed(2)}%`;
  return (
    <div
      className="forecast-bar"
      role="img"
      aria-label={`Spent ${formatUsd(f.toDateMicroUsd, { whole: true })}, projected ${formatUsd(f.projectedMicroUsd, { whole: true })} (likely ${formatUsd(f.lowMicroUsd, { whole: true })} to ${formatUsd(f.highMicroUsd, { whole: true })})${budget !== null ? `, budget ${formatUsd(budget, { whole: true })}` : ""}`}
    >
      <span className="forecast-spent" style={{ width: pct(f.toDateMicroUsd) }} />
      <span className="forecast-rest" style={{ left: pct(f.toDateMicroUsd), width: pct(f.projectedMicroUsd - f.toDateMicroUsd) }} />
      <span className="forecast-band" style={{ left: pct(f.lowMicroUsd), width: pct(f.highMicroUsd - f.lowMicroUsd) }} />
      {budget !== null && <span className="forecast-line" style={{ left: pct(budget) }} title={`Budget ${formatUsd(budget, { whole: true })}`} />}
      {budget !== null && <span className="forecast-line forecast-warn" style={{ left: pct(BUDGET_WARNING_SHARE * budget) }} title={`${formatPercent(BUDGET_WARNING_SHARE, 0)} of the budget`} />}
    </div>
  );
}

/** "Budget $6,000: at 85 % of the budget", coloured by status. */
export function BudgetBadge({ forecast: f, budgetMicroUsd: budget, status }: { forecast: MonthForecast; budgetMicroUsd: number; status: BudgetStatus }) {
  const text = status === "over" ? `over the budget by ${formatUsd(f.projectedMicroUsd - budget, { whole: true })}` : status === "warning" ? `at ${formatPercent(f.projectedMicroUsd / budget, 0)} of the budget` : `within the budget (${formatPercent(f.projectedMicroUsd / budget, 0)})`;
  return (
    <div className={`forecast-budget badge ${status === "over" ? "badge-bad" : status === "warning" ? "badge-warn" : "badge-good"}`} data-testid="budget-status">
      Budget {formatUsd(budget, { whole: true })}: {text}
    </div>
  );
}

export async function ForecastCard({ app, today }: { app: { id: number; slug: string; name: string }; today: string }) {
  const { forecast: f, budgetMicroUsd: budget, status } = await loadForecast(app.id, today);
  const month = MONTH.format(new Date(`${today.slice(0, 7)}-01T00:00:00Z`));
  if (!f) {
    return (
      <section className="card" aria-labelledby="forecast-title">
        <div className="card-header">
          <h2 id="forecast-title">{month}: projection</h2>
        </div>
        <p className="muted">Too few recent days of cost to project the month yet (it needs three).</p>
      </section>
    );
  }
  return (
    <section className="card forecast" aria-labelledby="forecast-title">
      <div className="card-header">
        <h2 id="forecast-title">{month}: projection</h2>
        <span className="muted">
          {f.by === "cost-explorer" ? (
            <>
              to date + Cost Explorer&apos;s forecast of the {f.daysLeft} {f.daysLeft === 1 ? "day" : "days"} left (90 % interval)
            </>
          ) : (
            <>
              to date + {f.daysLeft} {f.daysLeft === 1 ? "day" : "days"} at the last week&apos;s rate
            </>
          )}
        </span>
      </div>
      <div className="forecast-figures">
        <div>
          <div className="kpi-value num">{formatUsd(f.projectedMicroUsd, { whole: true })}</div>
          <div className="muted">
            likely {formatUsd(f.lowMicroUsd, { whole: true })}–{formatUsd(f.highMicroUsd, { whole: true })} · {spentSoFar(f)} · {formatUsd(f.ratePerDayMicroUsd, { whole: true })} a day
          </div>
        </div>
        {budget !== null && status !== null && <BudgetBadge forecast={f} budgetMicroUsd={budget} status={status} />}
      </div>
      <ForecastBar forecast={f} budgetMicroUsd={budget} />
      {budget === null && (
        <p className="faint">
          No budget. Engineers set one on the <Link href={`/applications/${app.slug}/settings#budget`}>settings page</Link>.
        </p>
      )}
    </section>
  );
}
