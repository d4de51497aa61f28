/**
 * Migrations without the internet. Prisma 7's CLI only drives a native schema
 * engine that it downloads from a host this machine cannot reach; the same engine
 * is published on npm compiled to WebAssembly. Driven through the app's own driver
 * adapter, it writes Prisma's folder layout and `_prisma_migrations` table, so the
 * regular `prisma migrate deploy` can take over wherever it can download its engine.
 * Workarounds for three engine quirks are marked below (see
 * ../shared/notes/offline-setup.md, pitfalls 1-3).
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import Database from "better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as wasm from "@prisma/schema-engine-wasm/schema_engine_bg";
import { databaseKind, env, sqlitePath } from "../env";
import { createAdapterFactory } from "./adapter";
import { enableWal } from "./pragmas";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SQLITE_MIGRATIONS, SQLITE_SCHEMA } from "./schemas";

/** Each dialect has its schema file and its own migrations (lib/db/schemas.ts). */
export function layoutOf(factory: { provider: string }): { schema: string; migrations: string } {
  return factory.provider === "postgres" ? { schema: POSTGRES_SCHEMA, migrations: POSTGRES_MIGRATIONS } : { schema: SQLITE_SCHEMA, migrations: SQLITE_MIGRATIONS };
}
const filters = { externalTables: [] as string[], externalEnums: [] as string[] };

function readSchemaFiles(schemaPath: string) {
  return [{ path: path.resolve(schemaPath), content: fs.readFileSync(schemaPath, "utf8") }];
}

