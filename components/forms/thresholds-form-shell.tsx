"use client";

// What an application's thresholds forms share (overload signals, anomalies): who may change
// them, the fields in a fieldset that is off for viewers and while saving, Save and "Back to the
// defaults", and the outcome.
import type { ReactNode } from "react";
import type { ActionState } from "@/lib/auth/server-action";
import { FormStatus } from "./form-status";

export function ThresholdsFormShell({ label, applicationId, custom, canEdit, state, dispatch, pending, children }: { label: string; applicationId: number; custom: boolean; canEdit: boolean; state: ActionState<unknown>; dispatch: (form: FormData) => void; pending: boolean; children: ReactNode }) {
  return (
    <form action={dispatch} className="stack thresholds" aria-label={label}>
      <input type="hidden" name="applicationId" value={applicationId} />
      <p className="muted" style={{ margin: 0 }}>
        {custom ? "This application's own thresholds." : "The defaults."} {canEdit ? "Engineers and admins change them; every change is audited." : "Engineers and admins change them."}
      </p>
      <fieldset disabled={!canEdit || pending} className="threshold-groups">
        {children}
      </fieldset>
      {canEdit && (
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="primary" disabled={pending}>
            {pending ? "Saving…" : "Save thresholds"}
          </button>
          {custom && (
            <button type="submit" name="intent" value="reset" formNoValidate disabled={pending}>
              Back to the defaults
            </button>
          )}
        </div>
      )}
      <FormStatus state={state} />
    </form>
  );
}
