"use client";

import { useActionState, useId } from "react";
import type { ActionState } from "@/lib/auth/server-action";
import type { AwsAccountView } from "@/lib/data/aws-accounts";
import type { ConnectionTest } from "@/lib/sources/aws/test-connection";
import { FieldError, FormStatus } from "../forms/form-status";
import { countOf, formatAgo } from "../format";

type Action<T> = (previous: ActionState<T>, form: FormData) => Promise<ActionState<T>>;

export function AddAwsAccountForm({ action }: { action: Action<AwsAccountView> }) {
  const [state, dispatch, pending] = useActionState(action, null);
  const id = useId();
  return (
    <form action={dispatch} className="stack" aria-label="Add an AWS account">
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} name="name" required maxLength={64} placeholder="payments-prod" />
          <FieldError state={state} name="name" />
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-role`}>Role to assume</label>
          <input id={`${id}-role`} name="roleArn" required className="mono" placeholder="arn:aws:iam::123456789012:role/FrugalReadOnly" />
          <FieldError state={state} name="roleArn" />
        </div>
      </div>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-external`}>External id (if the trust policy asks for one)</label>
          <input id={`${id}-external`} name="externalId" className="mono" maxLength={1224} autoComplete="off" />
          <FieldError state={state} name="externalId" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-regions`}>Regions (comma-separated; empty: FRUGAL_AWS_REGIONS)</label>
          <input id={`${id}-regions`} name="regions" placeholder="eu-west-1,us-east-1" />
          <FieldError state={state} name="regions" />
        </div>
      </div>
      <fieldset className="checkbox-list">
        <legend>Read from this account</legend>
        <label>
          <input type="checkbox" name="readsCost" defaultChecked /> its cost (Cost Explorer) — leave off for member accounts whose payer account is read already, or cost is counted twice
        </label>
        <label>
          <input type="checkbox" name="readsResources" defaultChecked /> its tagged resources and their CloudWatch metrics
        </label>
      </fieldset>
      {state && <FormStatus state={state} />}
      <div>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Adding…" : "Add account"}
        </button>
      </div>
    </form>
  );
}

export function ConnectionResult({ test, at }: { test: ConnectionTest; at?: Date | null }) {
  return (
    <div className="connection-test" data-testid="connection-test">
      <p className={test.ok ? "form-ok" : "form-error"} role="status">
        {test.ok ? "Every permission Frugal needs is there" : `${countOf(test.checks.filter((c) => !c.ok).length, "permission")} missing`}
        {at ? ` · tested ${formatAgo(at)}` : ""}
      </p>
      <div className="table-wrap" tabIndex={0}>
        <table role="table" className="cards-on-phone">
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col">Permission</th>
              <th role="columnheader" scope="col">Result</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {test.checks.map((c) => (
              <tr role="row" key={c.permission}>
                <td role="cell" className="mono nowrap">
                  <span className={`badge ${c.ok ? "badge-good" : "badge-bad"}`}>{c.ok ? "ok" : "missing"}</span> {c.permission}
                </td>
                <td role="cell">
                  <div className={c.ok ? "" : "form-error"}>{c.detail}</div>
                  {c.fix && <div className="faint">{c.fix}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function TestConnectionButton({ account, action }: { account: AwsAccountView; action: Action<ConnectionTest> }) {
  const [state, dispatch, pending] = useActionState(action, null);
  const result = state?.ok ? state.data : account.lastTest;
  return (
    <div className="stack">
      <form action={dispatch}>
        <input type="hidden" name="id" value={account.id} />
        <button type="submit" disabled={pending} aria-label={`Test the connection to ${account.name}`}>
          {pending ? "Testing… (calls each API once)" : "Test connection"}
        </button>
        {state && !state.ok && <FormStatus state={state} />}
      </form>
      {result && <ConnectionResult test={result} at={state?.ok ? new Date() : account.lastTestAt} />}
      {!result && <p className="faint">Not tested yet. A test calls each API once; its two Cost Explorer requests cost $0.02.</p>}
    </div>
  );
}

export function RemoveAwsAccountButton({ account, action }: { account: AwsAccountView; action: Action<{ name: string }> }) {
  const [state, dispatch, pending] = useActionState(action, null);
  return (
    <form
      action={dispatch}
      onSubmit={(e) => {
        if (!window.confirm(`Stop reading ${account.name}? Its history stays; its resources are marked gone at the next sync.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={account.id} />
      <button type="submit" className="link-button" disabled={pending} aria-label={`Remove ${account.name}`}>
        Remove
      </button>
      {state && !state.ok && <FormStatus state={state} />}
    </form>
  );
}
