import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ApplicationNav } from "@/components/application/application-nav";
import { AutoRefresh } from "@/components/overload/auto-refresh";
import { LatencyThroughputChart } from "@/components/charts/lazy";
import { cellName, ErrorHeatmap, IncidentTimeline, QueueTable, SignalList, StateBadge, WastedSpendTable, type OverloadStateName } from "@/components/overload/overload-cards";
import { ThresholdsForm, Webhooks } from "@/components/overload/overload-forms";
import { positionText } from "@/components/tiers/switch-state";
import { formatAgo, formatCountCompact, formatTime, formatUsd } from "@/components/format";
import { EmptyState, Kpi, PageHeader } from "@/components/ui";
import { can, requireUser } from "@/lib/auth/guard";
import { loadAccount, loadApplication, loadOverload, loadTiers, loadWebhooks } from "@/lib/data/page-loaders";
import { toDay } from "@/lib/domain/day";
import { becauseText } from "@/lib/domain/load-shedding";
import { focusSeries } from "@/lib/domain/overload-focus";
import { sampleChartSpan, samplesStale } from "@/lib/domain/signals";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const SPANS = { "3h": { hours: 3, label: "3 hours" }, "12h": { hours: 12, label: "12 hours" }, "2d": { hours: 48, label: "2 days" } } as const;
type Span = keyof typeof SPANS;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Overload · ${(await params).slug}` };
}

export default async function OverloadPage({ params, searchParams }: Props) {
  const [{ slug }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const account = await loadAccount();
  const app = account && (await loadApplication(account.id, slug));
  if (!app) notFound();
  const [view, tiers, hooks] = await Promise.all([loadOverload(app.id), loadTiers(app.id), loadWebhooks(app.id)]);
  const target = { kind: "application" as const, applicationId: app.id };
  const canEdit = can(user, "application:edit", target);
  const base = `/applications/${app.slug}/overload`;

  const span: Span = (one(query.span) ?? "") in SPANS ? (one(query.span) as Span) : "12h";
  const asked = { service: one(query.service) ?? "", cell: one(query.cell) ?? "" };
  const choice = focusSeries(view.latency, asked, view.statuses, view.incidents);
  const selectedSeries = choice ? view.latencyOf(choice.service, choice.cell) : null;
  const selected = selectedSeries ? { service: selectedSeries.service, cell: selectedSeries.cell } : null;
  const href = (next: { service?: string; cell?: string; span?: Span }) => {
    const p = new URLSearchParams();
    const s = { ...selected, span, ...next };
    if (s.service) p.set("service", s.service);
    if (s.cell) p.set("cell", s.cell);
    if (s.span !== "12h") p.set("span", s.span);
    return `${base}?${p.toString()}`;
  };
  const since = view.now.getTime() - SPANS[span].hours * 3600_000;

  const notOk = view.statuses.filter((s) => s.state !== "ok");
  const hotCells = [...new Set(view.statuses.filter((s) => s.state === view.state && s.state !== "ok").map((s) => s.cell))];
  const today = toDay(view.now);
  const wastedToday = view.wasted.filter((w) => w.day === today).reduce((a, w) => a + (w.failuresMicroUsd ?? 0) + (w.retriesMicroUsd ?? 0), 0);
  const failedToday = view.wasted.filter((w) => w.day === today).reduce((a, w) => a + w.failedRequests, 0);
  const openIncidents = view.incidents.filter((i) => i.state !== "resolved");
  const loadProposals = tiers.proposals.filter((p) => p.kind === "load");
  const overloadedServices = [...new Set(view.statuses.filter((s) => s.state === "overloaded").map((s) => s.service))];
  const sheddable = tiers.features.filter((f) => f.tier >= 2 && f.services.some((s) => overloadedServices.includes(s)));
  const proposalsDetail = loadProposals.length
    ? "waiting for an owner"
    : overloadedServices.length === 0
      ? "none needed"
      : sheddable.length === 0
        ? `no tier 2+ feature uses ${overloadedServices.join(", ")}: nothing to shed`
        : "none open (decided, or in its cool-down)";
  const selectedStatus = selected && view.statuses.find((s) => s.service === selected.service && s.cell === selected.cell);
  const selectedSignals = selected ? view.signals.filter((s) => s.service === selected.service && s.cell === selected.cell && (s.kind === "hidden_queue" || s.kind === "collapse")) : [];

  const stale = samplesStale(view.dataUntil, view.now, view.thresholds);
  const latencyPoints = (selectedSeries?.points ?? []).filter((p) => p.ts.getTime() >= since).map((p) => ({ t: p.ts.getTime(), p99: p.p99Ms === null ? null : Math.round(p.p99Ms * 10) / 10, rpm: Math.round(p.requestsPerMin) }));
  /** A state's badge, or "no data" where the samples stopped: no state then is current. */
  const badge = (state: OverloadStateName | undefined) => (stale ? <span className="badge badge-warn">no data</span> : state && <StateBadge state={state} />);
  const header = (
    <>
      <PageHeader
        title="Overload"
        subtitle={
          <>
            Signals of {app.name} per service and cell, judged on the last {view.thresholds.windowMinutes} min of 1-minute metrics
            {view.dataUntil && <> · data until {formatTime(view.dataUntil)} UTC</>}
          </>
        }
        breadcrumbs={
          <>
            <Link href="/">Applications</Link> / <Link href={`/applications/${app.slug}`}>{app.name}</Link> /
          </>
        }
      >
        <AutoRefresh updated={`${formatTime(view.now)} UTC`} />
      </PageHeader>
      <ApplicationNav user={user} app={app} />
    </>
  );

  if (view.statuses.length === 0) {
    return (
      <>
        {header}
        <div className="card">
          <EmptyState title="No recent metrics">
            <p>
              The sync keeps 1-minute metrics for 3 hours and 5-minute metrics for 2 days; none has arrived for {app.name} yet. Run a sync from the applications list, or check that its services
              publish request counts to CloudWatch.
            </p>
          </EmptyState>
        </div>
      </>
    );
  }

  return (
    <>
      {header}
      <div className="stack">
        <section className={`card overload-summary overload-${stale ? "warning" : view.state}`} aria-labelledby="overload-state">
          <div className="overload-headline">
            <h2 id="overload-state">
              {badge(view.state)}{" "}
              {stale
                ? `No metrics in the last ${view.thresholds.windowMinutes} min: nothing to judge`
                : view.state === "ok"
                  ? "Every service in every cell is within its thresholds"
                  : view.state === "recovering"
                    ? "Recovering: queues and latency are not yet back to their baseline"
                    : `${view.state === "overloaded" ? "Overloaded" : "Warning"} in ${hotCells.map(cellName).join(", ")}`}
            </h2>
            {stale && (
              <p className="notice-inline" data-testid="stale-samples">
                The newest sample is from {view.dataUntil ? `${formatTime(view.dataUntil)} UTC, ${formatAgo(view.dataUntil, view.now)}` : "nowhere"}; open incidents stay as they were last
                judged. The overload signals run on the worker (every 2 minutes on the demo, 5 on AWS): if this lasts, check <code>GET /api/ready</code> and the sync status in the header.
              </p>
            )}
            {notOk.length > 0 && (
              <p className="muted">
                Not normal: {[...new Set(notOk.map((s) => s.service))].join(", ")}
                {view.state !== "recovering" && view.cells.length > 1 && hotCells.length < view.cells.length && hotCells.every((c) => c) && <> — confined to {hotCells.join(", ")}: shed load there only</>}
              </p>
            )}
          </div>
          <div className="grid kpis">
            <Kpi label="Services not normal" value={`${new Set(notOk.map((s) => s.service)).size} of ${view.services.length}`} detail={`${view.cells.filter(Boolean).length} cells`} small />
            <Kpi label="Open incidents" value={openIncidents.length} detail={openIncidents.length ? `oldest since ${formatTime(openIncidents.at(-1)!.startedAt)} UTC` : "none in progress"} small />
            <Kpi label="Spent on failures today" value={formatUsd(wastedToday)} detail={`${formatCountCompact(failedToday)} requests ended in 5XX, plus retries`} small />
            <Kpi label="Load-shedding proposals" value={loadProposals.length} detail={proposalsDetail} small />
          </div>
          {loadProposals.length > 0 && (
            <ul className="plain-list load-proposals">
              {loadProposals.map((p) => (
                <li key={p.id} data-testid="load-proposal">
                  <strong>
                    Shed {p.featureName} (tier {p.tier})
                  </strong>{" "}
                  {p.cell ? <>in {p.cell} only</> : <>everywhere</>}: {positionText(p.from)} → <strong>{positionText(p.to)}</strong>
                  {/* The stored reason repeats the heading above it ("Shed … in cell-b: …"); what each service showed is the rest. */}
                  {p.details.because?.length ? (
                    <div className="muted">Because {becauseText(p.details.because)}</div>
                  ) : (
                    p.details.reason && <div className="muted">{p.details.reason}</div>
                  )}
                  <div>
                    <Link href={`/applications/${app.slug}/tiers`}>Review and apply on Tiers &amp; switches →</Link>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>

        <div className="overload-grid">
          <section className="card" aria-labelledby="heatmap-title">
            <div className="card-header">
              <h2 id="heatmap-title">5XX per cell</h2>
              <span className="muted">last {view.thresholds.windowMinutes} min</span>
            </div>
            <ErrorHeatmap view={view} selected={selected} hrefFor={(service, cell) => href({ service, cell })} />
          </section>
          <section className="card" aria-labelledby="signals-title">
            <div className="card-header">
              <h2 id="signals-title">Signals that need a look</h2>
              <span className="muted">{view.signals.length} judged</span>
            </div>
            <SignalList signals={view.signals} windowMinutes={view.thresholds.windowMinutes} />
          </section>
        </div>

        {selectedSeries && (
          <section className="card" id="latency" aria-labelledby="latency-title">
            <div className="card-header">
              <h2 id="latency-title">
                Latency against throughput · {selectedSeries.service} in {cellName(selectedSeries.cell)} {badge(selectedStatus?.state)}
              </h2>
              <nav className="segmented" aria-label="Time span">
                {(Object.keys(SPANS) as Span[]).map((s) => (
                  <Link key={s} href={href({ span: s })} scroll={false} aria-current={s === span ? "true" : undefined}>
                    {SPANS[s].label}
                  </Link>
                ))}
              </nav>
            </div>
            {selectedStatus && selectedStatus.state !== "ok" && <p className="signal-reason">{selectedStatus.reason}</p>}
            {selectedSignals.map((s) => (
              <p key={s.kind} className="muted" style={{ margin: "4px 0" }}>
                {s.kind === "hidden_queue" ? "Hidden queue" : "Congestion collapse"}: {s.reason}
              </p>
            ))}
            {selectedSeries.points.every((p) => p.p99Ms === null) && <p className="muted">{selectedSeries.service} publishes no latency: only its throughput is drawn.</p>}
            {latencyPoints.length === 0 ? (
              // Nothing to draw: an empty frame would say nothing, the sentence says why.
              <p className="muted" data-testid="latency-empty">
                No samples of {selectedSeries.service} in {cellName(selectedSeries.cell)} in the last {SPANS[span].label}
                {view.dataUntil ? `: the application's newest sample is from ${formatTime(view.dataUntil)} UTC, ${formatAgo(view.dataUntil, view.now)}.` : "."}
                {span !== "2d" && view.dataUntil && view.now.getTime() - view.dataUntil.getTime() < SPANS["2d"].hours * 3600_000 && " A longer span shows the samples before it."}
              </p>
            ) : (
              <LatencyThroughputChart
                points={latencyPoints}
                baselineMs={selectedSeries.baselineP99Ms}
                label={`p99 latency and requests per minute of ${selectedSeries.service} in ${cellName(selectedSeries.cell)} over the last ${SPANS[span].label}`}
                span={sampleChartSpan(new Date(since), view.now, view.dataUntil, view.thresholds)}
              />
            )}
            <p className="legend-note">1-minute points for the last 3 hours, 5-minute points before. Latency climbing away from its baseline while throughput stays flat is a queue hiding inside the service.</p>
          </section>
        )}

        <section className="card" aria-labelledby="queues-title">
          <div className="card-header">
            <h2 id="queues-title">Queues</h2>
            <span className="muted">age of the oldest message, arrivals against drain</span>
          </div>
          <QueueTable queues={view.queues} since={view.now.getTime() - 12 * 3600_000} />
        </section>

        <div className="overload-grid">
          <section className="card" aria-labelledby="wasted-title">
            <div className="card-header">
              <h2 id="wasted-title">What failures cost</h2>
              <span className="muted">5XX and retries × the service&apos;s cost per request</span>
            </div>
            <WastedSpendTable wasted={view.wasted} today={today} />
          </section>
          <section className="card" aria-labelledby="incidents-title">
            <div className="card-header">
              <h2 id="incidents-title">Incidents</h2>
              <span className="muted">last 2 days</span>
            </div>
            <IncidentTimeline incidents={view.incidents} now={view.now} />
          </section>
        </div>

        <div className="overload-grid">
          <section className="card" aria-labelledby="thresholds-title">
            <h2 id="thresholds-title">Thresholds</h2>
            {/* Settings, not signals: folded, so that the page is about what is happening (a phone had 900 px of fields here). */}
            <details className="folded-form">
              <summary>
                {view.customThresholds ? "This application's own" : "The defaults"}, judged over the last {view.thresholds.windowMinutes} min · {canEdit ? "show and change" : "show"}
              </summary>
              <ThresholdsForm applicationId={app.id} thresholds={view.thresholds} custom={view.customThresholds} canEdit={canEdit} />
            </details>
          </section>
          <section className="card" aria-labelledby="webhooks-title">
            <h2 id="webhooks-title">Notifications</h2>
            <Webhooks applicationId={app.id} hooks={hooks} canEdit={canEdit} />
          </section>
        </div>
      </div>
    </>
  );
}
