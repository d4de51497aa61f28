// A lease in the database makes sure one process at a time runs a named job
// (the server's scheduler, a CLI sync, another instance). A holder that dies
// stops renewing, its lease expires, and the next caller takes over; a holder on
// this machine whose process is gone (kill -9, a crash) is taken over at once.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import type { Db } from "../db/client";

const PROCESS_ID = `${os.hostname()}:${process.pid}`;

/** Each run of a job holds the lease under its own name, so two runs in one process exclude each other too. */
export function newHolderId(): string {
  return `${PROCESS_ID}:${randomUUID().slice(0, 8)}`;
}

/**
 * The jobs that run under a lease, and what each is held for: a sync or the overload signals of
 * one cloud account, the cost limits of one application. leaseName writes the lease's name for
 * the jobs that take it, leasedJob reads it back for the page that says what is running.
 */
export type LeasedJob = { kind: "sync" | "signals"; accountId: number } | { kind: "limits"; applicationId: number };

export function leaseName(job: LeasedJob): string {
  return job.kind === "limits" ? `limits:${job.applicationId}` : `${job.kind}:${job.accountId}`;
}

/** The job a lease is held for, or null for a name leaseName does not write (a worker's heartbeat, say). */
export function leasedJob(name: string): LeasedJob | null {
  const match = /^(sync|signals|limits):([1-9]\d*)$/.exec(name);
  if (!match) return null;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return null;
  return match[1] === "limits" ? { kind: "limits", applicationId: id } : { kind: match[1] as "sync" | "signals", accountId: id };
}

export type LeaseResult<T> = { acquired: true; value: T } | { acquired: false; holder: string; expiresAt: Date };

export function isUniqueViolation(error: unknown): boolean {
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

/** The process (host:pid) of a holder made by newHolderId (host:pid:run). */
export function holderProcess(holder: string): string {
  return holder.split(":").slice(0, 2).join(":");
}

/** True when the holder ran on this machine and its process no longer exists, or has ended and not been reaped yet. */
export function holderIsDeadHere(holder: string): boolean {
  const [host, pid] = holderProcess(holder).split(":");
  if (host !== os.hostname() || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  return hasEnded(Number(pid));
}

/**
 * A process that has ended but whose parent has not yet collected it (a zombie) still answers
 * kill(pid, 0), though it runs nothing. A worker killed with its front process is one until the
 * init process reaps it: about 2 s here, and for good in a container whose init never does.
 * Linux says so in /proc/<pid>/stat (state Z, or X while it goes); elsewhere it counts as alive.
 */
function hasEnded(pid: number): boolean {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return false;
  }
  // "pid (command) state ...": the command may hold spaces and parentheses, so read after the last ')'.
  const state = stat.slice(stat.lastIndexOf(")") + 2).charAt(0);
  return state === "Z" || state === "X";
}

/** Takes a lease from a holder that died on this machine, before its lease expires. */
async function takeFromDead(db: Db, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const lease = await db.jobLease.findUnique({ where: { name } });
  if (!lease || !holderIsDeadHere(lease.holder)) return false;
  const taken = await db.jobLease.updateMany({ where: { name, holder: lease.holder }, data: { holder, expiresAt: new Date(Date.now() + ttlMs) } });
  return taken.count === 1;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.jobLease.deleteMany({ where: { name, holder } });
}

/** Runs fn while holding the lease, renewing it as it goes; does not run fn if someone else holds it. */
export async function withLease<T>(db: Db, name: string, ttlMs: number, fn: () => Promise<T>, holder = newHolderId()): Promise<LeaseResult<T>> {
  if (!(await tryAcquireLease(db, name, holder, ttlMs)) && !(await takeFromDead(db, name, holder, ttlMs))) {
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

/**
 * Runs of a job left "running" by a process that died: called by the next run,
 * inside the lease, when no other run of that job can be alive.
 */
export async function failOrphanedRuns(db: Db, accountId: number, kind: "sync" | "signals", exceptRunId: number): Promise<number> {
  const orphaned = await db.syncRun.updateMany({
    where: { accountId, status: "running", id: { not: exceptRunId }, trigger: kind === "signals" ? "signals" : { not: "signals" } },
    data: { status: "failed", finishedAt: new Date(), error: "The process running it stopped before it finished (crashed or was killed); the next run read the range again." },
  });
  return orphaned.count;
}
