// Which process runs a job, recorded on each run: under `npm start` the jobs belong to
// the worker process, never to the dashboard that renders pages.
import fs from "node:fs";
import os from "node:os";
import { env } from "../env";

/** 'worker@host:pid' under npm start; 'in-process@…' where the scheduler runs inside Next.js (next dev) or a CLI command. */
export function runnerLabel(): string {
  return `${env.FRUGAL_PROCESS ?? "in-process"}@${os.hostname()}:${process.pid}`;
}

/** The processes `npm start` runs for a role. */
export function processesFor(role: "web" | "worker" | "all" | "ofrep"): { front: boolean; dashboard: boolean; worker: boolean } {
  return { front: role !== "worker", dashboard: role === "web" || role === "all", worker: role === "worker" || role === "all" };
}

/**
 * Node flags for the worker process: young-generation halves of 64 MiB instead of V8's 16. The
 * jobs make rows by the hundred thousand that live for one batch; with the default, many of
 * them survived two scavenges, were copied into the old generation and collected there. Measured
 * at 1x (`scripts/bench/aws-sync.ts --services 1000 --schedule`, two runs each way): a signals run
 * 9.2-9.8 s -> 8.3 s, the first one 28.6-29.8 s -> 26.4-27.6 s, the sync 12.1-12.3 s -> 11.6-12.3 s.
 * The price is memory the young generation may fill (128 MiB at most, against 32): the 10x sync's
 * peak RSS +274 MiB against +189-215; on PostgreSQL the 1x and 10x syncs' +117 and +139 MiB against
 * +57 and +63 (README, AWS figures).
 * None where NODE_OPTIONS already sizes it: the operator's setting stands.
 */
export function workerNodeFlags(nodeOptions = process.env.NODE_OPTIONS ?? ""): string[] {
  return nodeOptions.includes("--max-semi-space-size") ? [] : ["--max-semi-space-size=64"];
}

/** Whether this process's scheduler may run jobs: not in the dashboard of npm start, which has a worker beside it (or elsewhere). */
export function schedulesJobsHere(): boolean {
  return env.FRUGAL_PROCESS !== "dashboard";
}

/** A Linux CPU list ("0-3,8,10-11", as in /proc/self/status): the CPUs in it, ascending. */
export function parseCpuList(list: string): number[] {
  const cpus = new Set<number>();
  for (const part of list.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return [];
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 4096) return [];
    for (let cpu = from; cpu <= to; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/** The CPUs this process may run on (Linux), as the kernel lists them; null elsewhere. */
export function allowedCpuList(): string | null {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * The CPU the worker is kept on (FRUGAL_WORKER_CPU=auto): the last this process may use, when it
 * may use two or more; null to leave it on any. A request crosses the front and the dashboard one
 * after the other, so a CPU without the worker is enough for it; a job then never holds the CPU
 * that a woken request waits for, which nice 10 alone does not ensure. Measured by `npm run
 * bench -- --only jobs` on 2 CPUs (README, Running in production).
 */
export function workerCpu(setting: "auto" | "off", allowed: string | null): number | null {
  if (setting === "off" || allowed === null) return null;
  const cpus = parseCpuList(allowed);
  return cpus.length >= 2 ? (cpus.at(-1) as number) : null;
}
