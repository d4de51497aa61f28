import type { Metadata } from "next";
import Link from "next/link";
import { formatAgo, formatCountCompact, formatUsd } from "@/components/format";
import { LevelBadge, pendingText, positionText } from "@/components/tiers/switch-state";
import { OverlapNote } from "@/components/tiers/overlap-note";
import { QuietNote } from "@/components/tiers/quiet-note";
import { limitFigure } from "@/components/tiers/tiers-view";
import { EmptyState, PageHeader } from "@/components/ui";
import { can, requireUser } from "@/lib/auth/guard";
import { loadAccount, loadLimitsOverview } from "@/lib/data/page-loaders";

export const metadata: Metadata = { title: "Limits" };

export default async function LimitsPage() {
  const user = await requireUser();
  const account = await loadAccount();
  if (!account) return <EmptyState title="No account yet" />;
  const apps = await loadLimitsOverview(account.id);
  const limits = apps.flatMap((a) => a.limits.filter((l) => l.level === "breach" || l.level === "warning").map((l) => ({ ...l, app: a })));
  const proposals = apps.flatMap((a) => a.proposals.map((p) => ({ ...p, app: a })));
  const pending = apps.flatMap((a) => a.pending.map((c) => ({ ...c, app: a })));
  const total = apps.reduce((n, a) => n + a.limits.length, 0);
  return (
    <>
      <PageHeader
        title="Limits"
        subtitle={`Cost limits over their warning or breach level, proposals waiting for an owner, and changes waiting for a second owner, across ${apps.length} applications`}
      />
      <div className="stack">
        <div className="grid kpis">
          <div className="card kpi">
            <div className="label">Limits breached</div>
            <div className={`value num ${limits.some((l) => l.level === "breach") ? "change-up" : ""}`}>{limits.filter((l) => l.level === "breach").length}</div>
            <div className="detail">of {total} limits</div>
          </div>
          <div className="card kpi">
            <div className="label">Warnings</div>
            <div className="value num">{limits.filter((l) => l.level === "warning").length}</div>
          </div>
          <div className="card kpi">
            <div className="label">Open proposals</div>
            <div className="value num">{proposals.length}</div>
            <div className="detail" title="Each feature counted once: where proposals overlap (the same switch, a cell in common), the set that saves the most">
              saving {formatUsd(proposals.reduce((s, p) => s + (p.overlap.counted ? (p.details.savingMicroUsd ?? 0) : 0), 0))} / day if applied
            </div>
          </div>
          <div className="card kpi">
            <div className="label">Waiting for approval</div>
            <div className="value num">{pending.length}</div>
          </div>
        </div>

        <div className="card">
          <h2>Over a limit</h2>
          {limits.length === 0 ? (
            <p className="muted">Every limit is under its warning level{total === 0 ? " (none are set yet: set them on an application's Tiers & switches page)" : ""}.</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table role="table" className="cards-on-phone">
                <thead role="rowgroup">
                  <tr role="row">
                    <th role="columnheader" scope="col">Application</th>
                    <th role="columnheader" scope="col">Limit</th>
                    <th role="columnheader" scope="col" className="right">
                      Now
                    </th>
                    <th role="columnheader" scope="col" className="right">
                      Breached at
                    </th>
                    <th role="columnheader" scope="col">Status</th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  {limits.map((l) => (
                    <tr role="row" key={l.id} data-testid="limit-breach">
                      <td role="cell">
                        <Link href={`/applications/${l.app.slug}/tiers`}>{l.app.name}</Link>
                      </td>
                      <td role="cell">{l.label}</td>
                      <td role="cell" className="right num" data-label="Now">{l.value === null ? "—" : limitFigure(l.kind, l.value, l.metricName)}</td>
                      <td role="cell" className="right num" data-label="Breached at">{limitFigure(l.kind, l.breachMicroUsd, l.metricName)}</td>
                      <td role="cell" data-label="Status">
                        <LevelBadge level={l.level} />
                        <QuietNote quiet={l.quiet} name={l.featureName ?? l.label} canDecide={can(user, "proposal:decide", { kind: "application", applicationId: l.app.applicationId })} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>

        <div className="card">
          <h2>Proposals</h2>
          {proposals.length === 0 ? (
            <p className="muted">Nothing to act on.</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table role="table" className="cards-on-phone">
                <thead role="rowgroup">
                  <tr role="row">
                    <th role="columnheader" scope="col">Application</th>
                    <th role="columnheader" scope="col">Proposal</th>
                    <th role="columnheader" scope="col">Because of</th>
                    <th role="columnheader" scope="col" className="right">
                      Saves
                    </th>
                    <th role="columnheader" scope="col" className="right">
                      Requests at risk
                    </th>
                    <th role="columnheader" scope="col" className="right">
                      Revenue at risk
                    </th>
                    <th role="columnheader" scope="col">Proposed</th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  {proposals.map((p) => (
                    <tr role="row" key={p.id} data-testid="limits-proposal">
                      <td role="cell">
                        <Link href={`/applications/${p.app.slug}/tiers`}>{p.app.name}</Link>
                      </td>
                      <td role="cell">
                        {p.action === "restore" ? "Restore" : "Throttle"} <strong>{p.featureName}</strong> (tier {p.tier}) to {positionText(p.to)}
                        {p.cell && ` in ${p.cell}`}
                        <OverlapNote proposal={p} all={proposals} />
                      </td>
                      <td role="cell" data-label="Because of">{p.kind === "load" ? <span className="badge badge-bad">overload</span> : "cost limit"}</td>
                      <td role="cell" data-label="Saves" className={`right num${p.overlap.counted || p.action === "restore" ? "" : " muted"}`}>
                        {p.details.savingMicroUsd === undefined ? "—" : `${formatUsd(p.details.savingMicroUsd)} / day`}
                        {!p.overlap.counted && p.overlap.supersededBy !== null && <div className="faint">not counted</div>}
                      </td>
                      <td role="cell" className="right num" data-label="Requests at risk">{p.details.requestsAtRisk === undefined ? "—" : `${formatCountCompact(p.details.requestsAtRisk)} / day`}</td>
                      <td role="cell" className="right num" data-label="Revenue at risk">{p.details.revenueAtRiskMicroUsd == null ? <span className="muted">not known</span> : `${formatUsd(p.details.revenueAtRiskMicroUsd, { whole: true })} / day`}</td>
                      <td role="cell" data-label="Proposed">{formatAgo(p.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>

        {pending.length > 0 && (
          <div className="card">
            <h2>Waiting for a second owner</h2>
            <ul>
              {pending.map((c) => (
                <li key={`${c.kind}-${c.id}`}>
                  <Link href={`/applications/${c.app.slug}/tiers`}>{c.app.name}</Link>: {c.subject} → {pendingText(c)}, asked by {c.requestedBy} {formatAgo(c.requestedAt)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </>
  );
}
