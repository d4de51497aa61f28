// One schema is edited (prisma/schema.prisma, SQLite); the PostgreSQL one is derived
// from it, since Prisma fixes the provider per schema file. A test fails when the
// committed copy and the derivation disagree (tests/postgres.test.ts).
import fs from "node:fs";

export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const POSTGRES_SCHEMA = "prisma/postgres/schema.prisma";
export const SQLITE_MIGRATIONS = "prisma/migrations";
export const POSTGRES_MIGRATIONS = "prisma/postgres/migrations";

export function derivePostgresSchema(source: string): string {
  const out = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/lib\/db\/generated"/, 'output   = "../../lib/db/generated-pg"')
    .replace(/^\/\/ Frugal's data model\./m, "// GENERATED from prisma/schema.prisma by `npm run db:migrate` (lib/db/schemas.ts): do not edit.\n// Frugal's data model.");
  if (!out.includes('provider = "postgresql"') || !out.includes("generated-pg") || !out.startsWith("// GENERATED")) throw new Error("derivePostgresSchema: the patterns it rewrites are not in prisma/schema.prisma any more");
  return out;
}

/** Writes prisma/postgres/schema.prisma; true when it changed. */
export function writePostgresSchema(): boolean {
  const next = derivePostgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const current = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : null;
  if (current === next) return false;
  fs.mkdirSync("prisma/postgres", { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, next);
  return true;
}
