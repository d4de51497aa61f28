// The read side of the overload page: where things stand, the 5XX heatmap, the
// signals that need a person, queues, incidents and what failures cost.
import Link from "next/link";
import type { HeatCell, IncidentView, OverloadView, QueueRow } from "@/lib/data/overload-view";
import type { WastedSpend } from "@/lib/data/overload";
import { duration, SIGNAL_NAMES, STATE_SEVERITY, type Signal } from "@/lib/domain/signals";
import { PhoneCut } from "../phone-cut";
import { formatCount, formatCountCompact, formatDateTime, formatPercent, formatTime, formatUsd } from "../format";

export type OverloadStateName = OverloadView["state"];

const STATE_CLASS: Record<OverloadStateName, string> = { ok: "badge-good", warning: "badge-warn", overloaded: "badge-bad", recovering: "badge-recovering" };
const STATE_TEXT: Record<OverloadStateName, string> = { ok: "normal", warning: "warning", overloaded: "overloaded", recovering: "recovering" };

export function StateBadge({ state }: { state: OverloadStateName }) {
  return <span className={`badge ${STATE_CLASS[state]}`}>{STATE_TEXT[state]}</span>;
}

export const cellName = (cell: string) => cell || "no cell";
const where = (service: string, cell: string) => (cell ? `${service} in ${cell}` : service);

/** Signals that are not normal, worst first. */
export function SignalList({ signals, windowMinutes }: { signals: Signal[]; windowMinutes: number }) {
  const open = signals.filter((s) => s.state !== "ok").sort((a, b) => STATE_SEVERITY[b.state] - STATE_SEVERITY[a.state] || a.service.localeCompare(b.service) || a.cell.localeCompare(b.cell));
  if (signals.length === 0) return <p className="muted">Nothing to judge: no metrics in the last {windowMinutes} min.</p>;
  if (open.length === 0) return <p className="muted">{signals.length === 1 ? "The one signal judged is normal." : `All ${signals.length} signals normal.`}</p>;
  return (
    <ul className="plain-list signal-list">
      {open.map((s) => (
        <li key={`${s.kind}-${s.service}-${s.cell}`} data-testid="signal" className={`signal signal-${s.state}`}>
          <StateBadge state={s.state} />
          <span>
            <strong>{SIGNAL_NAMES[s.kind]}</strong> · {where(s.service, s.cell)}
          </span>
          <span className="signal-reason">{s.reason}</span>
        </li>
      ))}
    </ul>
  );
}

function heatStyle(cell: HeatCell, errorsState: Signal["state"] | undefined) {
  if (cell.rate5xx === null) return "heat-none";
  if (errorsState === "overloaded") return "heat-bad";
  if (errorsState === "warning") return "heat-warn";
  return cell.rate5xx > 0.001 ? "heat-low" : "heat-ok";
}

