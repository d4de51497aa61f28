"use client";

import { useActionState, useState } from "react";
import { setAllocationAction, setBudgetAction, updateDetailsAction } from "@/app/applications/[slug]/settings/actions";
import { FieldError, FormStatus } from "../forms/form-status";

interface DetailsProps {
  applicationId: number;
  name: string;
  description: string;
  /** The application's business metrics, in the order they were declared. */
  metrics: { id: number; name: string; unit: string }[];
  headlineMetricId: number | null;
  /** The metric the headline uses when none is chosen. */
  defaultMetric: string | null;
  disabled: boolean;
}

export function DetailsForm({ applicationId, name, description, metrics, headlineMetricId, defaultMetric, disabled }: DetailsProps) {
  const [state, dispatch, pending] = useActionState(updateDetailsAction, null);
  return (
    <form action={dispatch} aria-label="Application details" className="stack">
      <input type="hidden" name="applicationId" value={applicationId} />
      <div className="inline-form">
        <div className="field">
          <label htmlFor="app-name">Name</label>
          <input id="app-name" name="name" defaultValue={name} required maxLength={80} disabled={disabled} />
          <FieldError state={state} name="name" />
        </div>
        <div className="field" style={{ flex: 1, minWidth: 280 }}>
          <label htmlFor="app-description">Description</label>
          <input id="app-description" name="description" defaultValue={description} maxLength={300} disabled={disabled} />
        </div>
      </div>
      <div className="inline-form">
        {metrics.length > 0 && (
          <div className="field">
            <label htmlFor="app-headline">Headline business metric</label>
            <select id="app-headline" name="headlineMetricId" defaultValue={headlineMetricId && metrics.some((m) => m.id === headlineMetricId) ? String(headlineMetricId) : ""} disabled={disabled} aria-describedby="app-headline-help">
              <option value="">{defaultMetric ? `Default: ${defaultMetric}` : "Default"}</option>
              {metrics.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.unit})
                </option>
              ))}
            </select>
          </div>
        )}
        {!disabled && (
          <button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </button>
        )}
      </div>
      {metrics.length > 0 && (
        <p id="app-headline-help" className="legend-note" style={{ margin: 0 }}>
          The headline metric gives the cost per unit shown beside cost and requests on the application page. The default is the first metric declared that is not revenue;
          declaring another metric never changes it.
        </p>
      )}
      <FormStatus state={state} />
    </form>
  );
}

const STRATEGIES = [
  { value: "requests", label: "By requests", help: "each service pays in proportion to the requests it served that day (the default)" },
  { value: "even", label: "Evenly", help: "every service active that day pays the same" },
  { value: "weights", label: "Fixed weights", help: "you decide each service's share" },
] as const;

export function AllocationForm({ applicationId, current, weights, services, disabled }: { applicationId: number; current: string; weights: Record<string, number>; services: string[]; disabled: boolean }) {
  const [state, dispatch, pending] = useActionState(setAllocationAction, null);
  const [strategy, setStrategy] = useState(current);
  return (
    <form action={dispatch} aria-label="Shared cost allocation" className="stack">
      <input type="hidden" name="applicationId" value={applicationId} />
      <fieldset style={{ border: 0, padding: 0, margin: 0 }} disabled={disabled}>
        <legend className="visually-hidden">Split the shared pool</legend>
        {STRATEGIES.map((s) => (
          <div key={s.value}>
            <label htmlFor={`strategy-${s.value}`} style={{ fontWeight: 400 }}>
              <input id={`strategy-${s.value}`} type="radio" name="strategy" value={s.value} checked={strategy === s.value} onChange={() => setStrategy(s.value)} /> <strong>{s.label}</strong>:{" "}
              <span className="muted">{s.help}</span>
            </label>
          </div>
        ))}
      </fieldset>
      <FieldError state={state} name="strategy" />
      {strategy === "weights" && (
        <div className="inline-form" role="group" aria-label="Weights">
          {services.map((name) => (
            <div className="field" key={name}>
              <label htmlFor={`weight-${name}`}>{name}</label>
              <input id={`weight-${name}`} name={`weight:${name}`} type="number" min="0" step="any" defaultValue={weights[name] ?? 0} size={6} disabled={disabled} />
              <FieldError state={state} name={`weight:${name}`} />
            </div>
          ))}
        </div>
      )}
      {!disabled && (
        <>
          <div className="field">
            <label htmlFor="allocation-reason">Why (kept in the audit log)</label>
            <input id="allocation-reason" name="reason" maxLength={500} placeholder="optional" />
          </div>
          <div>
            <button type="submit" className="primary" disabled={pending}>
              {pending ? "Splitting every day again…" : "Save and re-split"}
            </button>
          </div>
        </>
      )}
      <FormStatus state={state} />
    </form>
  );
}

/** The monthly budget the month's projection is shown against (empty: none). */
export function BudgetForm({ applicationId, budgetUsd, disabled }: { applicationId: number; budgetUsd: number | null; disabled: boolean }) {
  const [state, dispatch, pending] = useActionState(setBudgetAction, null);
  return (
    <form action={dispatch} aria-label="Monthly budget" className="inline-form">
      <input type="hidden" name="applicationId" value={applicationId} />
      <div className="field">
        <label htmlFor="app-budget">Monthly budget</label>
        <span className="with-unit">
          <span className="unit">$</span>
          <input id="app-budget" name="budget" inputMode="decimal" defaultValue={budgetUsd ?? ""} placeholder="none" disabled={disabled} aria-describedby="budget-error" className="num" />
        </span>
        <FieldError state={state} name="budget" />
      </div>
      {!disabled && (
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save budget"}
        </button>
      )}
      <FormStatus state={state} />
    </form>
  );
}
