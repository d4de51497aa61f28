/**
 * Database commands that work offline (see lib/db/migrate.ts):
 *   npm run db:deploy              apply pending migrations (creates the database)
 *   npm run db:migrate -- <name>   create a migration from a schema change and apply it
 *                                  [--accept-data-loss]
 */
import { createAdapterFactory } from "../lib/db/adapter";
import { createMigration, deployMigrations, pendingMigrations } from "../lib/db/migrate";
import { enableWal } from "../lib/db/pragmas";
import { env, sqlitePath } from "../lib/env";

async function main() {
  const args = process.argv.slice(2);
  const [command, name] = args.filter((a) => !a.startsWith("--"));
  const factory = createAdapterFactory();
  switch (command) {
    case "deploy": {
      // Nothing pending (say, a second instance starting beside a running one): no engine, no lock.
      if (pendingMigrations(sqlitePath()).length === 0) {
        console.log(`Database ${env.DATABASE_URL} is up to date.`);
        return;
      }
      const applied = await deployMigrations(factory);
      enableWal(sqlitePath());
      console.log(applied.length ? `Applied ${applied.join(", ")}` : `Database ${env.DATABASE_URL} is up to date.`);
      return;
    }
    case "migrate": {
      if (!name || !/^[a-z0-9_]+$/.test(name)) {
        throw new Error("Usage: npm run db:migrate -- <name>   (lower-case letters, digits and _)");
      }
      const dir = await createMigration(factory, name, { acceptDataLoss: args.includes("--accept-data-loss") });
      console.log(dir ? `Created and applied ${dir}` : "The schema matches the migrations: nothing to create.");
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
