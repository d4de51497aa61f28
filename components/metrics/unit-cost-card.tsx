import { apiHref } from "@/components/api-href";
import Link from "next/link";
import { loadMetrics, loadUnitCosts } from "@/lib/data/page-loaders";
import type { DateRange } from "@/lib/domain/date-range";
import { UnitCostChart } from "../charts/lazy";
import { headlineMetric } from "@/lib/domain/unit-cost";
import { formatCount, formatPercent, formatUsd, perUnitLabel } from "../format";
import { EmptyState, Kpi } from "../ui";

/** Cost per unit of one business metric, with a pill per metric to switch between them. */
export async function UnitCostCard({ app, range, metricName, query }: { app: { id: number; slug: string; headlineMetricId: number | null }; range: DateRange; metricName?: string; query: string }) {
  const metrics = await loadMetrics(app.id);
  if (metrics.length === 0) {
    return (
      <EmptyState title="No business metrics yet">
        <p>Map a CloudWatch metric, or declare one and push points through the API or a CSV file, to see cost per order, per user or per GB.</p>
      </EmptyState>
    );
  }
  const metric = metrics.find((m) => m.name === metricName) ?? headlineMetric(metrics, app.headlineMetricId)!;
  const unit = await loadUnitCosts(app.id, metric, range.from, range.to);
  const sep = query ? "&" : "?";
  const perUnit = perUnitLabel(metric);
  return (
    <div className="card">
      <div className="card-header">
        <h2>Cost per {perUnit}</h2>
        <nav className="pill-list" aria-label="Business metric">
          {metrics.map((m) => (
            <Link key={m.id} href={`/applications/${app.slug}/metrics${query}${sep}metric=${m.name}`} aria-current={m.id === metric.id ? "true" : undefined}>
              {m.name}
            </Link>
          ))}
        </nav>
      </div>
      <div className="grid kpis" style={{ marginBottom: 12 }}>
        <Kpi label={`Cost per ${perUnit}`} value={unit.total.unitCostMicroUsd === null ? "–" : formatUsd(unit.total.unitCostMicroUsd)} detail={`over ${unit.total.days} days with cost and ${metric.name}`} />
        <Kpi label={metric.aggregation === "mean" ? `${metric.name}, daily average` : metric.name} value={unit.total.value === null ? "no data" : formatCount(unit.total.value)} detail={metric.unit} />
        <Kpi label="Cost" value={formatUsd(unit.total.costMicroUsd, { whole: true })} detail="the application's, shared pool included" />
        <Kpi label="Share of revenue" value={unit.total.shareOfRevenue === null ? "–" : formatPercent(unit.total.shareOfRevenue, 2)} detail={unit.total.shareOfRevenue === null ? "set a revenue per unit on a metric" : "cost / revenue"} />
      </div>
      <UnitCostChart metric={{ name: metric.name, unit: perUnit }} days={unit.days} />
      <p className="legend-note">
        <a className="export" href={apiHref(["applications", app.slug, "unit-costs"], { metric: metric.name, from: range.from, to: range.to, format: "csv" })} download>
          Export CSV
        </a>
      </p>
    </div>
  );
}
