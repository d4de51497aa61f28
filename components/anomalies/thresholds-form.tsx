"use client";

// An application's anomaly thresholds: the robust score a day must reach, the dollars a
// day it must also be above its usual, and the history a series needs first.
import { useActionState, useId } from "react";
import { saveAnomalyThresholdsAction } from "@/app/anomalies/actions";
import type { AnomalyThresholds } from "@/lib/domain/anomalies";
import { FieldError } from "../forms/form-status";
import { ThresholdsFormShell } from "../forms/thresholds-form-shell";

const FIELDS: { key: keyof AnomalyThresholds; label: string; unit: string; step: string; min: number; help: string }[] = [
  { key: "score", label: "Robust score", unit: "spreads", step: "0.1", min: 2, help: "How far above the weekday's median, in robust spreads (1.4826 × the median absolute deviation, at least 5 % of the median)." },
  { key: "floorUsdPerDay", label: "Money floor", unit: "USD a day", step: "any", min: 0, help: "A day must also cost this much more than usual: a $0.03 service doubling is not an alert." },
  { key: "minHistoryDays", label: "History first", unit: "days", step: "1", min: 14, help: "A new service is not judged until it has this much history." },
];

export function AnomalyThresholdsForm({ applicationId, thresholds, custom, canEdit }: { applicationId: number; thresholds: AnomalyThresholds; custom: boolean; canEdit: boolean }) {
  const [state, dispatch, pending] = useActionState(saveAnomalyThresholdsAction, null);
  const id = useId();
  return (
    <ThresholdsFormShell label="Anomaly thresholds" applicationId={applicationId} custom={custom} canEdit={canEdit} state={state} dispatch={dispatch} pending={pending}>
      <div className="threshold-group">
        {FIELDS.map((f) => (
          <div key={f.key} className="field field-row">
            <label htmlFor={`${id}-${f.key}`} title={f.help}>
              {f.label}
            </label>
            <span className="with-unit">
              <input id={`${id}-${f.key}`} name={f.key} type="number" step={f.step} min={f.min} required defaultValue={thresholds[f.key]} aria-describedby={`${id}-${f.key}-help ${f.key}-error`} className="num" />
              <span className="unit">{f.unit}</span>
            </span>
            <span className="faint" id={`${id}-${f.key}-help`}>
              {f.help}
            </span>
            <FieldError state={state} name={f.key} />
          </div>
        ))}
      </div>
    </ThresholdsFormShell>
  );
}
