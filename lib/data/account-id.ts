// Which account the dashboard, the API and the CLI act on. Kept apart from the sync, which
// loads every source (the AWS SDK among them): a page or a route that only needs the id
// should not load what reads AWS.
import type { Db } from "../db/client";
import { env } from "../env";
import { NotFoundError } from "../errors";

/** The account Frugal shows: the one of the source FRUGAL_SOURCE names, else the first; null before the first setup. */
export async function defaultAccountId(db: Db): Promise<number | null> {
  const account =
    (await db.cloudAccount.findFirst({ where: { source: env.FRUGAL_SOURCE }, orderBy: { id: "asc" }, select: { id: true } })) ??
    (await db.cloudAccount.findFirst({ orderBy: { id: "asc" }, select: { id: true } }));
  return account?.id ?? null;
}

/** The account handlers act on; one per installation for now. */
export async function requireAccountId(db: Db): Promise<number> {
  const id = await defaultAccountId(db);
  if (id === null) throw new NotFoundError("There is no account yet; run `npm run frugal -- setup`.");
  return id;
}
