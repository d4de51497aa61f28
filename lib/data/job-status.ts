// Where the jobs run, for the settings page: the processes that schedule them and reported in the
// last minute (their heartbeats, lib/jobs/heartbeat.ts), and the jobs running now, each on the
// process that holds its lease (lib/jobs/lease.ts). With several instances, this is how an admin
// tells which one runs what, and that one runs at all; GET /api/ready says only how many.
import type { Db } from "../db/client";
import { HEARTBEAT_PREFIX, workersSeen } from "../jobs/heartbeat";
import { holderProcess, leasedJob, type LeasedJob } from "../jobs/lease";

export interface RunningJob {
  /** What runs, in words: "Sync of Demo account", "Overload signals of …", "Cost limits of Storefront". */
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

export async function getJobStatus(db: Db, now = new Date()): Promise<JobStatus> {
  const [workers, leases] = await Promise.all([
    workersSeen(db, now),
    db.jobLease.findMany({ where: { NOT: { name: { startsWith: HEARTBEAT_PREFIX } }, expiresAt: { gt: now } }, orderBy: { name: "asc" } }),
  ]);
  const jobs = leases.map((l) => leasedJob(l.name));
  // Each job named by what it is held for: its cloud account, or its application.
  const accountIds = jobs.flatMap((j) => (j && j.kind !== "limits" ? [j.accountId] : []));
  const appIds = jobs.flatMap((j) => (j?.kind === "limits" ? [j.applicationId] : []));
  const [accounts, apps] = await Promise.all([
    accountIds.length ? db.cloudAccount.findMany({ where: { id: { in: accountIds } }, select: { id: true, name: true } }) : [],
    appIds.length ? db.application.findMany({ where: { id: { in: appIds } }, select: { id: true, name: true } }) : [],
  ]);
  const accountName = new Map(accounts.map((a) => [a.id, a.name]));
  const appName = new Map(apps.map((a) => [a.id, a.name]));
  const describe = (job: LeasedJob) => {
    switch (job.kind) {
      case "limits":
        return `Cost limits of ${appName.get(job.applicationId) ?? `application ${job.applicationId}`}`;
      case "sync":
      case "signals":
        return `${job.kind === "sync" ? "Sync" : "Overload signals"} of ${accountName.get(job.accountId) ?? `account ${job.accountId}`}`;
    }
  };
  // A lease no job of this version takes shows under its own name; the process is what an admin can find, not the run's own suffix.
  const running = leases.map((l, i) => ({ job: jobs[i] ? describe(jobs[i]) : l.name, process: holderProcess(l.holder), renewedAt: l.updatedAt, expiresAt: l.expiresAt }));
  return { workers, running };
}
