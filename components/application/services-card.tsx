import { apiHref } from "@/components/api-href";
import { loadEconomics } from "@/lib/data/page-loaders";
import type { DateRange } from "@/lib/domain/date-range";
import { SCALE_LABEL_TEXT } from "@/lib/domain/trends";
import { DataTable, type Column } from "../data-table";
import { formatPercent, formatUsd } from "../format";
import { seriesColors } from "../series-colors";
import { EmptyState } from "../ui";

const COLUMNS: Column[] = [
  { key: "name", label: "Service", kind: "text", hrefKey: "href", colorKey: "color" },
  { key: "cost", label: "Cost", kind: "usd", title: "Own cost plus its share of the shared pool" },
  { key: "own", label: "Own", kind: "usd", title: "Cost of resources tagged with this service" },
  { key: "shared", label: "Shared", kind: "usd", title: "Its share of the application's shared pool" },
  { key: "change", label: "Change", kind: "change", title: "Cost against the period before" },
  { key: "requests", label: "Requests", kind: "count", empty: "no traffic" },
  { key: "cpm", label: "Cost / 1M req.", kind: "usd", empty: "no traffic" },
  { key: "cpmChange", label: "Δ cost / 1M", kind: "change", title: "Cost per 1M requests against the period before" },
  { key: "scale", label: "Scale", kind: "text", noteKey: "slope", title: "Slope of log(own cost) against log(requests), day by day" },
  { key: "errors", label: "5XX", kind: "percent", title: "Share of requests answered with 5XX" },
];

/**
 * Rows drawn until the reader asks for all: the table sorts every service before the cut, so the
 * first 50 are the costliest (or the order the reader picks), and past 50 a box finds any service
 * by name. A 200-service application drew 133 KB of table before. On a phone, where each service is
 * a card of seven lines, the first 10 show.
 */
const SERVICES_SHOWN = 50;

export async function ServicesCard({ accountId, app, range, today, query }: { accountId: number; app: { id: number; slug: string }; range: DateRange; today: string; query: string }) {
  const economics = await loadEconomics(accountId, app.id, range.from, range.to, today);
  if (economics.services.length === 0) {
    return (
      <EmptyState title="No services in this range">
        <p>Resources join a service through the <code>service</code> tag. None of this application&apos;s resources carry one yet, or there is no cost data for these days.</p>
      </EmptyState>
    );
  }
  const colors = seriesColors(economics.services.map((s) => s.name));
  const rows = economics.services.map((s) => ({
    name: s.name,
    href: `/applications/${app.slug}/services/${encodeURIComponent(s.name)}${query}`,
    color: colors[s.name] ?? null,
    cost: s.costMicroUsd,
    own: s.ownCostMicroUsd,
    shared: s.sharedCostMicroUsd,
    change: s.change,
    requests: s.requestCount || null,
    cpm: s.costPerMillionMicroUsd,
    cpmChange: s.costPerMillionChange,
    scale: s.scale ? SCALE_LABEL_TEXT[s.scale.label] : null,
    slope: s.scale ? `slope ${s.scale.slope.toFixed(2)}` : null,
    errors: s.errorRate,
  }));
  const csv = apiHref(["applications", app.slug, "services"], { from: range.from, to: range.to, format: "csv" });
  return (
    <div className="card">
      <div className="card-header">
        <h2>Services</h2>
        <div className="card-actions">
          {economics.estimated && <span className="badge badge-warn" title="Cost Explorer has not finalised the last days of this range">includes estimated days</span>}
          <a className="export" href={csv} download>
            Export CSV
          </a>
        </div>
      </div>
      <DataTable columns={COLUMNS} rows={rows} rowKey="name" initialSort={{ key: "cost", dir: "desc" }} label="Services" limit={SERVICES_SHOWN} phoneLimit={10} filterLabel="Find a service" />
      <p className="legend-note">
        Total {formatUsd(economics.totalCostMicroUsd)}, of which {formatUsd(economics.sharedCostMicroUsd)} ({formatPercent(economics.totalCostMicroUsd ? economics.sharedCostMicroUsd / economics.totalCostMicroUsd : 0)}) is the shared pool
        split between the services{economics.unassignedSharedMicroUsd ? `; ${formatUsd(economics.unassignedSharedMicroUsd)} of it fell on days no service was active and stays unassigned` : ""}.
      </p>
    </div>
  );
}
