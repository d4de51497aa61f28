import type { Db } from "../db/client";
import { env } from "../env";
import { createSource } from "../sources";
import type { Source } from "../sources/types";
import { withLease, type LeaseResult } from "./lease";
import { runSync, type SyncProgress, type SyncResult, type SyncTrigger } from "./sync";

/** A sync renews its lease while it runs; one that dies frees it within this long. */
const SYNC_LEASE_MS = 60_000;

export interface SyncAccountOptions {
  trigger: SyncTrigger;
  days?: number;
  source?: Source;
  onProgress?: (progress: SyncProgress) => void;
}

/** Runs a sync of the account unless another process is already syncing it. */
export function syncAccount(db: Db, accountId: number, options: SyncAccountOptions): Promise<LeaseResult<SyncResult>> {
  return withLease(db, `sync:${accountId}`, SYNC_LEASE_MS, () =>
    runSync({
      db,
      source: options.source ?? createSource(),
      accountId,
      trigger: options.trigger,
      days: options.days ?? env.FRUGAL_SYNC_DAYS,
      onProgress: options.onProgress,
    }),
  );
}

/** The account Frugal shows. One account for now; several later. */
export async function defaultAccountId(db: Db): Promise<number | null> {
  const account = await db.cloudAccount.findFirst({ orderBy: { id: "asc" }, select: { id: true } });
  return account?.id ?? null;
}
