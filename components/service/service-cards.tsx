import { apiHref } from "@/components/api-href";
import { loadAnomalies, loadEconomics, loadServiceSeries } from "@/lib/data/page-loaders";
import type { DateRange } from "@/lib/domain/date-range";
import { changeAtDoubleVolume, SCALE_LABEL_TEXT } from "@/lib/domain/trends";
import { anomalyMarkers } from "../anomalies/chart-markers";
import { CostRequestsChart, MultiLineChart } from "../charts/lazy";
import { DataTable, type Column } from "../data-table";
import { formatChange, formatCount, formatCountHeadline, formatPercent, formatUsd } from "../format";
import { SHARED_COLOR } from "../series-colors";
import { Change, EmptyState, Kpi } from "../ui";

interface Props {
  accountId: number;
  app: { id: number; slug: string; name: string };
  service: { id: number; name: string };
  range: DateRange;
  today: string;
  color: string;
}

export async function ServiceKpis({ accountId, app, service, range, today }: Props) {
  const economics = await loadEconomics(accountId, app.id, range.from, range.to, today);
  const s = economics.services.find((x) => x.serviceId === service.id);
  if (!s) return <EmptyState title="No cost for this service in this range" />;
  const poolShare = economics.sharedCostMicroUsd ? s.sharedCostMicroUsd / economics.sharedCostMicroUsd : null;
  return (
    <div className="grid kpis">
      <Kpi label="Cost" value={formatUsd(s.costMicroUsd, { whole: true })} detail={<><Change ratio={s.change} /> vs the period before</>} />
      <Kpi label="Own cost" value={formatUsd(s.ownCostMicroUsd, { whole: true })} detail="resources tagged with this service" />
      <Kpi label="Share of the shared pool" value={formatUsd(s.sharedCostMicroUsd, { whole: true })} detail={poolShare === null ? "no shared pool" : `${formatPercent(poolShare)} of ${app.name}'s pool`} />
      <Kpi label="Requests" value={<span title={formatCount(s.requestCount)}>{formatCountHeadline(s.requestCount)}</span>} detail={s.errorRate === null ? "no traffic" : `${formatPercent(s.errorRate, 2)} answered 5XX`} />
      <Kpi
        label="Cost / 1M requests"
        value={s.costPerMillionMicroUsd === null ? "no traffic" : formatUsd(s.costPerMillionMicroUsd)}
        detail={<><Change ratio={s.costPerMillionChange} /> vs the period before</>}
      />
      <Kpi
        label="Scale"
        small
        value={s.scale ? SCALE_LABEL_TEXT[s.scale.label] : "–"}
        detail={
          !s.scale
            ? "not enough days with traffic and cost"
            : s.scale.label === "unclear"
              ? `requests explain ${formatPercent(s.scale.r2, 0)} of how its own cost moved (${s.scale.points} days): too little for a verdict`
              : (
                  <span title={`own cost grows as requests to the power ${s.scale.slope.toFixed(2)}; the line explains ${formatPercent(s.scale.r2, 0)} of how it moved`}>
                    twice the requests, {formatChange(changeAtDoubleVolume(s.scale.slope))} own cost ({s.scale.points} days, R² {s.scale.r2.toFixed(2)})
                  </span>
                )
        }
      />
    </div>
  );
}

export async function ServiceCharts({ accountId, app, service, range, today, color }: Props) {
  const [days, anomalies] = await Promise.all([loadServiceSeries(service.id, range.from, range.to), loadAnomalies(accountId, app.id, "all")]);
  // Where one of this service's cost anomalies opened, as on the application's chart.
  const markers = anomalyMarkers(anomalies.filter((a) => a.serviceName === service.name), range, false);
  const colors = { own: color, shared: SHARED_COLOR };
  return (
    <>
      <div className="card">
        <div className="card-header">
          <h2>Daily cost and requests</h2>
          <span className="muted">own cost and share of the shared pool, USD per day · requests on the right axis</span>
        </div>
        <CostRequestsChart
          series={["own", "shared"]}
          colors={colors}
          labels={{ own: "Own cost", shared: "Share of the shared pool" }}
          days={days.map((d) => ({ day: d.day, estimated: d.estimated, costs: { own: d.ownCostMicroUsd, shared: d.sharedCostMicroUsd }, totalRequests: d.requestCount }))}
          markers={markers}
          partialDay={today}
          dayHref={`/explore?group=service&compare=none&from={day}&to={day}&f=application%3A${encodeURIComponent(app.slug)}`}
          ariaLabel={`Daily cost of ${service.name}, own and shared, with requests`}
        />
      </div>
      <div className="card">
        <div className="card-header">
          <h2>Cost per 1M requests</h2>
          <span className="muted">USD per million requests, shared pool included</span>
        </div>
        <MultiLineChart
          series={["cpm"]}
          colors={{ cpm: color }}
          labels={{ cpm: `${service.name}: cost per 1M requests` }}
          days={days.map((d) => ({ day: d.day, values: { cpm: d.costPerMillionMicroUsd } }))}
          format="usd"
          height={220}
          ariaLabel={`Cost per million requests of ${service.name} per day`}
        />
      </div>
    </>
  );
}

const HISTORY: Column[] = [
  { key: "day", label: "Day", kind: "text", noteKey: "note" },
  { key: "cost", label: "Cost", kind: "usd", empty: "not yet" },
  { key: "own", label: "Own", kind: "usd", empty: "not yet" },
  { key: "shared", label: "Shared", kind: "usd", empty: "not yet" },
  { key: "requests", label: "Requests", kind: "count", empty: "no traffic" },
  { key: "cpm", label: "Cost / 1M req.", kind: "usd", empty: "–" },
];

export async function ServiceHistory({ app, service, range }: Props) {
  const days = await loadServiceSeries(service.id, range.from, range.to);
  const rows = days.map((d) => ({
    day: d.day,
    note: d.estimated ? "estimated" : !d.hasCost && d.requestCount ? "cost not in yet" : null,
    cost: d.hasCost ? d.ownCostMicroUsd + d.sharedCostMicroUsd : null,
    own: d.hasCost ? d.ownCostMicroUsd : null,
    shared: d.hasCost ? d.sharedCostMicroUsd : null,
    requests: d.requestCount || null,
    cpm: d.costPerMillionMicroUsd,
  }));
  return (
    <div className="card">
      <div className="card-header">
        <h2>Day by day</h2>
        <a className="export" href={apiHref(["applications", app.slug, "services", service.name], { from: range.from, to: range.to, format: "csv" })} download>
          Export CSV
        </a>
      </div>
      <DataTable columns={HISTORY} rows={rows} rowKey="day" initialSort={{ key: "day", dir: "desc" }} label={`${service.name} day by day`} limit={14} phoneLimit={7} />
    </div>
  );
}
