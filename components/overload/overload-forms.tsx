"use client";

// The overload page's settings: thresholds (engineers) and webhooks told of incidents.
import { useActionState, useId } from "react";
import { addWebhookAction, removeWebhookAction, saveThresholdsAction } from "@/app/applications/[slug]/overload/actions";
import type { Thresholds } from "@/lib/domain/signals";
import { FieldError, FormStatus } from "../forms/form-status";
import { ThresholdsFormShell } from "../forms/thresholds-form-shell";

type Unit = "s" | "%" | "×" | "min" | "requests" | "5XX";
const GROUPS: { title: string; fields: { key: keyof Thresholds; label: string; unit: Unit }[] }[] = [
  { title: "Window", fields: [{ key: "windowMinutes", label: "Judge the last", unit: "min" }] },
  {
    title: "Queues: age of the oldest message",
    fields: [
      { key: "queueAgeWarningSeconds", label: "Warning at", unit: "s" },
      { key: "queueAgeOverloadedSeconds", label: "Overloaded at", unit: "s" },
    ],
  },
  {
    title: "5XX per cell",
    fields: [
      { key: "errorRateWarning", label: "Warning at", unit: "%" },
      { key: "errorRateOverloaded", label: "Overloaded at", unit: "%" },
      { key: "cellErrorRatio", label: "Or this many times the other cells", unit: "×" },
      { key: "minRequests", label: "Judge a cell from", unit: "requests" },
      { key: "minErrors", label: "…and at least", unit: "5XX" },
    ],
  },
  {
    title: "Hidden queue: p99 against its 2-day median",
    fields: [
      { key: "latencyGrowthWarning", label: "Warning at", unit: "×" },
      { key: "latencyGrowthOverloaded", label: "Overloaded at", unit: "×" },
      { key: "flatThroughput", label: "Throughput counts as flat within", unit: "%" },
    ],
  },
  {
    title: "Congestion collapse: goodput drop while load rises",
    fields: [
      { key: "goodputDropWarning", label: "Warning at", unit: "%" },
      { key: "goodputDropOverloaded", label: "Overloaded at", unit: "%" },
    ],
  },
  {
    title: "Retries and throttles, against requests",
    fields: [
      { key: "retryRateWarning", label: "Retries: warning at", unit: "%" },
      { key: "retryRateOverloaded", label: "Retries: overloaded at", unit: "%" },
      { key: "throttleRateWarning", label: "Throttles: warning at", unit: "%" },
      { key: "throttleRateOverloaded", label: "Throttles: overloaded at", unit: "%" },
    ],
  },
];
const UNIT_TEXT: Record<Unit, string> = { s: "seconds", "%": "%", "×": "×", min: "minutes", requests: "requests", "5XX": "5XX" };

function shown(value: number, unit: Unit): string {
  return unit === "%" ? String(Math.round(value * 10_000) / 100) : String(value);
}

export function ThresholdsForm({ applicationId, thresholds, custom, canEdit }: { applicationId: number; thresholds: Thresholds; custom: boolean; canEdit: boolean }) {
  const [state, dispatch, pending] = useActionState(saveThresholdsAction, null);
  const id = useId();
  return (
    <ThresholdsFormShell label="Thresholds" applicationId={applicationId} custom={custom} canEdit={canEdit} state={state} dispatch={dispatch} pending={pending}>
      {GROUPS.map((g) => (
        <div key={g.title} className="threshold-group">
          <h3>{g.title}</h3>
          {g.fields.map((f) => (
            <div key={f.key} className="field field-row">
              <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
              <span className="with-unit">
                <input id={`${id}-${f.key}`} name={f.key} type="number" step="any" min={0} required defaultValue={shown(thresholds[f.key], f.unit)} aria-describedby={`${f.key}-error`} className="num" />
                <span className="unit">{UNIT_TEXT[f.unit]}</span>
              </span>
              <FieldError state={state} name={f.key} />
            </div>
          ))}
        </div>
      ))}
    </ThresholdsFormShell>
  );
}

export interface WebhookRow {
  id: number;
  maskedUrl: string;
  format: "slack" | "generic";
  delivered: number;
  failed: number;
  pending: number;
  lastError: string | null;
}

function RemoveWebhook({ hook }: { hook: WebhookRow }) {
  const [state, dispatch, pending] = useActionState(removeWebhookAction, null);
  return (
    <form action={dispatch}>
      <input type="hidden" name="webhookId" value={hook.id} />
      <button type="submit" className="link-button danger" disabled={pending} aria-label={`Remove the webhook ${hook.maskedUrl}`}>
        {pending ? "Removing…" : "Remove"}
      </button>
      {state && !state.ok && <span className="form-error">{state.error}</span>}
    </form>
  );
}

export function Webhooks({ applicationId, hooks, canEdit }: { applicationId: number; hooks: WebhookRow[]; canEdit: boolean }) {
  const [state, dispatch, pending] = useActionState(addWebhookAction, null);
  const id = useId();
  return (
    <div className="stack">
      {hooks.length === 0 ? (
        <p className="muted">No webhook yet: incidents only show here.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col">Format</th>
              <th scope="col">Messages</th>
              {canEdit && <th scope="col" className="visually-hidden">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {hooks.map((h) => (
              <tr key={h.id} data-testid="webhook">
                <td className="mono">{h.maskedUrl}</td>
                <td>{h.format === "slack" ? "Slack" : "Generic JSON"}</td>
                <td>
                  {h.delivered} delivered
                  {h.pending > 0 && <>, {h.pending} retrying</>}
                  {h.failed > 0 && <span className="change-up">, {h.failed} failed</span>}
                  {h.lastError && <div className="faint">Last error: {h.lastError}</div>}
                </td>
                {canEdit && (
                  <td className="right">
                    <RemoveWebhook hook={h} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form action={dispatch} className="inline-form" aria-label="Add a webhook">
          <input type="hidden" name="applicationId" value={applicationId} />
          <div className="field" style={{ flex: 1 }}>
            <label htmlFor={`${id}-url`}>Webhook URL</label>
            <input id={`${id}-url`} name="url" type="url" required placeholder="https://hooks.slack.com/services/…" autoComplete="off" aria-describedby="url-error" />
            <FieldError state={state} name="url" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-format`}>Format</label>
            <select id={`${id}-format`} name="format" defaultValue="slack">
              <option value="slack">Slack</option>
              <option value="generic">Generic JSON</option>
            </select>
          </div>
          <button type="submit" disabled={pending}>
            {pending ? "Adding…" : "Add webhook"}
          </button>
        </form>
      )}
      <FormStatus state={state} />
      <p className="legend-note">
        One message when a signal becomes overloaded and one when it recovers, per incident; a failed delivery is tried again 30 s, 2 min, 8 min and 32 min later, then given up. The URL is kept secret: only its host and last characters are shown.
      </p>
    </div>
  );
}
