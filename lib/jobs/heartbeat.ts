// Whoever schedules the jobs (the worker under npm start, Next.js itself under next dev)
// says so every 15 s in the database, so that GET /api/ready on any instance can tell
// whether jobs run anywhere. A row per process, in the lease table, expiring after 60 s.
import os from "node:os";
import type { Db } from "../db/client";

export const HEARTBEAT_PREFIX = "worker:";
export const HEARTBEAT_EVERY_MS = 15_000;
const HEARTBEAT_TTL_MS = 60_000;

const NAME = `${HEARTBEAT_PREFIX}${os.hostname()}:${process.pid}`;

export async function beat(db: Db, now = new Date()): Promise<void> {
  const expiresAt = new Date(now.getTime() + HEARTBEAT_TTL_MS);
  await db.jobLease.upsert({ where: { name: NAME }, create: { name: NAME, holder: NAME, expiresAt }, update: { expiresAt } });
  // Processes that stopped (restarts leave one row each) go once their row has run out.
  await db.jobLease.deleteMany({ where: { name: { startsWith: HEARTBEAT_PREFIX }, expiresAt: { lt: now } } });
}

/** The processes scheduling jobs that have said so in the last minute (host:pid), and when they last did. */
export async function workersSeen(db: Db, now = new Date()): Promise<{ name: string; lastSeenAt: Date }[]> {
  const rows = await db.jobLease.findMany({ where: { name: { startsWith: HEARTBEAT_PREFIX }, expiresAt: { gt: now } }, select: { name: true, updatedAt: true }, orderBy: { name: "asc" } });
  return rows.map((r) => ({ name: r.name.slice(HEARTBEAT_PREFIX.length), lastSeenAt: r.updatedAt }));
}

/** The processes scheduling jobs that have said so in the last minute. */
export async function liveWorkers(db: Db, now = new Date()): Promise<string[]> {
  return (await workersSeen(db, now)).map((w) => w.name);
}
