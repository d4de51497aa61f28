"use client";

// The "why?" a decision asks before it is taken (dismissing a proposal, marking an
// anomaly expected): a required reason, focused, Escape or Cancel to back out.
import { useId } from "react";
import type { ActionState } from "@/lib/auth/server-action";
import { FieldError, FormStatus } from "./form-status";

export function ReasonPrompt({
  question,
  placeholder,
  submit,
  state,
  pending,
  onCancel,
  primary = false,
}: {
  question: string;
  placeholder: string;
  /** The button's label, and while it runs. */
  submit: [string, string];
  state: ActionState<unknown>;
  pending: boolean;
  onCancel: () => void;
  primary?: boolean;
}) {
  const reasonId = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={reasonId}>{question}</label>
        <input
          id={reasonId}
          name="reason"
          required
          minLength={3}
          maxLength={500}
          placeholder={placeholder}
          autoFocus
          onKeyDown={(e) => {
            if (e.key === "Escape") onCancel();
          }}
        />
        <FieldError state={state} name="reason" />
      </div>
      <div className="row-actions">
        <button type="submit" className={primary ? "primary" : undefined} disabled={pending}>
          {pending ? submit[1] : submit[0]}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {state && !state.ok && !state.fieldErrors && <FormStatus state={state} />}
    </>
  );
}
