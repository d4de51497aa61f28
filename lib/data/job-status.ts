// Where the jobs run, for the settings page: the processes that schedule them and reported in the
// last minute (their heartbeats, lib/jobs/heartbeat.ts), and the jobs running now, each on the
// process that holds its lease (lib/jobs/lease.ts). With several instances, this is how an admin
// tells which one runs what, and that one runs at all; GET /api/ready says only how many.
import type { Db } from "../db/client";
import { HEARTBEAT_PREFIX, workersSeen } from "../jobs/heartbeat";
import { holderProcess } from "../jobs/lease";

export interface RunningJob {
  /** What runs, in words: "Sync", "Overload signals", "Cost limits of Storefront". */
  job: string;
  /** host:pid of the process that runs it. */
  process: string;
  /** When its holder last renewed the lease, and when the lease runs out unless renewed again. */
  renewedAt: Date;
  expiresAt: Date;
}

export interface JobStatus {
  workers: { name: string; lastSeenAt: Date }[];
  running: RunningJob[];
}

const JOBS: Record<string, string> = { sync: "Sync", signals: "Overload signals" };

export async function getJobStatus(db: Db, now = new Date()): Promise<JobStatus> {
  const [workers, leases] = await Promise.all([
    workersSeen(db, now),
    db.jobLease.findMany({ where: { NOT: { name: { startsWith: HEARTBEAT_PREFIX } }, expiresAt: { gt: now } }, orderBy: { name: "asc" } }),
  ]);
  // limits:<applicationId>, one lease per application: named by the application.
  const appIds = leases.flatMap((l) => /^limits:(\d+)$/.exec(l.name)?.[1] ?? []).map(Number);
  const apps = new Map(appIds.length ? (await db.application.findMany({ where: { id: { in: appIds } }, select: { id: true, name: true } })).map((a) => [a.id, a.name]) : []);
  const running = leases.map((l) => {
    const [kind = "", id = ""] = l.name.split(":");
    const job = kind === "limits" ? `Cost limits of ${apps.get(Number(id)) ?? `application ${id}`}` : (JOBS[kind] ?? l.name);
    // The process is what an admin can find, not the run's own suffix.
    return { job, process: holderProcess(l.holder), renewedAt: l.updatedAt, expiresAt: l.expiresAt };
  });
  return { workers, running };
}