/** Cell × service: each square the 5XX rate of the window, coloured by the errors signal, 4XX beside it. */
export function ErrorHeatmap({ view, selected, hrefFor }: { view: OverloadView; selected: { service: string; cell: string } | null; hrefFor: (service: string, cell: string) => string }) {
  const errors = new Map(view.signals.filter((s) => s.kind === "errors").map((s) => [`${s.service}\u0000${s.cell}`, s]));
  // Series without requests (a table or cache with no cell of its own) have no 5XX rate to show.
  const shown = view.heatmap.filter((h) => h.requests > 0);
  const services = [...new Set(shown.map((h) => h.service))].sort();
  if (services.length === 0) return <p className="muted">No requests in the last {view.thresholds.windowMinutes} min: no 5XX rate to show.</p>;
  const cells = [...new Set(shown.map((h) => h.cell))].sort();
  const fleet = (service: string) => {
    const rows = shown.filter((h) => h.service === service);
    const requests = rows.reduce((a, h) => a + h.requests, 0);
    const failed = rows.reduce((a, h) => a + (h.rate5xx ?? 0) * h.requests, 0);
    return requests > 0 ? failed / requests : null;
  };
  // On a phone each service's name heads its own line and its squares share the width below it
  // (app/globals.css), so the rows are grids: the roles are spelled out, as some browsers drop a
  // table's semantics from rows whose display is changed.
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="heatmap" role="table" style={{ ["--heat-cols" as string]: cells.length + 1 }}>
        <caption className="visually-hidden">5XX rate per service and cell over the last {view.thresholds.windowMinutes} minutes, with 4XX apart</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader" className="heat-service-head">
              Service
            </th>
            {cells.map((c) => (
              <th key={c} scope="col" role="columnheader" className="center">
                {cellName(c)}
              </th>
            ))}
            <th scope="col" role="columnheader" className="center">
              Fleet 5XX
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {services.map((service) => {
            const f = fleet(service);
            return (
              <tr key={service} role="row">
                <th scope="row" role="rowheader">
                  {service}
                </th>
                {cells.map((cell) => {
                  const h = shown.find((x) => x.service === service && x.cell === cell);
                  if (!h) return <td key={cell} role="cell" className="heat heat-none" aria-label="no traffic" />;
                  const signal = errors.get(`${service}\u0000${cell}`);
                  const isSelected = selected?.service === service && selected.cell === cell;
                  const label = `${service} in ${cellName(cell)}: 5XX ${h.rate5xx === null ? "no traffic" : formatPercent(h.rate5xx, 2)}, 4XX ${h.rate4xx === null ? "—" : formatPercent(h.rate4xx, 2)}, ${formatCount(h.requests)} requests`;
                  return (
                    <td key={cell} role="cell" className={`heat ${heatStyle(h, signal?.state)}${isSelected ? " heat-selected" : ""}`} data-testid={`heat-${service}-${cell || "none"}`}>
                      {/* Named by what it shows, with the service, cell and traffic around it for a screen reader. */}
                      <Link href={hrefFor(service, cell)} scroll={false} title={`${label}${signal && signal.state !== "ok" ? ` — ${signal.reason}` : ""}`} aria-current={isSelected ? "true" : undefined}>
                        <span className="visually-hidden">
                          {service} in {cellName(cell)}: 5XX{" "}
                        </span>
                        <span className="heat-5xx num">{h.rate5xx === null ? "—" : formatPercent(h.rate5xx, h.rate5xx < 0.1 ? 2 : 1)}</span>
                        <span className="visually-hidden">, </span>
                        <span className="heat-4xx num">4XX {h.rate4xx === null ? "—" : formatPercent(h.rate4xx, 1)}</span>
                        <span className="visually-hidden">, {formatCount(h.requests)} requests</span>
                      </Link>
                    </td>
                  );
                })}
                <td role="cell" className="center num muted heat-fleet" data-testid={`heat-${service}-fleet`}>
                  {f === null ? "—" : formatPercent(f, 2)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="legend-note heat-legend">
        <span className="heat-key heat-ok" /> normal <span className="heat-key heat-low" /> some 5XX <span className="heat-key heat-warn" /> warning <span className="heat-key heat-bad" /> overloaded · squares show 5XX of the last {view.thresholds.windowMinutes} min; 4XX (the
        callers&apos; mistakes) is shown apart and never raises a signal. Pick a square for its latency and throughput.
      </p>
    </div>
  );
}

/** A small line of the oldest message's age, drawn on the server. */
export function Sparkline({ points, label, width = 140, height = 30, color = "#0072B2" }: { points: { t: number; v: number }[]; label: string; width?: number; height?: number; color?: string }) {
  if (points.length < 2) return <span className="faint">—</span>;
  const t0 = points[0]!.t;
  const t1 = points.at(-1)!.t;
  const max = Math.max(...points.map((p) => p.v), 1);
  const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${(((p.t - t0) / Math.max(1, t1 - t0)) * (width - 2) + 1).toFixed(1)},${(height - 2 - (p.v / max) * (height - 4)).toFixed(1)}`).join(" ");
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="sparkline">
      <title>{label}</title>
      <path d={d} fill="none" stroke={color} strokeWidth={1.5} />
    </svg>
  );
}

export function QueueTable({ queues, since }: { queues: QueueRow[]; since: number }) {
  if (queues.length === 0) return <p className="muted">No queue publishes its metrics for this application.</p>;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">Queue of</th>
            <th scope="col">Cell</th>
            <th scope="col">State</th>
            <th scope="col" className="right">
              Oldest message
            </th>
            <th scope="col">Age, last 12 h</th>
            <th scope="col" className="right">
              Depth
            </th>
            <th scope="col" className="right">
              Arriving
            </th>
            <th scope="col" className="right">
              Drained
            </th>
            <th scope="col" className="right">
              Catch-up
            </th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => {
            const ages = q.ages.filter((a) => a.ts.getTime() >= since).map((a) => ({ t: a.ts.getTime(), v: a.ageSeconds }));
            const peak = Math.max(0, ...ages.map((a) => a.v));
            return (
              <tr key={`${q.service}-${q.cell}`} data-testid={`queue-${q.service}-${q.cell || "none"}`} title={q.reason}>
                <th scope="row">{q.service}</th>
                <td>{cellName(q.cell)}</td>
                <td>
                  <StateBadge state={q.state} />
                </td>
                <td className="right num">{duration(q.ageSeconds)}</td>
                <td>
                  <Sparkline points={ages} label={`Age of the oldest message in ${q.service} ${cellName(q.cell)} over the last 12 hours: now ${duration(q.ageSeconds)}, peak ${duration(peak)}`} color={q.state === "ok" ? "#009E73" : q.state === "warning" ? "#B8860B" : "#C62828"} />
                </td>
                <td className="right num">{formatCount(q.depth)} msgs</td>
                <td className="right num">{formatCount(q.arrivalPerMin)} /min</td>
                <td className="right num">{formatCount(q.drainPerMin)} /min</td>
                <td className="right num">{q.fallingBehind ? <span className="change-up">falling behind</span> : q.catchUpSeconds !== null ? duration(q.catchUpSeconds) : <span className="muted">keeping up</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Incidents of the last 2 days on one time axis, then listed. */
export function IncidentTimeline({ incidents, now }: { incidents: IncidentView[]; now: Date }) {
  if (incidents.length === 0) return <p className="muted">No incident in the last 2 days.</p>;
  const end = now.getTime();
  const start = end - 48 * 3600_000;
  const pos = (t: number) => `${(Math.max(0, (t - start) / (end - start)) * 100).toFixed(2)}%`;
  const ticks = [48, 36, 24, 12, 0].map((h) => ({ h, at: `${(((48 - h) / 48) * 100).toFixed(2)}%` }));
  return (
    <div className="stack">
      <div className="timeline" style={{ ["--rows" as string]: Math.min(incidents.length, 12) }} role="img" aria-label={`${incidents.length} incidents over the last 2 days`}>
        {incidents.slice(0, 12).map((i, row) => {
          const from = i.startedAt.getTime();
          const recovering = i.recoveringSince?.getTime() ?? null;
          const to = i.resolvedAt?.getTime() ?? end;
          const hot = recovering ?? to;
          return (
            <div key={i.id} className="timeline-row" style={{ top: row * 14 }}>
              <span className="timeline-bar timeline-overloaded" style={{ left: pos(from), width: `calc(${pos(hot)} - ${pos(from)} + 3px)` }} title={`${SIGNAL_NAMES[i.signal]} · ${where(i.service, i.cell)}: overloaded from ${formatDateTime(i.startedAt)}`} />
              {recovering !== null && <span className="timeline-bar timeline-recovering" style={{ left: pos(recovering), width: `calc(${pos(to)} - ${pos(recovering)} + 3px)` }} title="recovering" />}
            </div>
          );
        })}
        <div className="timeline-axis" style={{ top: Math.min(incidents.length, 12) * 14 + 4 }}>
          {ticks.map((t) => (
            <span key={t.h} style={{ left: t.at }}>
              {t.h === 0 ? "now" : `−${t.h} h`}
            </span>
          ))}
        </div>
      </div>
      <ul className="plain-list incident-list">
        {incidents.map((i) => (
          <li key={i.id} data-testid="incident">
            <StateBadge state={i.state === "resolved" ? "ok" : i.state} /> <strong>{SIGNAL_NAMES[i.signal]}</strong> · {where(i.service, i.cell)} · since {formatTime(i.startedAt)} UTC
            {i.recoveringSince && <> · recovering since {formatTime(i.recoveringSince)}</>}
            {i.resolvedAt && <> · resolved {formatTime(i.resolvedAt)} ({duration((i.resolvedAt.getTime() - i.startedAt.getTime()) / 1000)})</>}
            <div className="muted">{i.state === "resolved" ? `At its worst: ${i.peakReason}` : i.reason}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** How many of the costliest service-cells a phone shows before the reader asks for the rest. */
const PHONE_ROWS = 3;

/** Money spent on requests that failed and on retries, per service and cell, today and yesterday. */
export function WastedSpendTable({ wasted, today }: { wasted: WastedSpend[]; today: string }) {
  const rows = wasted.filter((w) => w.failedRequests > 0 || w.retries > 0);
  if (rows.length === 0) return <p className="muted">No 5XX and no retries in the last 2 days: nothing wasted.</p>;
  const key = (w: WastedSpend) => `${w.service}\u0000${w.cell}`;
  const groups = [...new Set(rows.map(key))].map((k) => {
    const [service, cell] = k.split("\u0000") as [string, string];
    const of = (day: string) => rows.find((w) => key(w) === k && w.day === day);
    return { service, cell, today: of(today), yesterday: rows.find((w) => key(w) === k && w.day !== today) };
  });
  const total = (w?: WastedSpend) => (w ? (w.failuresMicroUsd ?? 0) + (w.retriesMicroUsd ?? 0) : 0);
  groups.sort((a, b) => total(b.today) - total(a.today) || total(b.yesterday) - total(a.yesterday));
  const shown = groups.slice(0, 10);
  const sum = (pick: (w: WastedSpend) => number | null) => rows.filter((w) => w.day === today).reduce((a, w) => a + (pick(w) ?? 0), 0);
  const money = (v: number | null | undefined) => (v == null ? <span className="muted">no cost data</span> : formatUsd(v));
  const table = (
    <div className="table-wrap" tabIndex={0}>
      <table role="table" className="cards-on-phone">
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">Service · cell</th>
            <th role="columnheader" scope="col" className="right">
              Failed today
            </th>
            <th role="columnheader" scope="col" className="right">
              Spent on failures
            </th>
            <th role="columnheader" scope="col" className="right">
              Retries today
            </th>
            <th role="columnheader" scope="col" className="right">
              Spent on retries
            </th>
            <th role="columnheader" scope="col" className="right">
              Yesterday, both
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {shown.map((g, index) => (
            <tr
              role="row"
              key={`${g.service}-${g.cell}`}
              data-testid={`wasted-${g.service}-${g.cell || "none"}`}
              className={index >= PHONE_ROWS ? "past-phone-limit" : undefined}
            >
              <th role="rowheader" scope="row" className="row-head">
                {/* A non-breaking space: "recommendations" over "· cell-b" read as two rows; a long name still wraps at its hyphens. */}
                {g.service}&nbsp;<span className="muted nowrap">· {cellName(g.cell)}</span>
              </th>
              <td role="cell" className="right num" data-label="Failed today">{formatCountCompact(g.today?.failedRequests ?? 0)}</td>
              <td role="cell" className="right num" data-label="Spent on failures">{money(g.today?.failuresMicroUsd ?? (g.today ? null : 0))}</td>
              <td role="cell" className="right num" data-label="Retries today">{formatCountCompact(g.today?.retries ?? 0)}</td>
              <td role="cell" className="right num" data-label="Spent on retries">{money(g.today?.retriesMicroUsd ?? (g.today ? null : 0))}</td>
              <td role="cell" className="right num muted" data-label="Yesterday, both">{g.yesterday ? formatUsd(total(g.yesterday)) : "—"}</td>
            </tr>
          ))}
        </tbody>
        <tfoot role="rowgroup">
          <tr role="row">
            <th role="rowheader" scope="row" className="row-head">{groups.length > shown.length ? `All ${groups.length} (${groups.length - shown.length} smaller not listed)` : "All"}</th>
            <td role="cell" className="right num" data-label="Failed today">{formatCountCompact(sum((w) => w.failedRequests))}</td>
            <td role="cell" className="right num" data-label="Spent on failures">{formatUsd(sum((w) => w.failuresMicroUsd))}</td>
            <td role="cell" className="right num" data-label="Retries today">{formatCountCompact(sum((w) => w.retries))}</td>
            <td role="cell" className="right num" data-label="Spent on retries">{formatUsd(sum((w) => w.retriesMicroUsd))}</td>
            <td role="cell" className="right num muted" data-label="Yesterday, both">{formatUsd(rows.filter((w) => w.day !== today).reduce((a, w) => a + total(w), 0))}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
  // Each row is a card of five lines on a phone: the costliest few, the totals, and the rest on asking.
  return (
    <PhoneCut rows={shown.length} limit={PHONE_ROWS}>
      {table}
    </PhoneCut>
  );
}
