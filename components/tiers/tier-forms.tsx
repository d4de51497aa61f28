"use client";

import { useActionState, useEffect, useId, useRef, useState, type ReactNode } from "react";
import {
  deleteFeatureAction,
  deleteLimitAction,
  saveFeatureAction,
  saveLimitAction,
  savePolicyAction,
} from "@/app/applications/[slug]/tiers/actions";
import type { ActionState } from "@/lib/auth/server-action";
import { FieldError, FormStatus } from "../forms/form-status";
import { useFlashing } from "./flash";

/** A button that opens a modal form; the form closes itself when its action succeeds. */
function FormDialog({ label, title, children, state, buttonClass }: { label: string; title: string; children: ReactNode; state: ActionState<unknown>; buttonClass?: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    if (state?.ok) dialog.current?.close();
  }, [state]);
  return (
    <>
      <button type="button" className={buttonClass} onClick={() => dialog.current?.showModal()} aria-haspopup="dialog">
        {label}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        <form method="dialog" className="dialog-actions" style={{ marginTop: 8 }}>
          <button type="submit">Close</button>
        </form>
      </dialog>
    </>
  );
}

export interface FeatureDraft {
  id: number | null;
  name: string;
  key: string;
  description: string;
  tier: number;
  defaultState: string;
  services: string[];
  revenueSharePercent: number | null;
}

export function FeatureFormDialog({ applicationId, services, draft, label }: { applicationId: number; services: string[]; draft: FeatureDraft; label: string }) {
  const [state, dispatch, pending] = useActionState(useFlashing(saveFeatureAction), null);
  const id = useId();
  return (
    <FormDialog label={label} title={draft.id ? `Edit ${draft.name}` : "Declare a feature"} state={state} buttonClass={draft.id ? "link-button" : "primary"}>
      <form action={dispatch} className="stack" aria-label={draft.id ? `Edit ${draft.name}` : "New feature"}>
        <input type="hidden" name="applicationId" value={applicationId} />
        <input type="hidden" name="featureId" value={draft.id ?? ""} />
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input id={`${id}-name`} name="name" defaultValue={draft.name} required maxLength={80} />
            <FieldError state={state} name="name" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-key`}>Flag key</label>
            <input id={`${id}-key`} name="key" defaultValue={draft.key} required pattern="[a-z0-9][a-z0-9._\-]*" placeholder="reviews.enabled" className="mono" />
            <FieldError state={state} name="key" />
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>What it does</label>
          <input id={`${id}-description`} name="description" defaultValue={draft.description} maxLength={300} />
        </div>
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-tier`}>Tier</label>
            <select id={`${id}-tier`} name="tier" defaultValue={draft.tier}>
              {[1, 2, 3, 4, 5].map((t) => (
                <option key={t} value={t}>
                  {t === 1 ? "1 — must not degrade" : t === 2 ? "2 — degrade with care" : `${t} — can be throttled`}
                </option>
              ))}
            </select>
            <FieldError state={state} name="tier" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-default`}>When Frugal cannot be reached</label>
            <select id={`${id}-default`} name="defaultState" defaultValue={draft.defaultState}>
              <option value="on">services keep it on</option>
              <option value="off">services turn it off</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-revenue`}>Share of revenue (%)</label>
            <input id={`${id}-revenue`} name="revenueSharePercent" type="number" min={0} max={100} step={1} defaultValue={draft.revenueSharePercent ?? ""} placeholder="unknown" size={8} />
            <FieldError state={state} name="revenueSharePercent" />
          </div>
        </div>
        <fieldset className="checkbox-list">
          <legend>Services it uses (its cost is their cost)</legend>
          {services.map((s) => (
            <label key={s}>
              <input type="checkbox" name="services[]" value={s} defaultChecked={draft.services.includes(s)} /> {s}
            </label>
          ))}
        </fieldset>
        <FieldError state={state} name="services" />
        {draft.id && (
          <div className="field">
            <label htmlFor={`${id}-reason`}>Why (for the audit log; with four eyes on, a tier or key change waits for a second owner, who reads it)</label>
            <input id={`${id}-reason`} name="reason" maxLength={500} />
          </div>
        )}
        {state && !state.ok && <FormStatus state={state} />}
        <div>
          <button type="submit" className="primary" disabled={pending}>
            {pending ? "Saving…" : "Save feature"}
          </button>
        </div>
      </form>
    </FormDialog>
  );
}

