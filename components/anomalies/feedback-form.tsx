"use client";

// Marking an anomaly: "expected" asks why (a launch, a migration) and keeps its days
// out of every baseline; "real" says someone looked and it is a problem.
import { useActionState, useState } from "react";
import { markAnomalyAction } from "@/app/anomalies/actions";
import { FormStatus } from "../forms/form-status";
import { ReasonPrompt } from "../forms/reason-prompt";

export function AnomalyFeedback({ anomalyId, name }: { anomalyId: number; name: string }) {
  const [state, dispatch, pending] = useActionState(markAnomalyAction, null);
  const [expecting, setExpecting] = useState(false);
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
      <ReasonPrompt question="Why was it expected?" placeholder="e.g. launch in a new market, a migration" submit={["Mark expected", "Saving…"]} state={state} pending={pending} onCancel={() => setExpecting(false)} primary />
    </form>
  );
}
