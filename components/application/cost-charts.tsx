import { loadAnomalies, loadEconomics, loadEconomicsSeries } from "@/lib/data/page-loaders";
import type { DateRange } from "@/lib/domain/date-range";
import { anomalyMarkers } from "../anomalies/chart-markers";
import { CostRequestsChart, MultiLineChart } from "../charts/lazy";
import { seriesColors, SHARED_COLOR } from "../series-colors";

interface Props {
  accountId: number;
  app: { id: number; name: string; slug: string };
  range: DateRange;
  today: string;
  allocation: string;
}

/** Allocated cost stacked by service with requests on a second axis, and cost per 1M requests per service. */
export async function CostCharts({ accountId, app, range, today, allocation }: Props) {
  const [series, economics, anomalies] = await Promise.all([
    loadEconomicsSeries(accountId, app.id, range.from, range.to, today),
    loadEconomics(accountId, app.id, range.from, range.to, today),
    loadAnomalies(accountId, app.id, "all"),
  ]);
  const markers = anomalyMarkers(anomalies, range, true);
  // Each series keeps its service's colour in the table; "other services", no one service, takes
  // the grey of what no one service carries. Only the series drawn go to the browser.
  const serviceColors = seriesColors(economics.services.map((s) => s.name));
  const colors = Object.fromEntries(series.series.map((name) => [name, serviceColors[name] ?? SHARED_COLOR]));
  const todayEstimate = economics.today?.estimatedCostMicroUsd != null ? { day: economics.today.day, costMicroUsd: economics.today.estimatedCostMicroUsd } : null;
  const perMillion = series.days.map((d) => ({
    day: d.day,
    // Whole micro-dollars: finer than any figure shown, and a third of the digits.
    values: Object.fromEntries(series.series.map((name) => [name, d.costs[name] && d.requests[name] ? Math.round((d.costs[name] * 1e6) / d.requests[name]) : null])),
  }));
  return (
    <>
      <div className="card">
        <div className="card-header">
          <h2>Daily cost by service, and requests</h2>
          <span className="muted">USD per day (shared pool split {allocation}) · requests on the right axis</span>
        </div>
        <CostRequestsChart series={series.series} colors={colors} days={series.days} today={todayEstimate} partialDay={today} markers={markers} dayHref={`/explore?group=service&compare=none&from={day}&to={day}&f=application%3A${encodeURIComponent(app.slug)}`} ariaLabel={`Daily cost of ${app.name} stacked by ${series.series.join(", ")}, with requests`} />
      </div>
      <div className="card">
        <div className="card-header">
          <h2>Cost per 1M requests by service</h2>
          <span className="muted">USD per million requests, shared pool included</span>
        </div>
        <MultiLineChart series={series.series} colors={colors} days={perMillion} format="usd" ariaLabel={`Cost per million requests of each service of ${app.name}`} />
      </div>
    </>
  );
}
