import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ApplicationNav } from "@/components/application/application-nav";
import { formatAgo, formatCount, formatDateTime, formatRange } from "@/components/format";
import { DeleteMetricButton, EMPTY_METRIC, MetricForm } from "@/components/metrics/metric-form";
import { UnitCostCard } from "@/components/metrics/unit-cost-card";
import { UndoUploadButton, UploadForm } from "@/components/metrics/upload-form";
import { RangePicker } from "@/components/range-picker";
import { readRange, type SearchParams } from "@/components/range-params";
import { CardSkeleton, ErrorState, PageHeader } from "@/components/ui";
import { can, requireUser } from "@/lib/auth/guard";
import { loadAccount, loadApplication, loadMetrics, loadUploads } from "@/lib/data/page-loaders";

type Props = { params: Promise<{ slug: string }>; searchParams: SearchParams };

export const metadata: Metadata = { title: "Business metrics" };

export default async function MetricsPage({ params, searchParams }: Props) {
  const [{ slug }, range, account, user, search] = await Promise.all([params, readRange(searchParams), loadAccount(), requireUser(), searchParams]);
  if (!account) notFound();
  const app = await loadApplication(account.id, slug);
  if (!app) notFound();
  const target = { kind: "application" as const, applicationId: app.id, name: app.name };
  const [metrics, uploads] = await Promise.all([loadMetrics(app.id), loadUploads(app.id)]);
  const editable = can(user, "businessMetric:edit", target);
  const ingest = can(user, "businessMetric:ingest", target);
  const lastUpload = uploads[0];
  const metricName = typeof search.metric === "string" ? search.metric : undefined;
  return (
    <>
      <PageHeader
        title="Business metrics"
        subtitle={`What ${app.name} produces, and what each unit costs${range.ok ? ` · ${formatRange(range.range)}` : ""}`}
        breadcrumbs={
          <>
            <Link href="/">Applications</Link> / <Link href={`/applications/${app.slug}`}>{app.name}</Link> /
          </>
        }
      >
        <RangePicker pathname={`/applications/${app.slug}/metrics`} range={range.ok ? range.range : range.fallback} preset={range.ok ? range.preset : null} today={range.today} />
      </PageHeader>
      <ApplicationNav user={user} app={app} query={range.ok ? range.query : ""} />
      <div className="stack">
        {range.ok ? (
          <Suspense fallback={<CardSkeleton title="Cost per unit" />}>
            <UnitCostCard app={app} range={range.range} metricName={metricName} query={range.query} />
          </Suspense>
        ) : (
          <ErrorState title="That date range cannot be shown">
            <p>{range.error}</p>
          </ErrorState>
        )}
        <div className="card">
          <div className="card-header">
            <h2>Metrics</h2>
            <span className="muted">{editable ? "engineers map and declare them" : "engineers and admins can change them"}</span>
          </div>
          {metrics.length > 0 && (
            <div className="table-wrap" tabIndex={0}>
              <table role="table" aria-label="Business metrics" className="cards-on-phone">
                <thead role="rowgroup">
                  <tr role="row">
                    <th role="columnheader" scope="col">Metric</th>
                    <th role="columnheader" scope="col">Source</th>
                    <th role="columnheader" scope="col">Over days</th>
                    <th role="columnheader" scope="col" className="right">
                      Points
                    </th>
                    <th role="columnheader" scope="col">Latest</th>
                    <th role="columnheader" scope="col" className="right">
                      Revenue / unit
                    </th>
                    {editable && <th role="columnheader" scope="col">Change</th>}
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  {metrics.map((m) => (
                    <tr role="row" key={m.id}>
                      <td role="cell">
                        {m.name}
                        <div className="faint">{m.unit}</div>
                      </td>
                      <td role="cell" data-label="Source">
                        {m.origin === "cloudwatch" && m.cloudwatch ? (
                          <span className="mono">
                            CloudWatch {m.cloudwatch.namespace}/{m.cloudwatch.metricName} ({m.cloudwatch.stat})
                            {m.cloudwatch.dimensions.length > 0 && <div className="faint">{m.cloudwatch.dimensions.map((d) => `${d.name}=${d.value}`).join(", ")}</div>}
                          </span>
                        ) : (
                          "pushed (API, CSV)"
                        )}
                      </td>
                      <td role="cell" data-label="Over days">{m.aggregation === "mean" ? "average" : "sum"}</td>
                      <td role="cell" className="right num" data-label="Points">
                        {formatCount(m.pointCount)}
                      </td>
                      <td role="cell" data-label="Latest">{m.lastPointAt ? <span title={formatDateTime(m.lastPointAt)}>{formatAgo(m.lastPointAt)}</span> : <span className="muted">none</span>}</td>
                      <td role="cell" className="right num" data-label="Revenue / unit">
                        {m.revenuePerUnitUsd === null ? "–" : `$${m.revenuePerUnitUsd}`}
                      </td>
                      {editable && (
                        <td role="cell" className="actions-cell">
                          <details>
                            <summary>Edit</summary>
                            <MetricForm
                              applicationId={app.id}
                              values={{
                                metricId: m.id,
                                name: m.name,
                                unit: m.unit,
                                aggregation: m.aggregation,
                                origin: m.origin,
                                namespace: m.cloudwatch?.namespace ?? "",
                                metricName: m.cloudwatch?.metricName ?? "",
                                dimensions: m.cloudwatch?.dimensions.map((d) => `${d.name}=${d.value}`).join(", ") ?? "",
                                stat: m.cloudwatch?.stat ?? "Sum",
                                revenuePerUnitUsd: m.revenuePerUnitUsd === null ? "" : String(m.revenuePerUnitUsd),
                              }}
                            />
                            <DeleteMetricButton applicationId={app.id} metricId={m.id} name={m.name} points={m.pointCount} />
                          </details>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {editable && (
            <details style={{ marginTop: 12 }}>
              <summary>Add a business metric</summary>
              <MetricForm applicationId={app.id} values={EMPTY_METRIC} />
            </details>
          )}
        </div>
        {ingest && (
          <div className="grid-2">
            <div className="card">
              <h2>Upload a CSV file</h2>
              <UploadForm applicationId={app.id} metrics={metrics.map((m) => ({ name: m.name, origin: m.origin }))} canDeclare={editable} />
              {lastUpload && (
                <div style={{ marginTop: 16 }}>
                  <h3 style={{ fontSize: 14, margin: "0 0 6px" }}>Last upload</h3>
                  <p className="muted">
                    {lastUpload.filename} by {lastUpload.userEmail}, {formatAgo(lastUpload.createdAt)}: {formatCount(lastUpload.rowsImported)} rows imported, {formatCount(lastUpload.rowsRejected)} refused
                    {lastUpload.undoneAt ? `; undone ${formatAgo(lastUpload.undoneAt)}` : ""}.
                  </p>
                  <UndoUploadButton applicationId={app.id} filename={lastUpload.filename} undone={Boolean(lastUpload.undoneAt)} />
                </div>
              )}
            </div>
            <div className="card">
              <h2>Push through the API</h2>
              <p className="muted">
                With a token of scope <code>ingest</code> for {app.name}, up to 10,000 points a request. The same (metric, timestamp) sent again is stored once; a bad point is refused with its index and reason, the others are kept.
              </p>
              <pre className="secret" style={{ whiteSpace: "pre-wrap" }}>{`curl -X POST /api/v1/applications/${app.slug}/business-metrics \\
  -H "Authorization: Bearer $FRUGAL_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"points":[{"metric":"${metrics.find((m) => m.origin === "push")?.name ?? "orders"}","timestamp":"2026-11-25","value":3120}]}'`}</pre>
            </div>
          </div>
        )}
      </div>
    </>
  );
}
