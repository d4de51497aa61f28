"use client";

import { useActionState } from "react";
import { signOut } from "@/app/actions";

export function SignOutButton() {
  const [, dispatch, pending] = useActionState(signOut, null);
  return (
    <form action={dispatch}>
      <button type="submit" disabled={pending}>
        {pending ? "Signing out…" : "Sign out"}
      </button>
    </form>
  );
}
