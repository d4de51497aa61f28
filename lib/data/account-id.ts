import type { Db } from "../db/client";
import { NotFoundError } from "../errors";
import { defaultAccountId } from "../jobs/sync-account";

/** The account handlers act on; one per installation for now. */
export async function requireAccountId(db: Db): Promise<number> {
  const id = await defaultAccountId(db);
  if (id === null) throw new NotFoundError("There is no account yet; run `npm run frugal -- setup`.");
  return id;
}
