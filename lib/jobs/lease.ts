// A lease in the database makes sure one process at a time runs a named job
// (the server's scheduler, a CLI sync, another instance). A holder that dies
// stops renewing, its lease expires, and the next caller takes over.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Db } from "../db/client";

const PROCESS_ID = `${os.hostname()}:${process.pid}`;

/** Each run of a job holds the lease under its own name, so two runs in one process exclude each other too. */
export function newHolderId(): string {
  return `${PROCESS_ID}:${randomUUID().slice(0, 8)}`;
}

export type LeaseResult<T> = { acquired: true; value: T } | { acquired: false; holder: string; expiresAt: Date };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export async function tryAcquireLease(db: Db, name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const taken = await db.jobLease.updateMany({
    where: { name, OR: [{ expiresAt: { lt: now } }, { holder }] },
    data: { holder, expiresAt },
  });
  if (taken.count === 1) return true;
  try {
    await db.jobLease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.jobLease.deleteMany({ where: { name, holder } });
}

/** Runs fn while holding the lease, renewing it as it goes; does not run fn if someone else holds it. */
export async function withLease<T>(db: Db, name: string, ttlMs: number, fn: () => Promise<T>, holder = newHolderId()): Promise<LeaseResult<T>> {
  if (!(await tryAcquireLease(db, name, holder, ttlMs))) {
    const lease = await db.jobLease.findUnique({ where: { name } });
    return { acquired: false, holder: lease?.holder ?? "unknown", expiresAt: lease?.expiresAt ?? new Date() };
  }
  const renew = setInterval(() => {
    tryAcquireLease(db, name, holder, ttlMs).catch(() => undefined);
  }, Math.max(1_000, ttlMs / 3));
  renew.unref();
  try {
    return { acquired: true, value: await fn() };
  } finally {
    clearInterval(renew);
    await releaseLease(db, name, holder).catch(() => undefined);
  }
}
