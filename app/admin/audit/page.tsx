import { apiHref } from "@/components/api-href";
import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { describeChange } from "@/components/audit-change";
import { formatCount, formatDateTime } from "@/components/format";
import { PageHeader } from "@/components/ui";
import { isDay } from "@/lib/domain/day";
import { loadAccount, loadApplications, loadAudit } from "@/lib/data/page-loaders";

export const metadata: Metadata = { title: "Audit log" };

type Params = Promise<Record<string, string | undefined>>;


export default async function AuditPage({ searchParams }: { searchParams: Params }) {
  const params = await searchParams;
  const account = await loadAccount();
  const applications = account ? await loadApplications(account.id) : [];
  // Applications by slug, as in the API; an unknown one matches nothing.
  const app = params.app || undefined;
  const filters = {
    action: params.action || undefined,
    actor: params.actor?.trim() || undefined,
    applicationId: app ? (applications.find((a) => a.slug === app)?.id ?? -1) : undefined,
    from: params.from && isDay(params.from) ? params.from : undefined,
    to: params.to && isDay(params.to) ? params.to : undefined,
  };
  const before = params.before ? Number(params.before) || undefined : undefined;
  const { rows, nextBefore, actions, total } = await loadAudit(filters, before);
  const keep = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]) && e[0] !== "before"));
  return (
    <>
      <PageHeader title="Audit log" subtitle="Who did what, to which object, when (UTC), from what to what, and why. Entries cannot be changed or deleted." />
      <div className="stack">
        <Form action="/admin/audit" className="card inline-form" aria-label="Filter the audit log">
          <div className="field">
            <label htmlFor="f-action">Action</label>
            <select id="f-action" name="action" defaultValue={filters.action ?? ""}>
              <option value="">any</option>
              {actions.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-actor">Actor contains</label>
            <input id="f-actor" name="actor" defaultValue={filters.actor ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="f-app">Application</label>
            <select id="f-app" name="app" defaultValue={app ?? ""}>
              <option value="">any</option>
              {applications.map((a) => (
                <option key={a.id} value={a.slug}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-from">From</label>
            <input id="f-from" name="from" type="date" defaultValue={filters.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="f-to">To</label>
            <input id="f-to" name="to" type="date" defaultValue={filters.to ?? ""} />
          </div>
          <button type="submit" className="primary">
            Filter
          </button>
          <Link href="/admin/audit">Clear</Link>
        </Form>
        <div className="card">
          <div className="card-header">
            <h2>Entries</h2>
            <div className="card-actions">
              <span className="muted">
                {formatCount(total)} {total === 1 ? "entry matches" : "entries match"}
              </span>
              {total > 0 && (
                <a className="export" href={apiHref(["audit"], { action: filters.action, actor: filters.actor, app, from: filters.from, to: filters.to, format: "csv", all: "true" })} download>
                  Export CSV
                </a>
              )}
            </div>
          </div>
          {rows.length === 0 ? (
            <p className="muted">No entries match.</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table role="table" className="cards-on-phone audit-log">
                <thead role="rowgroup">
                  <tr role="row">
                    <th role="columnheader" scope="col">When</th>
                    <th role="columnheader" scope="col">Actor</th>
                    <th role="columnheader" scope="col">Action</th>
                    <th role="columnheader" scope="col">Object</th>
                    <th role="columnheader" scope="col">Change</th>
                    <th role="columnheader" scope="col">Reason</th>
                    <th role="columnheader" scope="col">IP</th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  {rows.map((r) => (
                    <tr role="row" key={r.id}>
                      <td role="cell" className="num audit-when" style={{ whiteSpace: "nowrap" }}>
                        {formatDateTime(r.at)}
                      </td>
                      <td role="cell" data-label="Actor">
                        {r.actorLabel}
                        <div className="faint">{r.actorType}</div>
                      </td>
                      <td role="cell" className="mono audit-action" data-label="Action">{r.action}</td>
                      <td role="cell" data-label="Object">
                        {/* An entry with no object of its own (metrics ingested) names its application alone. */}
                        {r.objectLabel === null && r.application ? (
                          r.application
                        ) : (
                          <>
                            {r.objectLabel ?? "–"}
                            {r.application && <div className="faint">{r.application}</div>}
                          </>
                        )}
                      </td>
                      <td role="cell" className="audit-change" data-label="Change">
                        {describeChange(r.before, r.after).map((line) => (
                          <div key={line}>{line}</div>
                        ))}
                      </td>
                      <td role="cell" data-label="Reason">{r.reason ?? ""}</td>
                      <td role="cell" className="mono faint" data-label="IP">{r.ip ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {nextBefore && (
            <p>
              <Link href={`/admin/audit?${new URLSearchParams([...keep, ["before", String(nextBefore)]])}`}>Older entries →</Link>
            </p>
          )}
        </div>
      </div>
    </>
  );
}
