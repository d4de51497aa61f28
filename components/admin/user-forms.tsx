"use client";

import { useActionState } from "react";
import { createUserAction, removeUserAction, resetPasswordAction, updateUserAction } from "@/app/admin/users/actions";
import type { UserView } from "@/lib/auth/users";
import { ROLES } from "@/lib/domain/authorization";
import { FieldError, FormStatus } from "../forms/form-status";

type App = { id: number; name: string };

function OwnedApps({ applications, owned, idPrefix }: { applications: App[]; owned: number[]; idPrefix: string }) {
  return (
    <fieldset className="inline-form" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend className="visually-hidden">Owner of</legend>
      {applications.map((app) => (
        <label key={app.id} htmlFor={`${idPrefix}-${app.id}`} style={{ fontWeight: 400 }}>
          <input id={`${idPrefix}-${app.id}`} type="checkbox" name="applicationIds[]" value={app.id} defaultChecked={owned.includes(app.id)} /> {app.name}
        </label>
      ))}
    </fieldset>
  );
}

export function CreateUserForm({ applications }: { applications: App[] }) {
  const [state, dispatch, pending] = useActionState(createUserAction, null);
  return (
    <form action={dispatch} aria-label="Create a user" className="stack">
      <div className="inline-form">
        <div className="field">
          <label htmlFor="new-email">E-mail</label>
          <input id="new-email" name="email" type="email" required />
          <FieldError state={state} name="email" />
        </div>
        <div className="field">
          <label htmlFor="new-name">Name</label>
          <input id="new-name" name="name" />
        </div>
        <div className="field">
          <label htmlFor="new-role">Role</label>
          <select id="new-role" name="role" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <span style={{ fontWeight: 600, fontSize: 13 }}>Owner of</span>
          <OwnedApps applications={applications} owned={[]} idPrefix="new-owns" />
        </div>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Creating…" : "Create user"}
        </button>
      </div>
      {state && !state.ok && <FormStatus state={state} />}
      {state?.ok && (
        <div className="notice" role="status">
          Created {state.data.email}. Their temporary password, shown once: <span className="secret">{state.data.password}</span>
        </div>
      )}
    </form>
  );
}

export function UserRow({ user, applications, self }: { user: UserView; applications: App[]; self: boolean }) {
  const [state, dispatch, pending] = useActionState(updateUserAction, null);
  const [resetState, reset, resetting] = useActionState(resetPasswordAction, null);
  const [removeState, remove, removing] = useActionState(removeUserAction, null);
  const formId = `user-${user.id}`;
  return (
    <tr role="row">
      <td role="cell">
        <div>{user.email}</div>
        <div className="faint">{user.name}</div>
      </td>
      <td role="cell" data-label="Role">
        <select form={formId} name="role" defaultValue={user.role} aria-label={`Role of ${user.email}`}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </td>
      <td role="cell" data-label="Owner of">
        <form id={formId} action={dispatch} className="inline-form">
          <input type="hidden" name="userId" value={user.id} />
          <OwnedApps applications={applications} owned={user.ownedApplications.map((a) => a.id)} idPrefix={`owns-${user.id}`} />
          <button type="submit" disabled={pending} aria-label={`Save ${user.email}`}>
            {pending ? "Saving…" : "Save"}
          </button>
        </form>
        <FormStatus state={state} />
      </td>
      <td role="cell" className="faint" data-label="Last sign-in">
        {user.lastSignInAt ? user.lastSignInAt.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never"}
      </td>
      <td role="cell" className="actions-cell">
        <div className="inline-form">
          <form action={reset}>
            <input type="hidden" name="userId" value={user.id} />
            <button type="submit" disabled={resetting} aria-label={`Reset password of ${user.email}`}>
              Reset password
            </button>
          </form>
          {!self && (
            <form
              action={remove}
              onSubmit={(e) => {
                if (!window.confirm(`Remove ${user.email}? Their sessions end at once.`)) e.preventDefault();
              }}
            >
              <input type="hidden" name="userId" value={user.id} />
              <button type="submit" disabled={removing} aria-label={`Remove ${user.email}`}>
                Remove
              </button>
            </form>
          )}
        </div>
        {resetState?.ok && (
          <div className="notice" role="status">
            New temporary password: <span className="secret">{resetState.data.password}</span>
          </div>
        )}
        {resetState && !resetState.ok && <FormStatus state={resetState} />}
        {removeState && !removeState.ok && <FormStatus state={removeState} />}
      </td>
    </tr>
  );
}