function readMigrations(dir: string) {
  const baseDir = path.resolve(dir);
  const lock = path.join(baseDir, "migration_lock.toml");
  const names = fs.existsSync(baseDir)
    ? fs
        .readdirSync(baseDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: fs.readFileSync(path.join(baseDir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

// Pitfall 1: the engine sends whole multi-statement scripts to the shadow database
// through executeRaw, which better-sqlite3 rejects; route them to executeScript.
// Pitfall 3: the engine never closes the connections it opens, which would keep
// SQLite locked for the rest of the process; track and close them.
function wrapFactory(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const wrapped: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const conn = await factory.connect();
      opened.push(conn);
      return conn;
    },
    async connectToShadowDb() {
      const shadow = await factory.connectToShadowDb();
      opened.push(shadow);
      const executeRaw = shadow.executeRaw.bind(shadow);
      shadow.executeRaw = async (query) => {
        if (query.args.length === 0 && shadow.executeScript) {
          await shadow.executeScript(query.sql);
          return 0;
        }
        return executeRaw(query);
      };
      return shadow;
    },
  };
  const closeAll = async () => {
    for (const conn of opened.splice(0)) await conn.dispose().catch(() => undefined);
  };
  return { wrapped, closeAll };
}

// Once per process, on globalThis: the engine's JavaScript glue is one shared module, and a second
// instance set into it (this module loaded twice, as Vitest's projects do) breaks the first one's engines.
const wasmState = globalThis as unknown as { __frugalSchemaWasm?: boolean };
function initWasm() {
  if (wasmState.__frugalSchemaWasm) return;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const wasmModule = new WebAssembly.Module(fs.readFileSync(path.join(dir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": wasm as unknown as WebAssembly.ModuleImports });
  const exports = instance.exports as unknown as { __wbindgen_start: () => void };
  (wasm as unknown as { __wbg_set_wasm: (e: unknown) => void }).__wbg_set_wasm(instance.exports);
  exports.__wbindgen_start();
  wasmState.__frugalSchemaWasm = true;
}

async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: wasm.SchemaEngine) => Promise<T>,
  schemaPath = layoutOf(factory).schema,
): Promise<T> {
  // One engine at a time per process: two at once in the one WebAssembly instance panic (as Vitest's
  // two projects seeding their templates side by side did). globalThis, since bundlers may load this module twice.
  const g = globalThis as unknown as { __frugalSchemaEngine?: Promise<unknown> };
  const previous = g.__frugalSchemaEngine ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(() => runEngine(factory, fn, schemaPath));
  g.__frugalSchemaEngine = mine.catch(() => undefined);
  return mine;
}

async function runEngine<T>(factory: SqlMigrationAwareDriverAdapterFactory, fn: (engine: wasm.SchemaEngine) => Promise<T>, schemaPath: string): Promise<T> {
  initWasm();
  const datamodels = readSchemaFiles(schemaPath).map((f) => [f.path, f.content] as [string, string]);
  const { wrapped, closeAll } = wrapFactory(factory);
  const log = (line: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(line + "\n");
  };
  const engine = await wasm.SchemaEngine.new({ datamodels }, log, bindMigrationAwareSqlAdapterFactory(wrapped));
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await closeAll();
  }
}

/**
 * The migration folders not yet applied to a SQLite file, read without the engine
 * (a plain read in WAL mode never waits on another process's writes). Lets a
 * second `npm start` against a database a running instance has open go straight
 * on when there is nothing to do, instead of starting the engine at all.
 */
export function pendingMigrations(file: string, migrationsDir = SQLITE_MIGRATIONS): string[] {
  const folders = fs.existsSync(migrationsDir) ? fs.readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return folders;
  const sqlite = new Database(file, { readonly: true, timeout: 30_000 });
  try {
    const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return folders;
    const done = new Set((sqlite.prepare("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as { name: string }[]).map((r) => r.name));
    return folders.filter((f) => !done.has(f));
  } finally {
    sqlite.close();
  }
}

/** `prisma migrate deploy`: applies pending migrations, creating the database if needed. */
export async function deployMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  migrationsDir = layoutOf(factory).migrations,
): Promise<string[]> {
  return withEngine(factory, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: readMigrations(migrationsDir),
      filters,
    });
    return appliedMigrationNames;
  });
}

/**
 * `prisma migrate dev --name <name>`: diffs the schema against the migrations,
 * writes a new migration folder and applies it. Refuses on drift or data loss
 * unless told otherwise.
 */
export async function createMigration(
  factory: SqlMigrationAwareDriverAdapterFactory,
  name: string,
  { acceptDataLoss = false, migrationsDir = layoutOf(factory).migrations } = {},
): Promise<string | null> {
  const schemaPath = layoutOf(factory).schema;
  return withEngine(factory, async (engine) => {
    // Pitfall 2: devDiagnostic fails with P1014 on a database without
    // `_prisma_migrations`, so apply what exists first.
    await engine.applyMigrations({ migrationsList: readMigrations(migrationsDir), filters });
    const diagnostic = await engine.devDiagnostic({ migrationsList: readMigrations(migrationsDir), filters });
    if (diagnostic.action.tag === "reset") {
      throw new Error(`Drift detected, the development database needs a reset:\n${diagnostic.action.reason}`);
    }
    const loss = await engine.evaluateDataLoss({
      migrationsList: readMigrations(migrationsDir),
      schema: { files: readSchemaFiles(schemaPath) },
      filters,
    });
    const problems = [...loss.unexecutableSteps, ...(acceptDataLoss ? [] : loss.warnings)];
    if (problems.length > 0) {
      const list = problems.map((p) => `  - ${p.message}`).join("\n");
      throw new Error(`Migration not created:\n${list}\n(re-run with --accept-data-loss to accept the warnings)`);
    }
    const created = await engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList: readMigrations(migrationsDir),
      schema: { files: readSchemaFiles(schemaPath) },
      filters,
    });
    if (created.migrationScript == null) return null;
    const dir = path.join(migrationsDir, created.generatedMigrationName);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `migration.${created.extension}`), created.migrationScript);
    const lock = path.join(migrationsDir, "migration_lock.toml");
    if (!fs.existsSync(lock)) {
      fs.writeFileSync(
        lock,
        `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${created.connectorType}"\n`,
      );
    }
    await engine.applyMigrations({ migrationsList: readMigrations(migrationsDir), filters });
    return dir;
  });
}

/**
 * What the dialect's migrations lack against its schema, as SQL: empty when they agree.
 * The drift check (tests/postgres.test.ts); it replays the migrations into a shadow database.
 */
export async function migrationsDrift(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  const { schema, migrations } = layoutOf(factory);
  return withEngine(factory, async (engine) => {
    const result = await engine.diff({ from: { tag: "migrations", ...readMigrations(migrations) }, to: { tag: "schemaDatamodel", files: readSchemaFiles(schema) }, script: true, exitCode: null, filters });
    return (result.stdout ?? "").replace(/^-- This is an empty migration\.\s*$/m, "").trim();
  });
}

/**
 * `npm run db:deploy`, and any command before its first query: applies what is pending to
 * the database `url` names. On SQLite, a file with nothing pending (a second instance
 * starting beside a running one) is never handed to the engine, so no lock is taken, and
 * the file is left in WAL mode (enableWal); PostgreSQL's migrations table is read by the engine.
 */
export async function deployPending(url: string = env.DATABASE_URL): Promise<string[]> {
  if (databaseKind(url) === "postgres") return deployMigrations(createAdapterFactory(url));
  const file = sqlitePath(url);
  const applied = pendingMigrations(file).length === 0 ? [] : await deployMigrations(createAdapterFactory(url));
  enableWal(file);
  return applied;
}
