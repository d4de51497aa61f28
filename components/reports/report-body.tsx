import { Kpi } from "@/components/ui";
import { formatChange, formatDay, formatMonth, formatUsd } from "@/lib/domain/format";
import type { Report } from "@/lib/domain/report";
import { SCALE_LABEL_TEXT } from "@/lib/domain/trends";
import { chartSvg, periodText, reportEvents, reportNotes } from "@/lib/reports/render";

const usd = (micro: number | null) => (micro === null ? "—" : formatUsd(micro));
const pct = (ratio: number | null) => (ratio === null ? "—" : formatChange(ratio));
const count = (n: number) => new Intl.NumberFormat("en-US").format(n);

function ChangeCell({ ratio }: { ratio: number | null }) {
  return <td className={`num ${ratio === null ? "" : ratio > 0 ? "change-up" : ratio < 0 ? "change-down" : ""}`}>{pct(ratio)}</td>;
}

/** A report as the page shows it (and prints it on A4): the e-mail's content, in the dashboard's style. */
export function ReportBody({ report }: { report: Report }) {
  const { headline: h, data } = report;
  const p = data.projection;
  const events = reportEvents(report);
  return (
    <div className="stack">
      <p className="muted">
        {data.title} · {periodText(report)}
      </p>
      {reportNotes(report).map((note) => (
        <p key={note} className="notice">
          {note}
        </p>
      ))}
      <div className="grid kpis">
        <Kpi label="Cost" value={usd(h.costMicroUsd)} detail={`${pct(h.change)} vs ${usd(h.previousCostMicroUsd)}`} />
        <Kpi label="Per 1M requests" value={usd(h.costPerMillionMicroUsd)} detail={`${count(h.requestCount)} requests`} />
        <Kpi label={p ? `Projected ${formatMonth(p.month)}` : "Projection"} value={p ? usd(p.projectedMicroUsd) : "—"} detail={p ? `likely ${usd(p.lowMicroUsd)} – ${usd(p.highMicroUsd)}` : "not enough days yet"} />
        <Kpi label="Tag coverage" value={data.tagCoverage === null ? "—" : `${(data.tagCoverage * 100).toFixed(1)}\u00a0%`} detail="of cost carries a service tag" />
      </div>
      <section className="card report-chart" aria-label="Daily cost by application">
        <h2>Daily cost by application</h2>
        <div className="svg-chart" dangerouslySetInnerHTML={{ __html: chartSvg(report) }} />
      </section>
      <section className="card" aria-labelledby="apps-h">
        <h2 id="apps-h">Applications and services</h2>
        <div className="table-wrap">
          <table className="data-table report-table">
            <thead>
              <tr>
                <th>Application · service</th>
                <th className="num">Cost</th>
                <th className="num">Change</th>
                <th className="num">Requests</th>
                <th className="num">Per 1M req.</th>
                <th className="num">Change</th>
                <th className="num">Per unit</th>
              </tr>
            </thead>
            <tbody>
              {report.applications.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    No application had cost in this period.
                  </td>
                </tr>
              )}
              {report.applications.map((a) => [
                <tr key={a.slug} className="group-row">
                  <th scope="row">{a.name}</th>
                  <td className="num">{usd(a.costMicroUsd)}</td>
                  <ChangeCell ratio={a.change} />
                  <td className="num">{count(a.requestCount)}</td>
                  <td className="num">{usd(a.costPerMillionMicroUsd)}</td>
                  <ChangeCell ratio={a.costPerMillionChange} />
                  <td className="num">{a.unit && a.costPerUnitMicroUsd !== null ? `${usd(a.costPerUnitMicroUsd)} / ${a.unit.name}` : "—"}</td>
                </tr>,
                ...a.services.map((s) => (
                  <tr key={`${a.slug}/${s.name}`}>
                    <td className="indent">
                      {s.name}
                      {s.scale && s.scale !== "unclear" && <span className="small muted scale-note">{SCALE_LABEL_TEXT[s.scale]}</span>}
                    </td>
                    <td className="num">{usd(s.costMicroUsd)}</td>
                    <ChangeCell ratio={s.change} />
                    <td className="num">{count(s.requestCount)}</td>
                    <td className="num">{usd(s.costPerMillionMicroUsd)}</td>
                    <ChangeCell ratio={s.costPerMillionChange} />
                    <td />
                  </tr>
                )),
              ])}
            </tbody>
          </table>
        </div>
      </section>
      <div className="grid grid-2">
        <section className="card" aria-labelledby="movers-h">
          <h2 id="movers-h">What moved</h2>
          {report.movers.length === 0 ? (
            <p className="muted">No service&apos;s cost changed.</p>
          ) : (
            <ul className="plain-list">
              {report.movers.map((m) => (
                <li key={`${m.application}/${m.service}`}>
                  {m.application} · {m.service}: <strong className={m.deltaMicroUsd > 0 ? "change-up" : "change-down"}>{m.deltaMicroUsd > 0 ? "+" : "−"}{usd(Math.abs(m.deltaMicroUsd))}</strong> ({pct(m.change)}) to {usd(m.costMicroUsd)}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="waste-h">
          <h2 id="waste-h">Failures and Frugal itself</h2>
          <p>
            5XX answers cost <strong>{usd(report.failedCostMicroUsd)}</strong> at each application&apos;s cost per request.
          </p>
          <p>
            Frugal&apos;s own AWS calls cost <strong>{usd(data.ownCostMicroUsd)}</strong> in the period.
          </p>
        </section>
      </div>
      {events.map((e) => (
        <section key={e.title} className="card" aria-label={e.title}>
          <h2>{e.title}</h2>
          <ul className="plain-list">
            {e.rows.map((r, i) => (
              <li key={i}>
                <span className="muted">{formatDay(r.at.slice(0, 10))}</span> · {r.application} · {r.text}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p className="small muted">Made {data.generatedAt.slice(0, 16).replace("T", " ")} UTC. Figures are the dashboard&apos;s for the same days; a change compares with the same number of days just before.</p>
    </div>
  );
}
