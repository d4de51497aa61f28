import type { Metadata } from "next";
import Link from "next/link";
import { DeleteScheduleButton, RetryButton, SendNowButton } from "@/components/reports/report-buttons";
import { ScheduleForm } from "@/components/reports/schedule-form";
import { EmptyState, PageHeader } from "@/components/ui";
import { can, requireUser } from "@/lib/auth/guard";
import { loadAccount, loadApplications, loadReportRuns, loadReportSchedules } from "@/lib/data/page-loaders";
import { formatInZone, PERIOD_LABEL } from "@/lib/domain/report-schedule";
import { mailConfigured } from "@/lib/env";

export const metadata: Metadata = { title: "Reports" };

const STATUS_BADGE: Record<string, string> = { delivered: "badge-good", failed: "badge-bad", skipped: "badge-neutral", pending: "badge-warn", sending: "badge-warn" };
const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";

export default async function ReportsPage() {
  const [account, user] = await Promise.all([loadAccount(), requireUser()]);
  if (!account) return <EmptyState title="No account yet" />;
  const [schedules, runs, apps] = await Promise.all([loadReportSchedules(), loadReportRuns(), loadApplications(account.id)]);
  const manage = can(user, "report:manage");
  const mailOn = mailConfigured();
  return (
    <>
      <PageHeader title="Cost reports" subtitle="Scheduled reports by e-mail and webhook: made once per period, sent once per recipient, kept here" />
      <div className="stack">
        {!mailOn && (
          <p className="notice" role="note">
            <strong>E-mail is off:</strong> this server has no <code>SMTP_URL</code>, so reports are made, kept and shown here, and webhooks get them, but no e-mail goes out (those
            deliveries show as <em>skipped</em> and can be retried once SMTP is set).
          </p>
        )}
        <section className="card" aria-labelledby="schedules-h">
          <div className="card-header">
            <h2 id="schedules-h">Schedules</h2>
            <span className="muted">{schedules.length === 0 ? "none yet" : `${schedules.length}`}</span>
          </div>
          {schedules.length === 0 ? (
            <p className="muted">No report is scheduled yet.{manage ? " Start from a preset below." : " An engineer, an owner or an admin can schedule one."}</p>
          ) : (
            <ul className="schedule-list">
              {schedules.map((s) => (
                <li key={s.id} className="schedule-item">
                  <div className="schedule-main">
                    <strong>{s.name}</strong>
                    <span>
                      {s.description} · {PERIOD_LABEL[s.period].replace(/^./, (c) => c.toLowerCase())} · {s.applications ? s.applications.map((a) => a.name).join(", ") || "no application" : "every application"}
                      {s.missingApplications > 0 && ` (+${s.missingApplications} deleted)`}
                    </span>
                    <span className="muted">
                      To {s.recipients.length ? s.recipients.map((r) => r.label + (r.signed ? " (signed)" : "")).join(", ") : "nobody (kept here only)"} · next {s.nextRuns[0] ? formatInZone(s.nextRuns[0], s.timezone) : "never"} · by {s.createdBy}
                    </span>
                  </div>
                  {manage && (
                    <div className="button-row">
                      <SendNowButton scheduleId={s.id} name={s.name} />
                      {(user.role === "admin" || s.createdById === user.userId) && <DeleteScheduleButton scheduleId={s.id} name={s.name} />}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="runs-h">
          <div className="card-header">
            <h2 id="runs-h">Reports made</h2>
            <span className="muted">the last {runs.length}</span>
          </div>
          {runs.length === 0 ? (
            <p className="muted">No report yet: a schedule makes its first when it next fires, or at once with “Send now”.</p>
          ) : (
            <div className="table-wrap">
              <table role="table" className="data-table cards-on-phone" aria-label="Reports made">
                <thead role="rowgroup">
                  <tr role="row">
                    <th role="columnheader">Report</th>
                    <th role="columnheader">Schedule</th>
                    <th role="columnheader">Made</th>
                    <th role="columnheader">Recipients</th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  {runs.map((r) => (
                    <tr role="row" key={r.id}>
                      <td role="cell">
                        {r.status === "ready" ? <Link href={`/reports/runs/${r.id}`}>{r.label}</Link> : r.label}
                        {r.status !== "ready" && <span className={`badge ${r.status === "failed" ? "badge-bad" : "badge-warn"}`}>{r.status === "failed" ? "failed" : "being made"}</span>}
                        {r.error && <div className="small muted">{r.error}</div>}
                      </td>
                      <td role="cell" data-label="Schedule">{r.scheduleName}</td>
                      <td role="cell" className="nowrap" data-label="Made">{r.generatedAt ? when(r.generatedAt) : "—"}</td>
                      <td role="cell" data-label="Recipients">
                        {r.deliveries.length === 0 ? (
                          <span className="muted">none</span>
                        ) : (
                          <ul className="delivery-list">
                            {r.deliveries.map((d) => (
                              <li key={d.id}>
                                <span>{d.label}</span> <span className={`badge ${STATUS_BADGE[d.status] ?? "badge-neutral"}`}>{d.status === "pending" && d.attempts > 0 ? `retrying (${d.attempts})` : d.status}</span>
                                {d.lastError && d.status !== "delivered" && <span className="small muted"> {d.lastError}</span>}
                                {manage && (d.status === "failed" || d.status === "skipped") && <RetryButton deliveryId={d.id} label={d.label} />}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {manage && (
          <section className="card" aria-labelledby="new-h">
            <div className="card-header">
              <h2 id="new-h">New schedule</h2>
            </div>
            <ScheduleForm applications={apps.map((a) => ({ slug: a.slug, name: a.name }))} email={user.email} mailOn={mailOn} />
          </section>
        )}
      </div>
    </>
  );
}
