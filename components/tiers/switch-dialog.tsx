"use client";

// The confirmation every switch change goes through, by hand or from a proposal:
// it names the feature, its tier, its cost per request, the requests and revenue
// at risk and the current overload state, and asks why. What it showed is what
// the audit log keeps.
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { changeSwitchAction, decideProposalAction, previewSwitchAction } from "@/app/applications/[slug]/tiers/actions";
import type { ActionState } from "@/lib/auth/server-action";
import type { SwitchImpact } from "@/lib/data/switches";
import type { SwitchPosition, SwitchState } from "@/lib/domain/switches";
import { FieldError, FormStatus } from "../forms/form-status";
import { formatCountCompact, formatDay, formatUsd } from "../format";
import { useFlashing } from "./flash";
import { positionText } from "./switch-state";

export interface DialogFeature {
  id: number;
  key: string;
  name: string;
  tier: number;
  position: SwitchPosition;
  cellPositions: Record<string, SwitchPosition>;
}

type Mode = { kind: "switch" } | { kind: "proposal"; proposalId: number; to: SwitchPosition; cell: string | null };

const OVERLOAD_CLASS = { ok: "badge-good", warning: "badge-warn", overloaded: "badge-bad", recovering: "badge-warn", unknown: "badge-neutral" } as const;

function Impact({ impact, requireApproval }: { impact: SwitchImpact; requireApproval: boolean }) {
  const perRequest = impact.costPerMillionMicroUsd === null ? null : impact.costPerMillionMicroUsd / 1e6;
  const needsSecondOwner = requireApproval && impact.feature.tier <= 2 && impact.to.state === "off";
  return (
    <div className="stack-sm" aria-live="polite" data-testid="switch-impact">
      <dl className="facts">
        <dt>Feature</dt>
        <dd>
          {impact.feature.name} <code>{impact.feature.key}</code>
        </dd>
        <dt>Tier</dt>
        <dd>
          <strong>Tier {impact.feature.tier}</strong>
          {impact.feature.tier === 1 && <span className="badge badge-bad" style={{ marginLeft: 6 }}>must not degrade</span>}
        </dd>
        <dt>Change</dt>
        <dd>
          {positionText(impact.from)} → <strong>{positionText(impact.to)}</strong>
          {impact.cell ? ` in ${impact.cell} only` : " everywhere"}
        </dd>
        <dt>Cost per request</dt>
        <dd className="num">
          {perRequest === null ? (
            <span className="muted">no traffic</span>
          ) : (
            <>
              {formatUsd(perRequest)} <span className="muted">({formatUsd(impact.costPerMillionMicroUsd ?? 0)} per 1M requests)</span>
            </>
          )}
        </dd>
        <dt>Saves</dt>
        <dd className="num">{formatUsd(impact.savingMicroUsd)} / day</dd>
        <dt>Requests at risk</dt>
        <dd className="num">{formatCountCompact(impact.requestsAtRisk)} / day</dd>
        <dt>Revenue at risk</dt>
        <dd className="num">{impact.revenueAtRiskMicroUsd === null ? <span className="muted">not known (give the feature a revenue share)</span> : `${formatUsd(impact.revenueAtRiskMicroUsd, { whole: true })} / day`}</dd>
        <dt>Overload now</dt>
        <dd>
          <span className={`badge ${OVERLOAD_CLASS[impact.overload.state]}`}>{impact.overload.state}</span> {impact.overload.summary}
        </dd>
      </dl>
      {impact.day && <p className="legend-note">Daily averages of the 7 days to {formatDay(impact.day, { year: true })}{impact.cell ? "; one cell's share is the feature's total divided by the cells" : ""}.</p>}
      {needsSecondOwner && (
        <p className="notice" role="note">
          This application asks for a second owner before a tier {impact.feature.tier} feature is turned off: nothing changes until another owner approves.
        </p>
      )}
    </div>
  );
}

