"use client";

import { useActionState } from "react";
import { deleteScheduleAction, retryDeliveryAction, sendNowAction } from "@/app/reports/actions";
import { FormStatus } from "@/components/forms/form-status";

export function SendNowButton({ scheduleId, name }: { scheduleId: number; name: string }) {
  const [state, dispatch, pending] = useActionState(sendNowAction, null);
  return (
    <form action={dispatch} className="inline-form">
      <input type="hidden" name="scheduleId" value={scheduleId} />
      <button type="submit" disabled={pending} aria-label={`Send now: “${name}”`}>
        {pending ? "Making and sending…" : "Send now"}
      </button>
      <FormStatus state={state} />
    </form>
  );
}

export function DeleteScheduleButton({ scheduleId, name }: { scheduleId: number; name: string }) {
  const [state, dispatch, pending] = useActionState(deleteScheduleAction, null);
  return (
    <form
      action={dispatch}
      className="inline-form"
      onSubmit={(e) => {
        if (!window.confirm(`Delete “${name}” and the reports it made?`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="scheduleId" value={scheduleId} />
      <button type="submit" className="danger" disabled={pending} aria-label={`Delete: “${name}”`}>
        {pending ? "Deleting…" : "Delete"}
      </button>
      <FormStatus state={state} />
    </form>
  );
}

export function RetryButton({ deliveryId, label }: { deliveryId: number; label: string }) {
  const [state, dispatch, pending] = useActionState(retryDeliveryAction, null);
  return (
    <form action={dispatch} className="inline-form">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <button type="submit" className="small" disabled={pending} aria-label={`Retry: send to ${label}`}>
        {pending ? "Sending…" : "Retry"}
      </button>
      <FormStatus state={state} />
    </form>
  );
}

export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()}>
      Print or save as PDF
    </button>
  );
}
