"use client";

import Link from "next/link";
import { useActionState, useId } from "react";
import { deleteViewAction, saveViewAction } from "@/app/explore/actions";
import { FieldError, FormStatus } from "../forms/form-status";

export function SaveViewForm({ search }: { search: string }) {
  const [state, dispatch, pending] = useActionState(saveViewAction, null);
  const id = useId();
  return (
    <form action={dispatch} className="inline-form save-view" aria-label="Save this view">
      <input type="hidden" name="search" value={search} />
      <label htmlFor={id}>Save this view as</label>
      <input id={id} name="name" required maxLength={100} placeholder="e.g. Storefront by AWS service" />
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save view"}
      </button>
      <FieldError state={state} name="name" />
      <FormStatus state={state} />
    </form>
  );
}

export function DeleteViewButton({ viewId, name }: { viewId: number; name: string }) {
  const [state, dispatch, pending] = useActionState(deleteViewAction, null);
  return (
    <form action={dispatch} className="inline-action">
      <input type="hidden" name="viewId" value={viewId} />
      <button type="submit" className="link-button danger" disabled={pending} aria-label={`Delete the view ${name}`}>
        {pending ? "Deleting…" : "Delete"}
      </button>
      {state && !state.ok && <FormStatus state={state} />}
    </form>
  );
}

export function SavedViewLink({ name, search, owner }: { name: string; search: string; owner: string }) {
  return (
    <>
      <Link href={`/explore${search}`}>{name}</Link> <span className="faint">by {owner}</span>
    </>
  );
}
