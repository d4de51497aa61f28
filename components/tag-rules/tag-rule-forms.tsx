"use client";

import { useActionState } from "react";
import { addRule, deleteRule, moveRule, syncNow } from "@/app/tag-rules/actions";
import { FieldError, FormStatus } from "../forms/form-status";

export function AddRuleForm({ applications }: { applications: { id: number; name: string }[] }) {
  const [state, dispatch, pending] = useActionState(addRule, null);
  return (
    <form action={dispatch} aria-label="Add a tag rule">
      <div className="inline-form">
        <div className="field">
          <label htmlFor="rule-app">Application</label>
          <select id="rule-app" name="applicationId" required defaultValue="">
            <option value="" disabled>
              Choose…
            </option>
            {applications.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <FieldError state={state} name="applicationId" />
        </div>
        <div className="field">
          <label htmlFor="rule-key">Tag key</label>
          <input id="rule-key" name="key" placeholder="awsApplication" required aria-describedby="key-error" />
          <FieldError state={state} name="key" />
        </div>
        <div className="field">
          <label htmlFor="rule-value">Value</label>
          <input id="rule-value" name="value" placeholder="storefront, or *" required aria-describedby="value-error" />
          <FieldError state={state} name="value" />
        </div>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Adding…" : "Add rule"}
        </button>
      </div>
      <FormStatus state={state} />
    </form>
  );
}

export function RuleRowActions({ ruleId, label, first, last }: { ruleId: number; label: string; first: boolean; last: boolean }) {
  const [moveState, move, moving] = useActionState(moveRule, null);
  const [deleteState, remove, deleting] = useActionState(deleteRule, null);
  return (
    <div className="inline-form">
      <form action={move}>
        <input type="hidden" name="ruleId" value={ruleId} />
        <button type="submit" name="direction" value="up" disabled={first || moving} aria-label={`Move ${label} up`}>
          ↑
        </button>
        <button type="submit" name="direction" value="down" disabled={last || moving} aria-label={`Move ${label} down`}>
          ↓
        </button>
      </form>
      <form
        action={remove}
        onSubmit={(e) => {
          if (!window.confirm(`Remove the rule ${label}? Its resources become unallocated after the next sync.`)) e.preventDefault();
        }}
      >
        <input type="hidden" name="ruleId" value={ruleId} />
        <button type="submit" disabled={deleting} aria-label={`Remove ${label}`}>
          Remove
        </button>
      </form>
      <FormStatus state={moveState?.ok === false ? moveState : null} />
      <FormStatus state={deleteState?.ok === false ? deleteState : null} />
    </div>
  );
}

export function SyncNowButton() {
  const [state, dispatch, pending] = useActionState(syncNow, null);
  return (
    <form action={dispatch} className="inline-form">
      <button type="submit" disabled={pending}>
        {pending ? "Syncing…" : "Sync now"}
      </button>
      <FormStatus state={state} />
    </form>
  );
}