export function DeleteFeatureButton({ featureId, name }: { featureId: number; name: string }) {
  const [state, dispatch, pending] = useActionState(useFlashing(deleteFeatureAction), null);
  return (
    <form
      action={dispatch}
      onSubmit={(e) => {
        if (!window.confirm(`Delete ${name}? Services asking for its flag get FLAG_NOT_FOUND and fall back to their default.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="featureId" value={featureId} />
      <button type="submit" className="link-button" disabled={pending} aria-label={`Delete ${name}`}>
        Delete
      </button>
      {state && !state.ok && <FormStatus state={state} />}
    </form>
  );
}

export interface LimitDraft {
  id: number | null;
  featureId: number | null;
  kind: string;
  metricId: number | null;
  warningUsd: string;
  breachUsd: string;
}

const KIND_HELP: Record<string, string> = {
  daily_spend: "Daily spend ($ per day)",
  month_to_date: "Month forecast ($ for the month, from the month so far)",
  cost_per_million: "Cost per 1M requests ($)",
  cost_per_unit: "Cost per business unit ($ per order, per user...)",
};

export function LimitFormDialog({
  applicationId,
  features,
  metrics,
  draft,
  label,
}: {
  applicationId: number;
  features: { id: number; name: string }[];
  metrics: { id: number; name: string }[];
  draft: LimitDraft;
  label: string;
}) {
  const [state, dispatch, pending] = useActionState(useFlashing(saveLimitAction), null);
  const [kind, setKind] = useState(draft.kind);
  const id = useId();
  return (
    <FormDialog label={label} title={draft.id ? "Edit the limit" : "Set a cost limit"} state={state} buttonClass={draft.id ? "link-button" : undefined}>
      <form action={dispatch} className="stack" aria-label={draft.id ? "Edit limit" : "New limit"}>
        <input type="hidden" name="applicationId" value={applicationId} />
        <input type="hidden" name="limitId" value={draft.id ?? ""} />
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-scope`}>On</label>
            <select id={`${id}-scope`} name="featureId" defaultValue={draft.featureId ?? ""}>
              <option value="">the whole application</option>
              {features.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-kind`}>Measure</label>
            <select id={`${id}-kind`} name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              {Object.entries(KIND_HELP).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </div>
          {kind === "cost_per_unit" && (
            <div className="field">
              <label htmlFor={`${id}-metric`}>Per</label>
              <select id={`${id}-metric`} name="metricId" defaultValue={draft.metricId ?? ""} required>
                <option value="">pick a metric</option>
                {metrics.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
              <FieldError state={state} name="metricId" />
            </div>
          )}
        </div>
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-warning`}>Warning at ($)</label>
            <input id={`${id}-warning`} name="warningUsd" type="number" min={0} step="any" defaultValue={draft.warningUsd} required size={10} />
            <FieldError state={state} name="warningUsd" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-breach`}>Breached at ($)</label>
            <input id={`${id}-breach`} name="breachUsd" type="number" min={0} step="any" defaultValue={draft.breachUsd} required size={10} />
            <FieldError state={state} name="breachUsd" />
          </div>
        </div>
        <p className="legend-note">Measured on the daily average of the last 7 complete days, after every sync. A breach makes a proposal to throttle features, highest tier first.</p>
        {state && !state.ok && <FormStatus state={state} />}
        <div>
          <button type="submit" className="primary" disabled={pending}>
            {pending ? "Saving…" : "Save limit"}
          </button>
        </div>
      </form>
    </FormDialog>
  );
}

export function DeleteLimitButton({ limitId, label }: { limitId: number; label: string }) {
  const [state, dispatch, pending] = useActionState(useFlashing(deleteLimitAction), null);
  return (
    <form
      action={dispatch}
      onSubmit={(e) => {
        if (!window.confirm(`Delete the limit "${label}"? Its open proposals close.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="limitId" value={limitId} />
      <button type="submit" className="link-button" disabled={pending} aria-label={`Delete limit ${label}`}>
        Delete
      </button>
      {state && !state.ok && <FormStatus state={state} />}
    </form>
  );
}

export function PolicyForm({
  applicationId,
  policy,
  disabled,
}: {
  applicationId: number;
  policy: { requireApproval: boolean; autoApplyFromTier: number | null; cooldownMinutes: number; restoreMarginPercent: number };
  disabled: boolean;
}) {
  const [state, dispatch, pending] = useActionState(savePolicyAction, null);
  const id = useId();
  return (
    <form action={dispatch} className="stack" aria-label="Switch policy">
      <input type="hidden" name="applicationId" value={applicationId} />
      <fieldset disabled={disabled} className="plain">
        <legend className="visually-hidden">Switch policy</legend>
        <label htmlFor={`${id}-approval`} style={{ fontWeight: 400 }}>
          <input id={`${id}-approval`} type="checkbox" name="requireApproval" defaultChecked={policy.requireApproval} /> <strong>Four eyes:</strong> a second owner approves before a tier 1 or 2
          feature serves less (off, throttled, in one cell or everywhere) or is deleted, before any feature changes tier, and before four eyes is turned off
        </label>
        <div className="inline-form" style={{ marginTop: 12 }}>
          <div className="field">
            <label htmlFor={`${id}-auto`}>Apply proposals automatically</label>
            <select id={`${id}-auto`} name="autoApplyFromTier" defaultValue={policy.autoApplyFromTier ?? ""}>
              <option value="">never (an owner applies them)</option>
              {[2, 3, 4, 5].map((t) => (
                <option key={t} value={t}>
                  for tier {t} and above
                </option>
              ))}
            </select>
            <FieldError state={state} name="autoApplyFromTier" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-cooldown`}>Cool-down before restoring (minutes)</label>
            <input id={`${id}-cooldown`} name="cooldownMinutes" type="number" min={5} step={1} defaultValue={policy.cooldownMinutes} size={8} />
            <FieldError state={state} name="cooldownMinutes" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-margin`}>Restore only when under the limit by (%)</label>
            <input id={`${id}-margin`} name="restoreMarginPercent" type="number" min={0} max={90} step={1} defaultValue={policy.restoreMarginPercent} size={8} />
            <FieldError state={state} name="restoreMarginPercent" />
          </div>
        </div>
        <div className="field" style={{ marginTop: 12 }}>
          <label htmlFor={`${id}-reason`}>Why (for the audit log; turning four eyes off waits for a second owner, who reads it)</label>
          <input id={`${id}-reason`} name="reason" maxLength={500} />
        </div>
      </fieldset>
      {!disabled && (
        <div>
          <button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save policy"}
          </button>
        </div>
      )}
      <FormStatus state={state} />
    </form>
  );
}
