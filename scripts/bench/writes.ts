// What the sync's and the samples' writes cost when every figure is new, and again when every
// figure changed (a source that revised its numbers: estimated cost days, minutes still filling):
// the demo account's days, then its high-resolution samples, written from one seed and then from
// another, into a fresh SQLite file and, given a server, a fresh PostgreSQL database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "../../lib/db/client";
import { deployPending } from "../../lib/db/migrate";
import { createDatabase, dropDatabase } from "../../lib/db/postgres-server";
import { seedDemoAccount } from "../../lib/jobs/seed-demo";
import { syncSamples } from "../../lib/jobs/sync-samples";
import { runSync } from "../../lib/jobs/sync";
import { DemoSource } from "../../lib/sources/demo/demo-source";

export interface WriteStep {
  what: string;
  rows: { inserted: number; updated: number };
  ms: number;
}

/** Where the writes go: a migrated, empty database of each dialect. */
async function freshDatabase(dialect: "sqlite" | "postgres", server: string | undefined): Promise<{ db: Db; drop: () => Promise<void> }> {
  const name = "frugal_bench_writes";
  const dir = dialect === "sqlite" ? fs.mkdtempSync(path.join(os.tmpdir(), "frugal-bench-writes-")) : "";
  const url = dir ? `file:${path.join(dir, "writes.db")}` : await createDatabase(server as string, name, { replace: true });
  await deployPending(url);
  const db = createDb(url);
  const drop = async () => {
    await db.$disconnect();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    else await dropDatabase(server as string, name);
  };
  return { db, drop };
}

/**
 * `days`: of the demo's history (90 in the bench, a few with --tiny). `samples`: also the 2 days of
 * samples (their size is fixed: --tiny leaves them out, the overload tests write them).
 */
export async function benchWrites(dialect: "sqlite" | "postgres", { days = 90, samples = true, server }: { days?: number; samples?: boolean; server?: string } = {}): Promise<WriteStep[]> {
  const { db, drop } = await freshDatabase(dialect, server);
  try {
    const { accountId } = await seedDemoAccount(db);
    const now = new Date("2026-11-28T12:00:00Z");
    const source = (seed: number) => new DemoSource({ seed, now: () => now });
    const steps: WriteStep[] = [];
    const timed = async (what: string, run: () => Promise<{ inserted: number; updated: number }>) => {
      const started = performance.now();
      const rows = await run();
      steps.push({ what, rows: { inserted: rows.inserted, updated: rows.updated }, ms: performance.now() - started });
    };
    const sync = async (seed: number) => {
      const result = await runSync({ db, source: source(seed), accountId, trigger: "cli", now, days });
      if (result.status !== "succeeded") throw new Error(`the demo sync failed: ${result.error}`);
      return result.stats;
    };
    await timed(`${days} days, all new`, () => sync(42));
    await timed(`${days} days again, every figure changed`, () => sync(43));
    if (samples) {
      await timed("2 days of samples, all new", () => syncSamples(db, source(42), accountId, now));
      await timed("2 days of samples again, every figure changed", () => syncSamples(db, source(43), accountId, now));
    }
    return steps;
  } finally {
    await drop();
  }
}
