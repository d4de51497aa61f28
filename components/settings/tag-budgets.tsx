"use client";

import { useActionState, useId, useState } from "react";
import type { ActionState } from "@/lib/auth/server-action";
import { FieldError, FormStatus } from "../forms/form-status";

type Said = { tagKey: string; tagValue: string; monthlyBudgetUsd: number };
type Action = (previous: ActionState<Said>, form: FormData) => Promise<ActionState<Said>>;

/** A monthly budget on one value of an explored tag key. */
export function TagBudgetForm({ action, keys, values }: { action: Action; keys: string[]; values: Record<string, string[]> }) {
  const [state, dispatch, pending] = useActionState(action, null);
  const [key, setKey] = useState(keys[0] ?? "");
  const id = useId();
  return (
    <form action={dispatch} className="stack-sm" aria-label="Set a tag value's budget">
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-key`}>Tag key</label>
          <select id={`${id}-key`} name="tagKey" value={key} onChange={(e) => setKey(e.target.value)}>
            {keys.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <FieldError state={state} name="tagKey" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-value`}>Value</label>
          <input id={`${id}-value`} name="tagValue" required maxLength={256} list={`${id}-values`} placeholder={values[key]?.[0] ?? "payments"} autoComplete="off" />
          <datalist id={`${id}-values`}>
            {(values[key] ?? []).map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          <FieldError state={state} name="tagValue" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-amount`}>Monthly budget (USD)</label>
          <input id={`${id}-amount`} name="monthlyBudgetUsd" type="number" min="1" step="1" required inputMode="numeric" placeholder="5000" />
          <FieldError state={state} name="monthlyBudgetUsd" />
        </div>
      </div>
      {state && <FormStatus state={state} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Saving…" : "Set budget"}
        </button>
      </div>
    </form>
  );
}

export function DeleteTagBudgetButton({ action, budgetId, label }: { action: Action; budgetId: number; label: string }) {
  const [state, dispatch, pending] = useActionState(action, null);
  return (
    <form action={dispatch} className="inline-action">
      <input type="hidden" name="id" value={budgetId} />
      <button type="submit" className="link-button danger" disabled={pending} aria-label={`Remove the budget for ${label}`}>
        {pending ? "Removing…" : "Remove"}
      </button>
      {state && !state.ok && <FormStatus state={state} />}
    </form>
  );
}
