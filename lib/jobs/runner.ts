// Which process runs a job, recorded on each run: under `npm start` the jobs belong to
// the worker process, never to the dashboard that renders pages.
import os from "node:os";
import { env } from "../env";

/** 'worker@host:pid' under npm start; 'in-process@…' where the scheduler runs inside Next.js (next dev) or a CLI command. */
export function runnerLabel(): string {
  return `${env.FRUGAL_PROCESS ?? "in-process"}@${os.hostname()}:${process.pid}`;
}

/** The processes `npm start` runs for a role. */
export function processesFor(role: "web" | "worker" | "all"): { front: boolean; dashboard: boolean; worker: boolean } {
  return { front: role !== "worker", dashboard: role !== "worker", worker: role !== "web" };
}

/** Whether this process's scheduler may run jobs: not in the dashboard of npm start, which has a worker beside it (or elsewhere). */
export function schedulesJobsHere(): boolean {
  return env.FRUGAL_PROCESS !== "dashboard";
}
