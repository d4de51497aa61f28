import type { Db } from "../db/client";
import { isRole, type Principal } from "../domain/authorization";
import { principalForToken } from "./tokens";

export type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** The signed-in user behind a request's session cookie, with their role and the applications they own. */
export async function principalForSession(db: Db, headers: Headers): Promise<UserPrincipal | null> {
  if (!headers.get("cookie")?.includes("session_token=")) return null;
  // Better Auth is loaded with the first session, not with every route: token callers and the
  // many suites that never sign in do without it (about a second of loading per process).
  const { auth } = await import("./auth");
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const user = await db.user.findUnique({ where: { id: session.user.id }, include: { ownerships: { select: { applicationId: true } } } });
  if (!user) return null;
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    role: isRole(user.role) ? user.role : "viewer",
    ownedApplicationIds: user.ownerships.map((o) => o.applicationId),
  };
}

export type Credential = { principal: Principal; via: "session" | "token" };

/**
 * A request's caller: `Authorization: Bearer <token>` when present (a bad token is
 * refused, never quietly replaced by a cookie), otherwise the session cookie.
 */
export async function principalForRequest(db: Db, request: Request): Promise<Credential | null> {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    const principal = match ? await principalForToken(db, match[1] as string) : null;
    return principal ? { principal, via: "token" } : null;
  }
  const principal = await principalForSession(db, request.headers);
  return principal ? { principal, via: "session" } : null;
}
