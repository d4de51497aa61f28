// GET /api/ready: whether this instance can do its work — the database answers, every
// migration of its dialect (prisma/migrations, prisma/postgres/migrations) is applied, and some process schedules the jobs
// (unless FRUGAL_SCHEDULER=off) — as opposed to GET /api/health, which only says the
// process and its database are alive.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db/client";
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from "../db/schemas";
import { databaseKind } from "../env";
import { liveWorkers } from "../jobs/heartbeat";

export interface Readiness {
  ready: boolean;
  database: "ok" | string;
  migrations: { pending: string[] };
  /** Processes scheduling the jobs that reported in the last minute (a count: their names stay inside). */
  worker: { required: boolean; live: number };
}

export async function readiness(db: Db, options: { schedulerOn: boolean; migrationsDir?: string; now?: Date }): Promise<Readiness> {
  const migrationsDir = options.migrationsDir ?? path.resolve(databaseKind() === "postgres" ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS);
  try {
    await db.$queryRaw`SELECT 1`;
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "unknown error") : "unknown error";
    return { ready: false, database: reason, migrations: { pending: [] }, worker: { required: options.schedulerOn, live: 0 } };
  }
  const folders = fs.existsSync(migrationsDir) ? fs.readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
  const applied = new Set(
    (await db.$queryRaw<{ name: string }[]>`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).map((r) => r.name),
  );
  const pending = folders.filter((f) => !applied.has(f)).sort();
  const live = (await liveWorkers(db, options.now)).length;
  return {
    ready: pending.length === 0 && (!options.schedulerOn || live > 0),
    database: "ok",
    migrations: { pending },
    worker: { required: options.schedulerOn, live },
  };
}
