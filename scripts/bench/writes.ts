// What the sync's and the samples' writes cost when every figure is new, and again when every
// figure changed (a source that revised its numbers: estimated cost days, minutes still filling):
// the demo account's days, then its high-resolution samples, written from one seed and then from
// another, into a fresh SQLite file and, given a server, a fresh PostgreSQL database. Then the
// resources of a large account, all new, and again after a tag rule moved every one of them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "../../lib/db/client";
import { deployPending } from "../../lib/db/migrate";
import { createDatabase, dropDatabase } from "../../lib/db/postgres-server";
import { toDay } from "../../lib/domain/day";
import { seedDemoAccount } from "../../lib/jobs/seed-demo";
import { syncInventory } from "../../lib/jobs/sync-inventory";
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

const APPLICATIONS = 50;

/**
 * An account of `count` resources in 50 applications and 2,000 services, listed 100 a page as the
 * tagging API does, and its inventory synced with every application chosen by one tag: `app`
 * first, then `team`, whose values put every resource in the next application (a tag rule
 * changed: at the next sync every resource moves).
 */
async function inventoryOf(db: Db, count: number, now: Date) {
  const account = await db.cloudAccount.create({ data: { name: "Bench inventory", source: "aws" } });
  const applications = await db.application.createManyAndReturn({ data: Array.from({ length: APPLICATIONS }, (_, i) => ({ accountId: account.id, slug: `inventory-${i}`, name: `Inventory ${i}` })) });
  const listing = Array.from({ length: count }, (_, i) => ({
    arn: `arn:aws:lambda:eu-west-1:123456789012:function:bench-${i}`,
    name: `bench-${i}`,
    type: "lambda:function",
    region: "eu-west-1",
    tags: { app: `a${i % APPLICATIONS}`, team: `t${(i + 1) % APPLICATIONS}`, service: `s${i % 2_000}`, cell: `cell-${i % 4}` },
  }));
  const source = {
    async *resources() {
      for (let i = 0; i < listing.length; i += 100) yield listing.slice(i, i + 100);
    },
  };
  return {
    async sync(key: "app" | "team") {
      const run = await db.syncRun.create({ data: { accountId: account.id, trigger: "cli", status: "running", fromDay: toDay(now), toDay: toDay(now) } });
      const rules = applications.map((a, i) => ({ applicationId: a.id, position: i, key, value: `${key[0]}${i}` }));
      const { counts } = await syncInventory(db, { accountId: account.id, runId: run.id, source, rules, keys: { serviceTagKey: "service", cellTagKey: "cell" }, now });
      return counts;
    },
  };
}

/**
 * `days`: of the demo's history (90 in the bench, a few with --tiny). `samples`: also the 2 days of
 * samples (their size is fixed: --tiny leaves them out, the overload tests write them). Then the
 * resource inventory of an account of `resources` (20,000 in issue 10's large account).
 */
export async function benchWrites(dialect: "sqlite" | "postgres", { days = 90, samples = true, resources = 20_000, server }: { days?: number; samples?: boolean; resources?: number; server?: string } = {}): Promise<WriteStep[]> {
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
    const inventory = await inventoryOf(db, resources, now);
    await timed(`${resources.toLocaleString("en")} resources, all new`, () => inventory.sync("app"));
    await timed(`${resources.toLocaleString("en")} resources, all moved by a tag rule`, () => inventory.sync("team"));
    return steps;
  } finally {
    await drop();
  }
}
