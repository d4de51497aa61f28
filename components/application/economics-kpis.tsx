import { loadEconomics, loadMetrics, loadUnitCosts } from "@/lib/data/page-loaders";
import { relativeChange } from "@/lib/domain/change";
import { rangeLength, type DateRange } from "@/lib/domain/date-range";
import { headlineMetric } from "@/lib/domain/unit-cost";
import { formatCount, formatCountHeadline, formatPercent, formatRange, formatUsd, perUnitLabel } from "../format";
import { Change, Kpi, VersusBefore } from "../ui";

interface Props {
  accountId: number;
  app: { id: number; slug: string; headlineMetricId: number | null };
  range: DateRange;
  today: string;
}

/** The headline numbers: cost, requests, cost per request, and cost per the application's main business unit. */
export async function EconomicsKpis({ accountId, app, range, today }: Props) {
  const [economics, metrics] = await Promise.all([loadEconomics(accountId, app.id, range.from, range.to, today), loadMetrics(app.id)]);
  const { window } = economics;
  const primary = headlineMetric(metrics, app.headlineMetricId);
  const unit = primary && window.costRange ? await loadUnitCosts(app.id, primary, window.costRange.from, window.costRange.to) : null;
  const costDays = window.costRange ? rangeLength(window.costRange) : 0;
  const previousRequests = economics.services.reduce((a, s) => a + (s.previousCostPerMillionMicroUsd ? (s.previousCostMicroUsd * 1e6) / s.previousCostPerMillionMicroUsd : 0), 0);
  const previousCpm = previousRequests > 0 ? (economics.previousTotalCostMicroUsd * 1e6) / previousRequests : null;
  return (
    <div className="grid kpis">
      <Kpi
        label="Cost"
        value={window.costRange ? formatUsd(economics.totalCostMicroUsd, { whole: true }) : "–"}
        detail={
          <>
            <VersusBefore ratio={relativeChange(economics.totalCostMicroUsd, economics.previousTotalCostMicroUsd)} window={window} />
            {economics.today?.estimatedCostMicroUsd != null && (
              <div title="Today's requests at the cost per request of the last complete days; Cost Explorer's figure replaces it when it arrives">
                + {formatUsd(economics.today.estimatedCostMicroUsd, { whole: true })} today so far (estimate)
              </div>
            )}
          </>
        }
      />
      <Kpi label="Requests" value={<span title={formatCount(economics.requestCount)}>{formatCountHeadline(economics.requestCount)}</span>} detail={window.costRange ? formatRange(window.costRange) : "no cost data in this range"} />
      <Kpi
        label="Cost / 1M requests"
        value={economics.costPerMillionMicroUsd === null ? "no traffic" : formatUsd(economics.costPerMillionMicroUsd)}
        detail={
          <>
            <Change ratio={economics.costPerMillionMicroUsd !== null && previousCpm !== null ? relativeChange(economics.costPerMillionMicroUsd, previousCpm) : null} /> · shared pool included
          </>
        }
      />
      {primary && unit && (
        <Kpi
          label={`Cost per ${perUnitLabel(primary)}`}
          value={unit.total.unitCostMicroUsd === null ? `no ${primary.unit}` : formatUsd(unit.total.unitCostMicroUsd)}
          detail={
            <>
              {unit.total.shareOfRevenue === null ? `${formatCount(unit.total.value ?? 0)} ${primary.unit}` : `${formatPercent(unit.total.shareOfRevenue, 2)} of revenue`}
              {unit.total.days > 0 && unit.total.days < costDays && (
                <div className="warn-text" title={`${primary.name} has points on ${unit.total.days} of the ${costDays} days with cost; the figure is over those days only`}>
                  over {unit.total.days} of {costDays} days
                </div>
              )}
            </>
          }
        />
      )}
    </div>
  );
}
