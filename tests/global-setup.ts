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
import { DEMO_USERS, seedDemoUsers } from "../lib/jobs/seed-demo-users";
import { runSync } from "../lib/jobs/sync";
import { DemoSource } from "../lib/sources/demo/demo-source";
import { SEEDED_DAYS, SQLITE_TEMPLATE, sessionsFile, sqliteSeeded } from "./templates";

/** The migrated template with the demo account and its people in it, which the seeded templates start from. */
const SQLITE_PEOPLE = path.resolve(".frugal/test-people.db");

const remove = (file: string) => {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
};

/**
 * The demo account and its four people, signed in through Better Auth's own endpoint, once per
 * dialect: hashing their passwords took 0.5-0.7 s per template, and checking them 0.7 s per suite.
 * The sessions go into every template made from this one; their cookies into `sessionsFile`.
 */
async function seedPeople(db: Db, dialect: "sqlite" | "postgres") {
  const { accountId } = await seedDemoAccount(db);
  await seedDemoUsers(db, accountId);
  const { sessionCookie, signIn, pointAppAt } = await import("./app-context");
  pointAppAt(db);
  try {
    const cookies: Record<string, string> = {};
    for (const demo of DEMO_USERS) cookies[demo.role] = sessionCookie(await signIn(demo.email, demo.password));
    fs.mkdirSync(path.dirname(sessionsFile(dialect)), { recursive: true }); // a fresh clone has no .frugal yet
    fs.writeFileSync(sessionsFile(dialect), JSON.stringify(cookies));
  } finally {
    pointAppAt(undefined);
  }
}

/** A copy of the people's template given `days` of history. */
async function seedHistory(db: Db, now: Date, days: number) {
  const { accountId } = await seedDemoAccount(db); // there already: found, not made
  await runSync({ db, source: new DemoSource({ seed: 42, now: () => now }), accountId, trigger: "test", now, days });
  await seedDemoFeatures(db, accountId);
}

/** One file, no WAL beside it: the copies must hold everything. */
async function closeSqlite(db: Db) {
  await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await db.$disconnect();
}

async function sqliteTemplates(now: Date) {
  fs.mkdirSync(path.dirname(SQLITE_TEMPLATE), { recursive: true });
  remove(SQLITE_TEMPLATE);
  // Migrated and in WAL mode, as `npm start` leaves a database (the mode is kept in the file, so the copies have it).
  await deployPending(`file:${SQLITE_TEMPLATE}`);
  remove(SQLITE_PEOPLE);
  fs.copyFileSync(SQLITE_TEMPLATE, SQLITE_PEOPLE);
  const people = createDb(`file:${SQLITE_PEOPLE}`);
  await seedPeople(people, "sqlite");
  await closeSqlite(people);
  for (const days of SEEDED_DAYS) {
    const file = sqliteSeeded(days);
    remove(file);
    fs.copyFileSync(SQLITE_PEOPLE, file);
    const db = createDb(`file:${file}`);
    await seedHistory(db, now, days);
    await closeSqlite(db);
  }
}

async function postgresTemplates(server: string, now: Date) {
  const template = await createDatabase(server, "frugal_template", { replace: true });
  await deployPending(template);
  const people = createDb(await createDatabase(server, "frugal_template_people", { template: "frugal_template", replace: true }));
  await seedPeople(people, "postgres");
  await people.$disconnect();
  for (const days of SEEDED_DAYS) {
    const db = createDb(await createDatabase(server, `frugal_template_${days}d`, { template: "frugal_template_people", replace: true }));
    await seedHistory(db, now, days);
    await db.$disconnect();
  }
}

/** Each dialect's templates, once a run (on globalThis: Vitest may load this module once per project). */
const made = globalThis as unknown as { __frugalTestTemplates?: Map<string, Promise<void>> };

/** Once per dialect: the "postgres" project's templates on the server, the other projects' SQLite files. */
export default async function setup(project?: { name: string }) {
  const now = new Date();
  const server = process.env.FRUGAL_TEST_POSTGRES_URL;
  const dialect = project?.name === "postgres" && server ? "postgres" : "sqlite";
  const templates = (made.__frugalTestTemplates ??= new Map());
  if (!templates.has(dialect)) templates.set(dialect, dialect === "postgres" ? postgresTemplates(server as string, now) : sqliteTemplates(now));
  await templates.get(dialect);
}
