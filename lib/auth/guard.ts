// Pages and their cards read through these: no session, no data.
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { cache } from "react";
import { db } from "../db/client";
import { authorize, type Action, type Target } from "../domain/authorization";
import { principalForSession, type UserPrincipal } from "./principal";

/** The signed-in user of this request, looked up once per request. */
export const currentUser = cache(async (): Promise<UserPrincipal | null> => principalForSession(db(), await headers()));

export async function requireUser(): Promise<UserPrincipal> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** The user, if they may do `action` to `target`; otherwise the 403 page. */
export async function requirePermission(action: Action, target: Target = { kind: "account" }): Promise<UserPrincipal> {
  const user = await requireUser();
  if (!authorize(user, action, target).allowed) forbidden();
  return user;
}

/** For showing or hiding controls; the server checks again when they are used. */
export function can(user: UserPrincipal, action: Action, target: Target = { kind: "account" }): boolean {
  return authorize(user, action, target).allowed;
}
