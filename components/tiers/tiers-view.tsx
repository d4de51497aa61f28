// The read side of the tiers page: proposals, waiting approvals, features grouped
// by tier with their switch and its history, and the limits with where they stand.
import { Fragment } from "react";
import type { FeatureView, LimitView, TiersView } from "@/lib/data/tiers";
import type { LimitKind } from "@/lib/domain/limits";
import { formatAgo, formatCountCompact, formatDateTime, formatUsd } from "../format";
import { OverlapNote } from "./overlap-note";
import { QuietNote } from "./quiet-note";
import { SwitchDialog } from "./switch-dialog";
import { DecideChangeButtons, DismissProposalButton } from "./decision-forms";
import { DeleteFeatureButton, DeleteLimitButton, FeatureFormDialog, LimitFormDialog } from "./tier-forms";
import { LevelBadge, pendingText, positionText, SwitchBadge, tierLabel } from "./switch-state";

/** A limit's figure with its unit. */
export function limitFigure(kind: LimitKind, microUsd: number, metricName?: string | null): string {
  switch (kind) {
    case "daily_spend":
      return `${formatUsd(microUsd)} / day`;
    case "month_to_date":
      return `${formatUsd(microUsd, { whole: true })} / month`;
    case "cost_per_million":
      return `${formatUsd(microUsd)} / 1M req`;
    case "cost_per_unit":
      return `${formatUsd(microUsd)} / ${metricName ?? "unit"}`;
  }
}

/** Only what the dialog needs crosses to the browser. */
const dialogFeature = (f: FeatureView) => ({ id: f.id, key: f.key, name: f.name, tier: f.tier, position: f.position, cellPositions: f.cellPositions });

function LimitMeter({ limit }: { limit: LimitView }) {
  if (limit.value === null || limit.breachMicroUsd <= 0) return null;
  const share = limit.value / limit.breachMicroUsd;
  const color = limit.level === "breach" ? "var(--bad)" : limit.level === "warning" ? "var(--warn)" : "var(--good)";
  return (
    <div className="bar" title={`${Math.round(share * 100)} % of the breach level`} style={{ marginTop: 4, width: 120 }}>
      <span style={{ width: `${Math.min(100, share * 100)}%`, background: color }} />
    </div>
  );
}

