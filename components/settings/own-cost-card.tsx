// What Frugal's own AWS calls cost: per day and month, per API, and per run.
import type { OwnCostView, RunCalls } from "@/lib/data/own-cost";
import { DailyCostChart } from "../charts/lazy";
import { formatAgo, formatCount, formatDateTime, formatUsd } from "../format";
import { PhoneCut } from "../phone-cut";
import { Kpi } from "../ui";

const API_NOTE: Record<string, string> = {
  "ce:GetCostAndUsage": "$0.01 a request, every page",
  "ce:GetCostForecast": "$0.01 a request",
  "cloudwatch:GetMetricData": "$0.01 per 1,000 metrics asked for",
  "cloudwatch:ListMetrics": "$0.01 per 1,000 requests",
  "tag:GetResources": "free",
  "sts:GetCallerIdentity": "free",
  "sts:AssumeRole": "free",
};

export function OwnCostSummary({ cost, demo }: { cost: OwnCostView; demo: boolean }) {
  return (
    <div className="grid kpis">
      <Kpi label="Last 24 hours" value={formatUsd(cost.lastDayMicroUsd)} detail={demo ? "what the demo's reads would cost on AWS" : "syncs and overload samples"} />
      <Kpi label="A month at that rate" value={formatUsd(cost.monthMicroUsd)} detail={rateDetail(cost)} />
      <Kpi label="Since the first sync" value={formatUsd(cost.sinceFirstMicroUsd)} detail={cost.firstRunAt ? `first run ${formatAgo(cost.firstRunAt)}; it reads the history once` : "no sync yet"} />
    </div>
  );
}

/** Where the month's rate comes from, when it is not simply the last 24 hours × 30. */
function rateDetail(cost: OwnCostView): string {
  const day = cost.rateMinutes >= 24 * 60;
  const leftOut = cost.historyReadsLeftOut;
  if (day && leftOut.length === 0) return "× 30 days";
  const span = day ? "the last 24 h" : `the ${cost.rateMinutes < 90 ? `${cost.rateMinutes} min` : `${Math.round(cost.rateMinutes / 60)} h`} run so far`;
  const without =
    leftOut.length === 2 ? " without the first sync's and overload run's one-off history reads"
    : leftOut.length === 1 ? ` without the ${leftOut[0] === "sync" ? "first sync's" : "first overload run's"} one-off history read`
    : "";
  return `${span}${without}, × 30 days`;
}

export function OwnCostDetail({ cost }: { cost: OwnCostView }) {
  return (
    <>
      <div className="card">
        <h2>Per day, last 30 days</h2>
        <DailyCostChart series={["calls"]} colors={{ calls: "#3d5afe" }} labels={{ calls: "Frugal's AWS calls" }} days={cost.days.map((d) => ({ day: d.day, estimated: false, values: { calls: d.costMicroUsd } }))} />
      </div>
      <div className="card">
        <h2>Per API, last 30 days</h2>
        {cost.byApi.length === 0 ? (
          <p className="muted">No calls recorded yet.</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table role="table" className="cards-on-phone">
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col">API</th>
                  <th role="columnheader" scope="col">Price</th>
                  <th role="columnheader" scope="col" className="right">Billed calls</th>
                  <th role="columnheader" scope="col" className="right">Metrics asked for</th>
                  <th role="columnheader" scope="col" className="right">Retries</th>
                  <th role="columnheader" scope="col" className="right">Failed</th>
                  <th role="columnheader" scope="col" className="right">Cost</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {cost.byApi.map((u) => (
                  <tr role="row" key={u.api}>
                    <td role="cell" className="mono nowrap">{u.api}</td>
                    <td role="cell" className="faint" data-label="Price">{API_NOTE[u.api] ?? ""}</td>
                    <td role="cell" className="right num" data-label="Billed calls">{formatCount(u.calls)}</td>
                    <td role="cell" className="right num" data-label="Metrics asked for">{u.metricsRequested ? formatCount(u.metricsRequested) : "–"}</td>
                    <td role="cell" className="right num" data-label="Retries">{formatCount(u.retries)}</td>
                    <td role="cell" className="right num" data-label="Failed">{formatCount(u.failed)}</td>
                    <td role="cell" className="right num" data-label="Cost">{formatUsd(u.costMicroUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <div className="card">
        <h2>The last syncs</h2>
        <RunsTable runs={cost.syncs} empty="No sync in the last 30 days." />
      </div>
      <div className="card">
        <h2>The last overload runs</h2>
        <p className="faint">Every few minutes; older than yesterday, they are kept as one total a day.</p>
        <RunsTable runs={cost.overloadRuns} empty="No overload run since yesterday." />
      </div>
    </>
  );
}

/** How many of the newest runs a phone shows before the reader asks for the rest: each is a card of five lines. */
const PHONE_RUNS = 3;

export function RunsTable({ runs, empty }: { runs: RunCalls[]; empty: string }) {
  if (runs.length === 0) return <p className="muted">{empty}</p>;
  const table = (
    <div className="table-wrap" tabIndex={0}>
      <table role="table" className="cards-on-phone">
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">Started</th>
            <th role="columnheader" scope="col">What</th>
            <th role="columnheader" scope="col">Calls</th>
            <th role="columnheader" scope="col">Ran on</th>
            <th role="columnheader" scope="col" className="right">Duration</th>
            <th role="columnheader" scope="col" className="right">Cost</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {runs.map((r, index) => (
            <tr role="row" key={r.id} className={index >= PHONE_RUNS ? "past-phone-limit" : undefined}>
              <td role="cell" className="nowrap" title={formatDateTime(r.startedAt)}>
                {formatAgo(r.startedAt)}
              </td>
              <td role="cell" data-label="What">
                {r.trigger === "signals" ? "overload samples" : `sync (${r.trigger})`}
                {r.status !== "succeeded" && <span className={`badge ${r.status === "failed" ? "badge-bad" : "badge-neutral"}`}>{r.status}</span>}
              </td>
              <td role="cell" className="faint" data-label="Calls">{r.byApi.length ? r.byApi.map((u) => `${u.api.split(":")[1]} ×${formatCount(u.calls)}`).join(", ") : "none"}</td>
              <td role="cell" className="mono faint nowrap" data-label="Ran on">{r.runner ?? "–"}</td>
              <td role="cell" className="right num" data-label="Duration">{r.durationMs === null ? "–" : `${(r.durationMs / 1000).toFixed(1)} s`}</td>
              <td role="cell" className="right num" data-label="Cost">{formatUsd(r.apiCostMicroUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <PhoneCut rows={runs.length} limit={PHONE_RUNS}>
      {table}
    </PhoneCut>
  );
}
