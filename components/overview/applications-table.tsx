import { apiHref } from "@/components/api-href";
import Link from "next/link";
import { Suspense } from "react";
import { loadOverview } from "@/lib/data/page-loaders";
import type { DateRange } from "@/lib/domain/date-range";
import { formatCount, formatPercent, formatUsd } from "../format";
import { relativeChange } from "@/lib/domain/change";
import { SHARED_COLOR, seriesColors } from "../series-colors";
import { Change, EmptyState } from "../ui";
import { ApplicationSignals } from "./application-signals";

export async function ApplicationsTable({ accountId, range, query }: { accountId: number; range: DateRange; query: string }) {
  const overview = await loadOverview(accountId, range.from, range.to);
  if (overview.applications.length === 0) {
    return (
      <EmptyState title="No applications yet">
        <p>Applications group resources by tag rules. The demo account creates three; run <code>npm run frugal -- setup</code>.</p>
      </EmptyState>
    );
  }
  const colors = seriesColors(overview.applications.map((a) => a.slug));
  const max = Math.max(...overview.applications.map((a) => a.costMicroUsd), overview.unallocatedMicroUsd, 1);
  return (
    <div className="card">
      <div className="card-header">
        <h2>Applications</h2>
        <div className="card-actions">
          {!overview.window.costRange && <span className="muted">No cost data in this range yet</span>}
          <a className="export" href={apiHref(["applications"], { from: range.from, to: range.to, format: "csv" })} download>
            Export CSV
          </a>
        </div>
      </div>
      <div className="table-wrap" tabIndex={0}>
        <table role="table" className="cards-on-phone">
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col">Application</th>
              <th role="columnheader" scope="col" className="right">Cost</th>
              <th role="columnheader" scope="col" className="right">Change</th>
              <th role="columnheader" scope="col" className="right">Requests</th>
              <th role="columnheader" scope="col" className="right">Cost / 1M requests</th>
              <th role="columnheader" scope="col" className="right">Services</th>
              <th role="columnheader" scope="col" title="Share of the application's cost that carries a service tag; the rest is its shared pool, split between its services">
                Service-tagged
              </th>
              <th role="columnheader" scope="col">Signals</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {overview.applications.map((app) => (
              <tr role="row" key={app.slug}>
                <td role="cell">
                  <span className="swatch" style={{ background: colors[app.slug] }} />
                  <Link href={`/applications/${app.slug}${query}`}>{app.name}</Link>
                  {app.description && <div className="faint" style={{ marginLeft: 18 }}>{app.description}</div>}
                </td>
                <td role="cell" className="right" data-label="Cost">
                  <div className="num">{formatUsd(app.costMicroUsd)}</div>
                  <div className="bar" style={{ marginTop: 4 }}>
                    <span style={{ width: `${(100 * app.costMicroUsd) / max}%`, background: colors[app.slug] }} />
                  </div>
                </td>
                <td role="cell" className="right" data-label="Change">
                  <Change ratio={app.change} />
                </td>
                <td role="cell" className="right num" data-label="Requests">{formatCount(app.requestCount)}</td>
                <td role="cell" className="right num" data-label="Cost / 1M requests">{app.costPerMillionMicroUsd === null ? <span className="muted">no traffic</span> : formatUsd(app.costPerMillionMicroUsd)}</td>
                <td role="cell" className="right num" data-label="Services">{app.serviceCount}</td>
                <td role="cell" data-label="Service-tagged">
                  {app.tagCoverage === null ? (
                    <span className="muted">no cost</span>
                  ) : (
                    <span className="num" title="Share of the application's cost tagged with a service; the rest is its shared pool">
                      {formatPercent(app.tagCoverage)}
                    </span>
                  )}
                </td>
                <td role="cell" data-label="Signals">
                  <Suspense fallback={<span className="faint">checking…</span>}>
                    <ApplicationSignals accountId={accountId} applicationId={app.id} />
                  </Suspense>
                </td>
              </tr>
            ))}
            <tr role="row" className="row-unallocated">
              <td role="cell">
                <span className="swatch" style={{ background: SHARED_COLOR }} />
                <Link href={`/unallocated${query}`}>Unallocated</Link>
                <div className="faint" style={{ marginLeft: 18 }}>
                  Matches no tag rule
                </div>
              </td>
              <td role="cell" className="right" data-label="Cost">
                <div className="num">{formatUsd(overview.unallocatedMicroUsd)}</div>
                <div className="bar" style={{ marginTop: 4 }}>
                  <span style={{ width: `${(100 * overview.unallocatedMicroUsd) / max}%`, background: SHARED_COLOR }} />
                </div>
              </td>
              <td role="cell" className="right" data-label="Change">
                <Change ratio={relativeChange(overview.unallocatedMicroUsd, overview.previousUnallocatedMicroUsd)} />
              </td>
              <td role="cell" colSpan={5} className="faint">
                in no application, so no requests or services to divide it by
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="legend-note">
        <strong>Service-tagged</strong>: the share of an application&apos;s cost that carries a <code>service</code> tag; the rest is its shared pool, split between its services. Not
        the same as <strong>tag coverage</strong> above, the share of the whole account&apos;s cost that lands in any application.
      </p>
    </div>
  );
}
