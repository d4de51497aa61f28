/**
 * Database commands that work offline (see lib/db/migrate.ts):
 *   npm run db:deploy              apply pending migrations to DATABASE_URL (SQLite or PostgreSQL)
 *   npm run db:migrate -- <name>   after a change to prisma/schema.prisma: derive the PostgreSQL
 *                                  schema, create and apply the SQLite migration and (with a
 *                                  PostgreSQL database to diff against: DATABASE_URL or
 *                                  FRUGAL_POSTGRES_URL) the PostgreSQL one [--accept-data-loss]
 */
import { createAdapterFactory } from "../lib/db/adapter";
import { createMigration, deployPending } from "../lib/db/migrate";
import { writePostgresSchema } from "../lib/db/schemas";
import { databaseKind, databaseLabel, env } from "../lib/env";

async function main() {
  const args = process.argv.slice(2);
  const [command, name] = args.filter((a) => !a.startsWith("--"));
  switch (command) {
    case "deploy": {
      const applied = await deployPending();
      console.log(applied.length ? `Applied ${applied.join(", ")}` : `Database ${databaseLabel()} is up to date.`);
      return;
    }
    case "migrate": {
      if (!name || !/^[a-z0-9_]+$/.test(name)) {
        throw new Error("Usage: npm run db:migrate -- <name>   (lower-case letters, digits and _)");
      }
      const acceptDataLoss = args.includes("--accept-data-loss");
      if (writePostgresSchema()) console.log("Derived prisma/postgres/schema.prisma from prisma/schema.prisma.");
      const sqliteUrl = databaseKind() === "sqlite" ? env.DATABASE_URL : "file:./data/frugal.db";
      const dir = await createMigration(createAdapterFactory(sqliteUrl), name, { acceptDataLoss });
      console.log(dir ? `SQLite: created and applied ${dir}` : "SQLite: the schema matches the migrations, nothing to create.");
      const postgresUrl = databaseKind() === "postgres" ? env.DATABASE_URL : process.env.FRUGAL_POSTGRES_URL;
      if (!postgresUrl) {
        console.warn("PostgreSQL: not created. Set FRUGAL_POSTGRES_URL to a scratch PostgreSQL database (its role needs CREATEDB) and run this again; until then the drift test fails.");
        return;
      }
      const pgDir = await createMigration(createAdapterFactory(postgresUrl), name, { acceptDataLoss });
      console.log(pgDir ? `PostgreSQL: created and applied ${pgDir}` : "PostgreSQL: the schema matches the migrations, nothing to create.");
      return;
    }
    default:
      throw new Error(`Unknown command '${command ?? ""}'. Use: deploy | migrate <name>`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
