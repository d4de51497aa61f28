// Migrates one template database per test run, and seeds the demo account into a
// copy of it once per history length the suites ask for; integration tests copy
// them, so each starts from a clean database in milliseconds instead of seeding
// (which, on a busy machine, took longer than a hook may). With a PostgreSQL server
// (FRUGAL_TEST_POSTGRES_URL) the same templates are made there too, as template
// databases, for the suites the "postgres" project runs again on it.
import fs from "node:fs";
import path from "node:path";
import { createDb, type Db } from "../lib/db/client";
import { deployPending } from "../lib/db/migrate";
import { createDatabase } from "../lib/db/postgres-server";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { seedDemoFeatures } from "../lib/jobs/seed-demo-switches";
import { seedDemoUsers } from "../lib/jobs/seed-demo-users";
import { runSync } from "../lib/jobs/sync";
import { DemoSource } from "../lib/sources/demo/demo-source";
import { SEEDED_DAYS, SQLITE_TEMPLATE, sqliteSeeded } from "./templates";


const remove = (file: string) => {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
};

async function seed(db: Db, now: Date, days: number) {
  const { accountId } = await seedDemoAccount(db);
  await seedDemoUsers(db, accountId);
  await runSync({ db, source: new DemoSource({ seed: 42, now: () => now }), accountId, trigger: "test", now, days });
  await seedDemoFeatures(db, accountId);
}

async function sqliteTemplates(now: Date) {
  fs.mkdirSync(path.dirname(SQLITE_TEMPLATE), { recursive: true });
  remove(SQLITE_TEMPLATE);
  // Migrated and in WAL mode, as `npm start` leaves a database (the mode is kept in the file, so the copies have it).
  await deployPending(`file:${SQLITE_TEMPLATE}`);
  for (const days of SEEDED_DAYS) {
    const file = sqliteSeeded(days);
    remove(file);
    fs.copyFileSync(SQLITE_TEMPLATE, file);
    const db = createDb(`file:${file}`);
    await seed(db, now, days);
    // One file, no WAL beside it: the copies must hold everything.
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    await db.$disconnect();
  }
}

async function postgresTemplates(server: string, now: Date) {
  const template = await createDatabase(server, "frugal_template", { replace: true });
  await deployPending(template);
  for (const days of SEEDED_DAYS) {
    const db = createDb(await createDatabase(server, `frugal_template_${days}d`, { template: "frugal_template", replace: true }));
    await seed(db, now, days);
    await db.$disconnect();
  }
}

/** Once per Vitest project: the "postgres" project's templates on the server, the others' SQLite files. */
export default async function setup(project?: { name: string }) {
  const now = new Date();
  const server = process.env.FRUGAL_TEST_POSTGRES_URL;
  if (project?.name === "postgres" && server) await postgresTemplates(server, now);
  else await sqliteTemplates(now);
}
