"use client";

// What owners decide on the tiers page: a proposal (dismissed with a reason, or that
// dismissal undone) and a change waiting for a second owner (approved or rejected).
import { useActionState, useState } from "react";
import { decideChangeAction, decideProposalAction, decideRequestAction, reopenProposalAction } from "@/app/applications/[slug]/tiers/actions";
import type { ActionState } from "@/lib/auth/server-action";
import { FormStatus } from "../forms/form-status";
import { ReasonPrompt } from "../forms/reason-prompt";
import { useFlashing } from "./flash";

/** Dismissing asks why (kept with the proposal and in the audit log), like applying does. */
export function DismissProposalButton({ proposalId, name }: { proposalId: number; name: string }) {
  const [state, dispatch, pending] = useActionState(useFlashing(decideProposalAction), null);
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} aria-label={`Dismiss the proposal for ${name}`} aria-expanded={false}>
        Dismiss…
      </button>
    );
  }
  return (
    <form action={dispatch} className="dismiss-form" aria-label={`Dismiss the proposal for ${name}`}>
      <input type="hidden" name="proposalId" value={proposalId} />
      <input type="hidden" name="decision" value="dismiss" />
      <ReasonPrompt question="Why dismiss it?" placeholder="e.g. launch week, the spend is expected" submit={["Dismiss", "Dismissing…"]} state={state} pending={pending} onCancel={() => setOpen(false)} />
    </form>
  );
}

/** Undoes a dismissal while it holds: the proposal is open again. */
export function ReopenProposalButton({ proposalId, name }: { proposalId: number; name: string }) {
  const [state, dispatch, pending] = useActionState(useFlashing(reopenProposalAction), null);
  return (
    <form action={dispatch} className="inline-action">
      <input type="hidden" name="proposalId" value={proposalId} />
      <button type="submit" className="link-button" disabled={pending} aria-label={`Undo the dismissal of the proposal for ${name}`}>
        {pending ? "Undoing…" : "Undo"}
      </button>
      {state && !state.ok && <FormStatus state={state} />}
    </form>
  );
}

export function DecideChangeButtons({ kind, id, name, ownRequest }: { kind: "switch" | "request"; id: number; name: string; ownRequest: boolean }) {
  // Only the outcome's message is shown, so the two actions' different results do not matter here.
  const action = (kind === "switch" ? decideChangeAction : decideRequestAction) as (previous: ActionState<unknown>, form: FormData) => Promise<ActionState<unknown>>;
  const [state, dispatch, pending] = useActionState(useFlashing(action), null);
  return (
    <form action={dispatch} className="inline-form">
      <input type="hidden" name={kind === "switch" ? "changeId" : "requestId"} value={id} />
      {ownRequest ? (
        <span className="muted">waiting for another owner</span>
      ) : (
        <button type="submit" name="decision" value="approve" className="primary" disabled={pending} aria-label={`Approve the change of ${name}`}>
          Approve
        </button>
      )}
      <button type="submit" name="decision" value="reject" disabled={pending} aria-label={ownRequest ? `Withdraw the change of ${name}` : `Reject the change of ${name}`}>
        {ownRequest ? "Withdraw" : "Reject"}
      </button>
      {state && !state.ok && <FormStatus state={state} />}
    </form>
  );
}
