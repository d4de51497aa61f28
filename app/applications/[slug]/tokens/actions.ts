"use server";

import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { TOKEN_SCOPES } from "@/lib/domain/authorization";

export const createToken = serverAction({
  permission: "token:manage",
  target: {
    fields: z.object({ applicationId: z.coerce.number().int() }),
    resolve: async ({ key, db }) => {
      const app = await db.application.findUnique({ where: { id: key.applicationId } });
      return app && { target: { kind: "application", applicationId: app.id, name: app.name }, object: app };
    },
  },
  input: z.object({
    name: z.string().trim().min(1, "Give the token a name, e.g. the service that uses it.").max(80, "At most 80 characters."),
    scope: z.enum(TOKEN_SCOPES, { message: "Pick read, ingest or flags." }),
  }),
  handler: async ({ input, principal, object, db }) => {
    const { token, view } = await createApiToken(db, { applicationId: object.id, name: input.name, scope: input.scope, actor: principal });
    return { token, name: view.name, scope: view.scope };
  },
  revalidate: ({ object }) => [`/applications/${object.slug}/tokens`],
});

export const revokeToken = serverAction({
  permission: "token:manage",
  target: {
    fields: z.object({ tokenId: z.coerce.number().int() }),
    resolve: async ({ key, db }) => {
      const token = await db.apiToken.findUnique({ where: { id: key.tokenId }, include: { application: true } });
      return token && { target: { kind: "application", applicationId: token.applicationId, name: token.application.name }, object: token };
    },
  },
  input: z.object({}),
  handler: async ({ object, principal, db }) => revokeApiToken(db, object.id, principal),
  revalidate: ({ object }) => [`/applications/${object.application.slug}/tokens`],
  message: (token) => `Revoked ${token.name}. Callers using it now get 401.`,
});
