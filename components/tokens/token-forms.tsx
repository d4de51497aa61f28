"use client";

import { useActionState, useState } from "react";
import { createToken, revokeToken } from "@/app/applications/[slug]/tokens/actions";
import { FieldError, FormStatus } from "../forms/form-status";

const SCOPES = [
  { value: "read", label: "read — the JSON API for this application" },
  { value: "ingest", label: "ingest — push business metrics" },
  { value: "flags", label: "flags — evaluate kill switches (OFREP)" },
];

export function CreateTokenForm({ applicationId }: { applicationId: number }) {
  const [state, dispatch, pending] = useActionState(createToken, null);
  const [copied, setCopied] = useState(false);
  return (
    <div className="stack">
      <form action={dispatch} aria-label="Create a token">
        <input type="hidden" name="applicationId" value={applicationId} />
        <div className="inline-form">
          <div className="field">
            <label htmlFor="token-name">Name</label>
            <input id="token-name" name="name" placeholder="checkout-service" required maxLength={80} />
            <FieldError state={state} name="name" />
          </div>
          <div className="field">
            <label htmlFor="token-scope">Scope</label>
            <select id="token-scope" name="scope" defaultValue="read">
              {SCOPES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="primary" disabled={pending}>
            {pending ? "Creating…" : "Create token"}
          </button>
        </div>
        {state && !state.ok && <FormStatus state={state} />}
      </form>
      {state?.ok && (
        <div className="notice" role="status" aria-label="New token">
          <strong>
            New {state.data.scope} token &ldquo;{state.data.name}&rdquo;. Copy it now: it is not shown again.
          </strong>
          <div className="secret" style={{ marginTop: 8 }} data-testid="new-token">
            {state.data.token}
          </div>
          <button
            type="button"
            style={{ marginTop: 8 }}
            onClick={async () => {
              await navigator.clipboard.writeText(state.data.token);
              setCopied(true);
            }}
          >
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
      )}
    </div>
  );
}

export function RevokeTokenButton({ tokenId, name }: { tokenId: number; name: string }) {
  const [state, dispatch, pending] = useActionState(revokeToken, null);
  return (
    <form
      action={dispatch}
      onSubmit={(e) => {
        if (!window.confirm(`Revoke the token "${name}"? Anything using it stops working at once.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="tokenId" value={tokenId} />
      <button type="submit" disabled={pending} aria-label={`Revoke ${name}`}>
        {pending ? "Revoking…" : "Revoke"}
      </button>
      {state && !state.ok && <FormStatus state={state} />}
    </form>
  );
}
