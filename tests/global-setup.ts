// Migrates one template database per test run, and seeds the demo account into a
// copy of it once per history length the suites ask for; integration tests copy
// them, so each starts from a clean database in milliseconds instead of seeding
// (which, on a busy machine, took longer than a hook may).
import fs from "node:fs";
import path from "node:path";
import { createAdapterFactory } from "../lib/db/adapter";
import { createDb } from "../lib/db/client";
import { deployMigrations } from "../lib/db/migrate";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { seedDemoFeatures } from "../lib/jobs/seed-demo-switches";
import { seedDemoUsers } from "../lib/jobs/seed-demo-users";
import { runSync } from "../lib/jobs/sync";
import { DemoSource } from "../lib/sources/demo/demo-source";

export const TEMPLATE_DB = path.resolve(".frugal/test-template.db");
/** The days of demo history the suites' contexts sync (createAppContext's `days`). */
export const SEEDED_DAYS = [1, 3, 8, 10, 40] as const;
export const seededTemplate = (days: number) => path.resolve(`.frugal/test-seeded-${days}d.db`);

const remove = (file: string) => {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
};

export default async function setup() {
  fs.mkdirSync(path.dirname(TEMPLATE_DB), { recursive: true });
  remove(TEMPLATE_DB);
  await deployMigrations(createAdapterFactory(`file:${TEMPLATE_DB}`));
  const now = new Date();
  for (const days of SEEDED_DAYS) {
    const file = seededTemplate(days);
    remove(file);
    fs.copyFileSync(TEMPLATE_DB, file);
    const db = createDb(`file:${file}`);
    const { accountId } = await seedDemoAccount(db);
    await seedDemoUsers(db, accountId);
    await runSync({ db, source: new DemoSource({ seed: 42, now: () => now }), accountId, trigger: "test", now, days });
    await seedDemoFeatures(db, accountId);
    // One file, no WAL beside it: the copies must hold everything.
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    await db.$disconnect();
  }
}
