"use server";

import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import type { Db } from "@/lib/db/client";
import { deleteView, saveView, saveViewInput } from "@/lib/data/saved-views";
import { UnauthorizedError } from "@/lib/errors";

const userOf = (principal: { kind: string; userId?: string; email?: string; role?: string }) => {
  if (principal.kind !== "user" || !principal.userId || !principal.email) throw new UnauthorizedError("Views are saved by people, not tokens.");
  return { userId: principal.userId, email: principal.email, role: principal.role ?? "viewer" };
};

export const saveViewAction = serverAction({
  permission: "dashboard:read",
  input: saveViewInput,
  handler: async ({ input, principal, db }) => saveView(db, input, userOf(principal), principal),
  revalidate: () => ["/explore"],
  message: (v) => `Saved “${v.name}”: everyone who reads the dashboard finds it under Saved views.`,
});

const view = {
  fields: z.object({ viewId: z.coerce.number().int().positive() }),
  resolve: async ({ key, db }: { key: { viewId: number }; db: Db }) => {
    const row = await db.savedView.findUnique({ where: { id: key.viewId } });
    return row && { target: { kind: "account" as const }, object: row };
  },
};

export const deleteViewAction = serverAction({
  permission: "dashboard:read",
  target: view,
  input: z.object({}),
  handler: async ({ object, principal, db }) => deleteView(db, object.id, userOf(principal), principal),
  revalidate: () => ["/explore"],
  message: (v) => `Deleted “${v.name}”.`,
});