export function SwitchDialog({
  feature,
  cells,
  requireApproval,
  mode = { kind: "switch" },
  label,
  primary = false,
}: {
  feature: DialogFeature;
  cells: string[];
  requireApproval: boolean;
  mode?: Mode;
  label: string;
  primary?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [open, setOpen] = useState(false);
  const initial = mode.kind === "proposal" ? mode.to : feature.position.state === "on" ? { state: "throttled" as const, throttlePercent: 50 } : { state: "on" as const, throttlePercent: null };
  const [state, setState] = useState<SwitchState>(initial.state);
  const [percent, setPercent] = useState(String(initial.throttlePercent ?? 50));
  const [cell, setCell] = useState(mode.kind === "proposal" ? (mode.cell ?? "") : "");
  const [preview, setPreview] = useState<{ key: string; state: ActionState<SwitchImpact> } | null>(null);
  const action = (mode.kind === "proposal" ? decideProposalAction : changeSwitchAction) as (s: ActionState<unknown>, f: FormData) => Promise<ActionState<unknown>>;
  const [result, dispatch, pending] = useActionState(useFlashing(action), null);

  const p = Number(percent);
  const percentError = state === "throttled" && !(Number.isInteger(p) && p >= 1 && p <= 99) ? "Serve between 1 and 99 % of traffic." : null;
  const target = `${state}|${state === "throttled" ? percent : ""}|${cell}`;
  // The figures shown are only those computed for the target now chosen.
  const impact: ActionState<SwitchImpact> = percentError ? { ok: false, status: 400, error: percentError } : preview?.key === target ? preview.state : null;

  // Ask the server what the change would do whenever the target changes.
  useEffect(() => {
    if (!open || percentError) return;
    let live = true;
    const form = new FormData();
    form.set("featureId", String(feature.id));
    form.set("state", state);
    form.set("throttlePercent", state === "throttled" ? percent : "");
    form.set("cell", cell);
    const timer = setTimeout(() => {
      previewSwitchAction(null, form).then((r) => live && setPreview({ key: target, state: r }));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [open, state, percent, cell, feature.id, percentError, target]);

  // Close once the change went through (the close event resets `open`); the outcome shows beside the button.
  useEffect(() => {
    if (result?.ok) dialog.current?.close();
  }, [result]);

  const show = () => {
    setPreview(null);
    setOpen(true);
    dialog.current?.showModal();
  };
  const fixed = mode.kind === "proposal";
  const title = fixed ? `Apply: ${feature.name} → ${positionText(mode.to)}${mode.cell ? ` in ${mode.cell}` : ""}` : `Switch ${feature.name}`;

  return (
    <>
      <button type="button" className={primary ? "primary" : undefined} onClick={show} aria-haspopup="dialog">
        {label}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={`${ids}-title`} onClose={() => setOpen(false)}>
        <form action={dispatch} className="stack">
          <h2 id={`${ids}-title`}>{title}</h2>
          {fixed ? (
            <>
              <input type="hidden" name="proposalId" value={mode.proposalId} />
              <input type="hidden" name="decision" value="apply" />
            </>
          ) : (
            <>
              <input type="hidden" name="featureId" value={feature.id} />
              <fieldset className="segmented">
                <legend>New state</legend>
                {(["on", "throttled", "off"] as const).map((s) => (
                  <label key={s}>
                    <input type="radio" name="state" value={s} checked={state === s} onChange={() => setState(s)} /> {s === "on" ? "On" : s === "off" ? "Off" : "Throttled"}
                  </label>
                ))}
              </fieldset>
              {state === "throttled" && (
                <div className="field">
                  <label htmlFor={`${ids}-percent`}>Share of traffic still served (%)</label>
                  <input id={`${ids}-percent`} name="throttlePercent" type="number" min={1} max={99} step={1} value={percent} onChange={(e) => setPercent(e.target.value)} required />
                  <FieldError state={result} name="throttlePercent" />
                </div>
              )}
              {cells.length > 1 && (
                <div className="field">
                  <label htmlFor={`${ids}-cell`}>Where</label>
                  <select id={`${ids}-cell`} name="cell" value={cell} onChange={(e) => setCell(e.target.value)}>
                    <option value="">Everywhere</option>
                    {cells.map((c) => (
                      <option key={c} value={c}>
                        Only in {c}
                        {feature.cellPositions[c] ? ` (now ${positionText(feature.cellPositions[c])})` : ""}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </>
          )}
          {impact === null ? <p className="muted">Working out what this changes…</p> : impact.ok ? <Impact impact={impact.data} requireApproval={requireApproval} /> : <p className="form-error" role="alert">{impact.error}</p>}
          <div className="field">
            <label htmlFor={`${ids}-reason`}>Why? (kept in the audit log with the figures above)</label>
            <textarea id={`${ids}-reason`} name="reason" required minLength={3} maxLength={500} rows={2} placeholder="e.g. cost per 1M requests over the limit since Monday" />
            <FieldError state={result} name="reason" />
          </div>
          {result && !result.ok && <FormStatus state={result} />}
          <div className="dialog-actions">
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className={state === "off" || (fixed && mode.to.state === "off") ? "danger" : "primary"} disabled={pending || !impact?.ok}>
              {pending ? "Changing…" : fixed ? "Apply" : "Confirm change"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
