"use client";

import { startTransition, useActionState, useMemo, useState, type FormEvent } from "react";
import { createScheduleAction, sendTestAction } from "@/app/reports/actions";
import { FieldError, FormStatus } from "@/components/forms/form-status";
import { checkSchedule, describeSchedule, formatInZone, PERIOD_LABEL, REPORT_PERIODS, ScheduleError, type ReportPeriod } from "@/lib/domain/report-schedule";

interface Preset {
  label: string;
  name: string;
  cron: string;
  period: ReportPeriod;
  toMe: boolean;
}

const PRESETS: Preset[] = [
  { label: "Daily digest to me", name: "Daily digest", cron: "0 8 * * *", period: "yesterday", toMe: true },
  { label: "Weekly for the team", name: "Weekly cost report", cron: "0 8 * * 1", period: "last-week", toMe: false },
  { label: "Monthly for finance", name: "Monthly cost report", cron: "0 8 1 * *", period: "last-month", toMe: false },
];

/** A new schedule: presets, the next five run times in words as the expression is typed, and a test sent to oneself before saving. */
export function ScheduleForm({ applications, email, mailOn }: { applications: { slug: string; name: string }[]; email: string; mailOn: boolean }) {
  const [state, dispatch, pending] = useActionState(createScheduleAction, null);
  const [testState, dispatchTest, testing] = useActionState(sendTestAction, null);
  const [name, setName] = useState("");
  const [cron, setCron] = useState("0 8 * * 1");
  const [zone, setZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  const [period, setPeriod] = useState<ReportPeriod>("last-week");
  const [emails, setEmails] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [webhook, setWebhook] = useState({ url: "", format: "slack", secret: "" });

  const preview = useMemo(() => {
    try {
      return { runs: checkSchedule(cron, zone, new Date()), text: describeSchedule(cron, zone), error: null };
    } catch (error) {
      return { runs: [], text: null, error: error instanceof ScheduleError ? error.message : String(error) };
    }
  }, [cron, zone]);

  const apply = (p: Preset) => {
    setName(p.name);
    setCron(p.cron);
    setPeriod(p.period);
    if (p.toMe) setEmails(email);
  };

  // Submitted by hand, not through `action`: React resets a form after an action, and a test sent must leave the form as it was.
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const test = (e.nativeEvent as SubmitEvent).submitter?.getAttribute("data-test") === "true";
    startTransition(() => (test ? dispatchTest : dispatch)(data));
  };

  return (
    <form onSubmit={submit} aria-label="New report schedule" className="stack report-form">
      <div className="preset-row" role="group" aria-label="Presets">
        <span className="muted">Start from</span>
        {PRESETS.map((p) => (
          <button key={p.label} type="button" onClick={() => apply(p)}>
            {p.label}
          </button>
        ))}
      </div>
      <div className="form-grid aligned">
        <div className="field">
          <label htmlFor="report-name">Name</label>
          <input id="report-name" name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required aria-describedby="name-error" />
          <FieldError state={state} name="name" />
        </div>
        <div className="field">
          <label htmlFor="report-period">Reports</label>
          <select id="report-period" name="period" value={period} onChange={(e) => setPeriod(e.target.value as ReportPeriod)}>
            {REPORT_PERIODS.map((p) => (
              <option key={p} value={p}>
                {PERIOD_LABEL[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-cron">When (cron: minute hour day month weekday)</label>
          <input id="report-cron" name="cron" value={cron} onChange={(e) => setCron(e.target.value)} className="mono" spellCheck={false} autoComplete="off" aria-describedby="cron-preview cron-error" aria-invalid={preview.error ? true : undefined} />
          <FieldError state={state} name="cron" />
        </div>
        <div className="field">
          <label htmlFor="report-zone">Time zone</label>
          <input id="report-zone" name="timezone" value={zone} onChange={(e) => setZone(e.target.value)} list="report-zones" autoComplete="off" aria-describedby="timezone-error" />
          <datalist id="report-zones">
            {["UTC", "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney"].map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <FieldError state={state} name="timezone" />
        </div>
      </div>
      <div id="cron-preview" className={preview.error ? "form-error" : "cron-preview"} aria-live="polite">
        {preview.error ?? (
          <>
            <strong>{preview.text}</strong>. Next: {preview.runs.map((d) => formatInZone(d, zone)).join(" · ")}
          </>
        )}
      </div>
      <fieldset className="field">
        <legend>Applications (none ticked: every application, present and future)</legend>
        <div className="check-grid">
          {applications.map((a) => (
            <label key={a.slug} className="check">
              <input type="checkbox" name="applications[]" value={a.slug} checked={picked.includes(a.slug)} onChange={(e) => setPicked(e.target.checked ? [...picked, a.slug] : picked.filter((p) => p !== a.slug))} /> {a.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="report-emails">E-mail to (comma or one per line)</label>
          <textarea id="report-emails" name="emails" rows={2} value={emails} onChange={(e) => setEmails(e.target.value)} placeholder="finance@example.com" aria-describedby="emails-error" />
          <FieldError state={state} name="emails" />
          {!mailOn && <span className="muted small">E-mail is off on this server (no SMTP_URL): reports are made and kept here, not mailed.</span>}
        </div>
        <div className="field">
          <label htmlFor="report-webhook">Webhook (Slack or any JSON endpoint; kept secret)</label>
          <input id="report-webhook" name="webhookUrl" type="url" value={webhook.url} onChange={(e) => setWebhook({ ...webhook, url: e.target.value })} placeholder="https://hooks.slack.com/services/…" autoComplete="off" aria-describedby="webhooks.0.url-error" />
          <FieldError state={state} name="webhooks.0.url" />
          <div className="inline-fields">
            <select name="webhookFormat" aria-label="Webhook format" value={webhook.format} onChange={(e) => setWebhook({ ...webhook, format: e.target.value })}>
              <option value="slack">Slack blocks</option>
              <option value="generic">Generic JSON</option>
            </select>
            <input name="webhookSecret" type="password" value={webhook.secret} onChange={(e) => setWebhook({ ...webhook, secret: e.target.value })} placeholder="signing secret (optional)" aria-label="Webhook signing secret" autoComplete="new-password" />
          </div>
        </div>
      </div>
      <div className="button-row">
        <button type="submit" className="primary" disabled={pending || Boolean(preview.error)}>
          {pending ? "Saving…" : "Save schedule"}
        </button>
        <button type="submit" data-test="true" disabled={testing || Boolean(preview.error)} title={`Makes the report now and mails it to ${email} only`}>
          {testing ? "Making the test…" : `Send a test to me`}
        </button>
      </div>
      <FormStatus state={testState} />
      <FormStatus state={state} />
    </form>
  );
}