export function ProposalList({ view, canDecide }: { view: TiersView; canDecide: boolean }) {
  return (
    <section className="card card-alert" aria-labelledby="proposals-title">
      <h2 id="proposals-title">
        {view.proposals.length === 1 ? "1 proposal" : `${view.proposals.length} proposals`} <span className="muted">to act on</span>
      </h2>
      <ul className="plain-list">
        {view.proposals.map((p) => {
          const feature = view.features.find((f) => f.id === p.featureId);
          const d = p.details;
          return (
            <li key={p.id} className="proposal" data-testid="proposal">
              <div className="proposal-body">
                <div>
                  <strong>
                    {p.action === "restore" ? "Restore" : "Throttle"} {p.featureName}
                  </strong>{" "}
                  <span className="badge badge-neutral">tier {p.tier}</span> {positionText(p.from)} → <strong>{positionText(p.to)}</strong>
                  {p.cell && <> in {p.cell} only</>}
                  <span className="faint"> · {p.kind === "load" ? "overload" : "cost"} · proposed {formatAgo(p.createdAt)}</span>
                </div>
                {d.reason && <div>{d.reason}</div>}
                {d.limits?.map((l) => (
                  <div key={l.id} className="muted">
                    {l.label}: {l.valueMicroUsd === null ? "no data" : formatUsd(l.valueMicroUsd)}
                    {l.breachMicroUsd !== null && <> against a breach level of {formatUsd(l.breachMicroUsd)}</>}
                    {l.overshootMicroUsd > 0 && <> — over by {formatUsd(l.overshootMicroUsd)}</>}
                    {l.projectedMicroUsd !== null && <>; {formatUsd(l.projectedMicroUsd)} after the change</>}
                  </div>
                ))}
                <div className="proposal-figures">
                  {d.savingMicroUsd !== undefined && (
                    <span>
                      {p.action === "restore" ? "Costs" : "Saves"} <strong className="num">{formatUsd(d.savingMicroUsd)} / day</strong>
                    </span>
                  )}
                  {d.requestsAtRisk !== undefined && (
                    <span>
                      {p.action === "restore" ? "Brings back" : "At risk"}: <strong className="num">{formatCountCompact(d.requestsAtRisk)} requests / day</strong>
                    </span>
                  )}
                  {d.revenueAtRiskMicroUsd != null && (
                    <span>
                      Revenue at risk: <strong className="num">{formatUsd(d.revenueAtRiskMicroUsd, { whole: true })} / day</strong>
                    </span>
                  )}
                </div>
                <OverlapNote proposal={p} all={view.proposals} />
                {d.manualBecause && <div className="faint">Waiting for a person: {d.manualBecause}.</div>}
              </div>
              {canDecide && feature && (
                <div className="proposal-actions">
                  <SwitchDialog
                    feature={dialogFeature(feature)}
                    cells={view.cells}
                    requireApproval={view.policy.requireApproval}
                    mode={{ kind: "proposal", proposalId: p.id, to: p.to, cell: p.cell }}
                    label="Apply…"
                    primary
                  />
                  <DismissProposalButton proposalId={p.id} name={p.featureName} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {!canDecide && <p className="legend-note">Owners of this application and admins apply or dismiss proposals.</p>}
    </section>
  );
}

export function PendingList({ view, userId, canDecide }: { view: TiersView; userId: string; canDecide: boolean }) {
  return (
    <section className="card card-alert" aria-labelledby="pending-title">
      <h2 id="pending-title">Waiting for a second owner</h2>
      <ul className="plain-list">
        {view.pending.map((c) => (
          <li key={`${c.kind}-${c.id}`} className="proposal" data-testid="pending-change">
            <div className="proposal-body">
              <div>
                <strong>{c.subject}</strong> {c.tier !== null && <span className="badge badge-neutral">tier {c.tier}</span>} → <strong>{pendingText(c)}</strong>
              </div>
              <div className="muted">
                Asked by {c.requestedBy} <span title={formatDateTime(c.requestedAt)}>{formatAgo(c.requestedAt)}</span>
                {c.reason ? <>: &ldquo;{c.reason}&rdquo;</> : " (no reason given)"}
              </div>
            </div>
            {canDecide && (
              <div className="proposal-actions">
                <DecideChangeButtons kind={c.kind} id={c.id} name={c.subject} ownRequest={c.requestedById === userId} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function FeatureTable({ view, applicationId, canToggle, canEdit }: { view: TiersView; applicationId: number; canToggle: boolean; canEdit: boolean }) {
  const tiers = [...new Set(view.features.map((f) => f.tier))].sort((a, b) => a - b);
  return (
    <div className="table-wrap" tabIndex={0}>
      <table role="table" className="features cards-on-phone">
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">Feature</th>
            <th role="columnheader" scope="col">Services</th>
            <th role="columnheader" scope="col">Switch</th>
            <th role="columnheader" scope="col" className="right">
              Cost
            </th>
            <th role="columnheader" scope="col" className="right">
              Cost / 1M requests
            </th>
            <th role="columnheader" scope="col">Limits</th>
            {(canToggle || canEdit) && <th role="columnheader" scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {tiers.map((tier) => (
            <Fragment key={tier}>
              <tr role="row" className="group-row">
                <th role="rowheader" scope="rowgroup" colSpan={canToggle || canEdit ? 7 : 6}>
                  {tierLabel(tier)}
                  {tier === 1 && <span className="faint"> · never throttled automatically</span>}
                </th>
              </tr>
              {view.features
                .filter((f) => f.tier === tier)
                .map((f) => {
                  const limits = view.limits.filter((l) => l.featureId === f.id);
                  return (
                    <tr role="row" key={f.id} data-testid={`feature-${f.key}`}>
                      <td role="cell">
                        <div>
                          <strong>{f.name}</strong> <code className="faint">{f.key}</code>
                        </div>
                        {f.description && <div className="faint">{f.description}</div>}
                        {f.history.length > 0 && (
                          <details className="history">
                            <summary>History ({f.history.length})</summary>
                            <ol>
                              {f.history.map((h) => (
                                <li key={h.id}>
                                  <span title={formatDateTime(h.at)}>{formatAgo(h.at)}</span> · {h.from} → {h.to}
                                  {h.status !== "applied" && <span className="badge badge-neutral">{h.status}</span>} · {h.source === "manual" ? "by hand" : h.source} · {h.by}
                                  {h.approvedBy && <> · {h.status === "rejected" ? "rejected" : "approved"} by {h.approvedBy}</>}
                                  <div className="faint">&ldquo;{h.reason}&rdquo;</div>
                                </li>
                              ))}
                            </ol>
                          </details>
                        )}
                      </td>
                      <td role="cell" data-label="Services">
                        {f.services.length ? (
                          <div className="pill-list small">
                            {f.services.map((s) => (
                              <span key={s} className="chip">
                                {s}
                              </span>
                            ))}
                          </div>
                        ) : (
                          <span className="muted">none</span>
                        )}
                      </td>
                      <td role="cell" data-label="Switch">
                        <SwitchBadge position={f.position} />
                        {Object.entries(f.cellPositions).map(([cell, p]) => (
                          <div key={cell} style={{ marginTop: 4 }}>
                            <SwitchBadge position={p} cell={cell} />
                          </div>
                        ))}
                        <div className="faint nowrap" title="What services use when they cannot reach Frugal">
                          fallback: {f.defaultState}
                        </div>
                      </td>
                      <td role="cell" className="right num" data-label="Cost">{f.costMicroUsdPerDay === null ? <span className="muted">no data</span> : `${formatUsd(f.costMicroUsdPerDay)} / day`}</td>
                      <td role="cell" className="right num" data-label="Cost / 1M requests">{f.costPerMillionMicroUsd === null ? <span className="muted">no traffic</span> : formatUsd(f.costPerMillionMicroUsd)}</td>
                      <td role="cell" data-label="Limits">
                        {limits.length === 0 ? (
                          <span className="faint">none</span>
                        ) : (
                          limits.map((l) => (
                            <div key={l.id} title={`${l.label}: ${l.value === null ? "no data" : limitFigure(l.kind, l.value, l.metricName)}`}>
                              <LevelBadge level={l.level} />
                            </div>
                          ))
                        )}
                      </td>
                      {(canToggle || canEdit) && (
                        <td role="cell" className="actions-cell">
                          <div className="row-actions">
                            {canToggle && <SwitchDialog feature={dialogFeature(f)} cells={view.cells} requireApproval={view.policy.requireApproval} label="Switch…" />}
                            {canEdit && (
                              <FeatureFormDialog
                                applicationId={applicationId}
                                services={view.services}
                                draft={{ id: f.id, name: f.name, key: f.key, description: f.description ?? "", tier: f.tier, defaultState: f.defaultState, services: f.services, revenueSharePercent: f.revenueSharePercent }}
                                label="Edit"
                              />
                            )}
                            {canEdit && <DeleteFeatureButton featureId={f.id} name={f.name} />}
                          </div>
                        </td>
                      )}
                    </tr>
                  );
                })}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LimitsTable({ view, applicationId, canEdit, canDecide }: { view: TiersView; applicationId: number; canEdit: boolean; canDecide: boolean }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table role="table" className="limits cards-on-phone">
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">Limit</th>
            <th role="columnheader" scope="col" className="right">
              Now
            </th>
            <th role="columnheader" scope="col" className="right">
              Warning at
            </th>
            <th role="columnheader" scope="col" className="right">
              Breached at
            </th>
            <th role="columnheader" scope="col">Status</th>
            {canEdit && <th role="columnheader" scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {view.limits.map((l) => (
            <tr role="row" key={l.id} data-testid="limit-row">
              <td role="cell">{l.label}</td>
              <td role="cell" className="right num" data-label="Now">{l.value === null ? <span className="muted">no data</span> : limitFigure(l.kind, l.value, l.metricName)}</td>
              <td role="cell" className="right num" data-label="Warning at">{limitFigure(l.kind, l.warningMicroUsd, l.metricName)}</td>
              <td role="cell" className="right num" data-label="Breached at">{limitFigure(l.kind, l.breachMicroUsd, l.metricName)}</td>
              <td role="cell" data-label="Status">
                <LevelBadge level={l.level} />
                <LimitMeter limit={l} />
                <QuietNote quiet={l.quiet} name={l.featureName ?? l.label} canDecide={canDecide} />
              </td>
              {canEdit && (
                <td role="cell" className="actions-cell">
                  <div className="row-actions">
                    <LimitFormDialog
                      applicationId={applicationId}
                      features={view.features.map((f) => ({ id: f.id, name: f.name }))}
                      metrics={view.metrics}
                      draft={{ id: l.id, featureId: l.featureId, kind: l.kind, metricId: l.metricId, warningUsd: String(l.warningMicroUsd / 1e6), breachUsd: String(l.breachMicroUsd / 1e6) }}
                      label="Edit"
                    />
                    <DeleteLimitButton limitId={l.id} label={l.label} />
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
