import type { Db } from "../db/client";
import { defaultAccountId } from "./account-id";
import { num } from "./sql";

export interface AccountView {
  id: number;
  name: string;
  source: "demo" | "aws";
}

export interface SyncRunView {
  id: number;
  status: string;
  trigger: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  apiCallCount: number;
  apiCostMicroUsd: number;
}

export async function getAccount(db: Db): Promise<AccountView | null> {
  const id = await defaultAccountId(db);
  const account = id === null ? null : await db.cloudAccount.findUnique({ where: { id } });
  if (!account) return null;
  return { id: account.id, name: account.name, source: account.source === "aws" ? "aws" : "demo" };
}

/** The newest finished sync and the newest failed one (if it is newer than the last success). */
export interface SyncProgressView {
  step: string;
  label: string;
  done: number;
  total: number;
}

export async function getSyncStatus(db: Db, accountId: number): Promise<{ lastSuccess: SyncRunView | null; lastFailure: SyncRunView | null; running: boolean; progress: SyncProgressView | null }> {
  const [success, failure, running, current] = await Promise.all([
    db.syncRun.findFirst({ where: { accountId, status: "succeeded", trigger: { not: "signals" } }, orderBy: { startedAt: "desc" } }),
    db.syncRun.findFirst({ where: { accountId, status: "failed", trigger: { not: "signals" } }, orderBy: { startedAt: "desc" } }),
    db.syncRun.count({ where: { accountId, status: "running", trigger: { not: "signals" }, startedAt: { gt: new Date(Date.now() - 15 * 60_000) } } }),
    db.syncRun.findFirst({ where: { accountId, status: "running", trigger: { not: "signals" } }, orderBy: { startedAt: "desc" }, select: { stats: true } }),
  ]);
  const p = (current?.stats as { progress?: SyncProgressView } | null)?.progress;
  const progress = p && typeof p.done === "number" && typeof p.total === "number" ? p : null;
  const view = (r: typeof success): SyncRunView | null =>
    r && {
      id: r.id,
      status: r.status,
      trigger: r.trigger,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      durationMs: r.durationMs,
      error: r.error,
      apiCallCount: r.apiCallCount,
      apiCostMicroUsd: num(r.apiCostMicroUsd),
    };
  const lastFailure = failure && (!success || failure.startedAt > success.startedAt) ? view(failure) : null;
  return { lastSuccess: view(success), lastFailure, running: running > 0, progress };
}
