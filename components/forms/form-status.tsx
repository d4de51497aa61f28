"use client";

import type { ActionState } from "@/lib/auth/server-action";

/** What a form's last submission came to: the error to fix, or what was done. */
export function FormStatus({ state }: { state: ActionState<unknown> }) {
  if (!state) return null;
  if (!state.ok) {
    return (
      <p className="form-error" role="alert">
        {state.error}
      </p>
    );
  }
  return state.message ? (
    <p className="form-ok" role="status">
      {state.message}
    </p>
  ) : null;
}

export function FieldError({ state, name }: { state: ActionState<unknown>; name: string }) {
  const message = state && !state.ok ? state.fieldErrors?.[name] : undefined;
  return message ? (
    <span className="field-error" id={`${name}-error`}>
      {message}
    </span>
  ) : null;
}
