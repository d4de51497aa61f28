"use client";

// Marking an anomaly: "expected" asks why (a launch, a migration) and keeps its days
// out of every baseline; "real" says someone looked and it is a problem.
import { useActionState, useId, useState } from "react";
import { markAnomalyAction } from "@/app/anomalies/actions";
import { FieldError, FormStatus } from "../forms/form-status";

export function AnomalyFeedback({ anomalyId, name }: { anomalyId: number; name: string }) {
  const [state, dispatch, pending] = useActionState(markAnomalyAction, null);
  const [expecting, setExpecting] = useState(false);
  const reasonId = useId();
  if (!expecting) {
    return (
      <form action={dispatch} className="row-actions anomaly-actions">
        <input type="hidden" name="anomalyId" value={anomalyId} />
        <button type="button" onClick={() => setExpecting(true)} aria-label={`Mark the anomaly of ${name} expected`} aria-expanded={false}>
          Expected…
        </button>
        <button type="submit" name="feedback" value="real" disabled={pending} aria-label={`Mark the anomaly of ${name} real`}>
          {pending ? "Saving…" : "Real"}
        </button>
        <FormStatus state={state} />
      </form>
    );
  }
  return (
    <form action={dispatch} className="dismiss-form" aria-label={`Mark the anomaly of ${name} expected`}>
      <input type="hidden" name="anomalyId" value={anomalyId} />
      <input type="hidden" name="feedback" value="expected" />
      <div className="field">
        <label htmlFor={reasonId}>Why was it expected?</label>
        <input
          id={reasonId}
          name="reason"
          required
          minLength={3}
          maxLength={500}
          placeholder="e.g. launch in a new market, a migration"
          autoFocus
          onKeyDown={(e) => {
            if (e.key === "Escape") setExpecting(false);
          }}
        />
        <FieldError state={state} name="reason" />
      </div>
      <div className="row-actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Saving…" : "Mark expected"}
        </button>
        <button type="button" onClick={() => setExpecting(false)}>
          Cancel
        </button>
      </div>
      {state && !state.ok && !state.fieldErrors && <FormStatus state={state} />}
    </form>
  );
}
