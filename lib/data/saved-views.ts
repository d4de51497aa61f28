// Saved Explore views: a name and the view's query string. Anyone who may read the
// dashboard saves and sees them; only their owner or an admin deletes one. Audited.
import { z } from "zod";
import type { AuditActor } from "../audit/record";
import { recordAudit } from "../audit/record";
import type { Db } from "../db/client";
import { toDay } from "../domain/day";
import { exploreSearch, ExploreQueryError, parseExploreQuery, type Params } from "../domain/explore";
import { ForbiddenError, NotFoundError, UnprocessableError } from "../errors";

export const saveViewInput = z.object({
  name: z.string().trim().min(1, "Give the view a name.").max(100, "Keep the name under 100 characters."),
  search: z.string().max(4000),
});

/** Saves a view under a name, its query string checked and written back in its canonical form. */
export async function saveView(db: Db, input: z.infer<typeof saveViewInput>, owner: { userId: string; email: string }, actor: AuditActor) {
  const params: Params = {};
  for (const [k, v] of new URLSearchParams(input.search)) {
    const seen = params[k];
    params[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
  }
  let search: string;
  try {
    search = exploreSearch(parseExploreQuery(params, toDay(new Date())));
  } catch (error) {
    if (error instanceof ExploreQueryError) throw new UnprocessableError(error.message);
    throw error;
  }
  return db.$transaction(async (tx) => {
    const view = await tx.savedView.create({ data: { name: input.name, search, ownerId: owner.userId, ownerEmail: owner.email } });
    await recordAudit(tx, { actor, action: "view.saved", object: { type: "view", id: view.id, label: view.name }, after: { search } });
    return view;
  });
}

export async function deleteView(db: Db, id: number, by: { userId: string; role: string }, actor: AuditActor) {
  return db.$transaction(async (tx) => {
    const view = await tx.savedView.findUnique({ where: { id } });
    if (!view) throw new NotFoundError("No such view.");
    if (view.ownerId !== by.userId && by.role !== "admin") throw new ForbiddenError(`Only ${view.ownerEmail} or an admin may delete this view.`);
    await tx.savedView.delete({ where: { id } });
    await recordAudit(tx, { actor, action: "view.deleted", object: { type: "view", id, label: view.name }, before: { search: view.search } });
    return view;
  });
}

export function listViews(db: Db) {
  return db.savedView.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }], take: 200 });
}
