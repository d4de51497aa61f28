import { apiRoute } from "@/lib/auth/api-route";

/** Who the caller is: a quick way to check a token or a session. */
export const GET = apiRoute({
  permission: "dashboard:read",
  handler: async ({ principal, via }) =>
    principal.kind === "user"
      ? { kind: "user", via, email: principal.email, role: principal.role, ownedApplicationIds: principal.ownedApplicationIds }
      : { kind: "token", via, name: principal.name, scope: principal.scope, applicationId: principal.applicationId },
});
