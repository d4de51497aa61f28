import { apiRoute } from "@/lib/auth/api-route";

/** Who the caller is: a quick way to check a token or a session. Applications by slug, as everywhere in the API. */
export const GET = apiRoute({
  permission: "dashboard:read",
  handler: async ({ principal, via, db }) => {
    const ids = principal.kind === "user" ? [...principal.ownedApplicationIds] : [principal.applicationId];
    const slugs = new Map((await db.application.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true } })).map((a) => [a.id, a.slug]));
    return principal.kind === "user"
      ? { kind: "user", via, email: principal.email, role: principal.role, ownedApplications: ids.flatMap((id) => slugs.get(id) ?? []) }
      : { kind: "token", via, name: principal.name, scope: principal.scope, application: slugs.get(principal.applicationId) ?? null };
  },
});
