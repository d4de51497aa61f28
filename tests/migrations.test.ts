// A second `npm start` beside a running instance: nothing to migrate means the
// migration engine is not started at all, so another process's write lock cannot
// make it fail.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import Database from "better-sqlite3";
import { deployPending, pendingMigrations } from "../lib/db/migrate";
import { createTestDb, type TestDb } from "./test-db";

let t: TestDb;
/** Folders for new database files, removed after each test. */
const made: string[] = [];
function newDbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frugal-new-"));
  made.push(dir);
  return path.join(dir, "new.db");
}
beforeEach(async () => (t = await createTestDb()));
afterEach(async () => {
  await t.close();
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

it("finds nothing pending on a migrated database, and every migration on a new one", () => {
  expect(pendingMigrations(t.file)).toEqual([]);
  const fresh = newDbFile();
  expect(pendingMigrations(fresh)).toEqual(fs.readdirSync("prisma/migrations").filter((n) => /^\d/.test(n)).sort());
});

it("runs `npm run db:deploy` to completion while another process holds the write lock", async () => {
  const holder = spawn(process.execPath, ["-e", `const D=require("better-sqlite3");const d=new D(${JSON.stringify(t.file)});d.exec("BEGIN IMMEDIATE");d.prepare("UPDATE ApiToken SET name=name").run();process.stdout.write("locked\\n");setTimeout(()=>{d.exec("COMMIT");d.close()},20000)`], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
  try {
    const deploy = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/db.ts", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${t.file}` }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    deploy.stdout.on("data", (c) => (out += c));
    deploy.stderr.on("data", (c) => (out += c));
    const code = await new Promise<number | null>((resolve) => deploy.on("exit", resolve));
    expect(out).toMatch(/is up to date/);
    expect(code).toBe(0);
    // It finished while the lock was still held: it never waited for it.
    expect(holder.exitCode).toBeNull();
  } finally {
    holder.kill();
  }
});

/** The journal mode stored in a database file. */
function journalMode(file: string): string {
  const sqlite = new Database(file, { readonly: true });
  try {
    return String(sqlite.pragma("journal_mode", { simple: true }));
  } finally {
    sqlite.close();
  }
}

it("leaves the database in WAL mode, a new one and one made in rollback-journal mode before (pages and jobs then never wait for each other)", async () => {
  const fresh = newDbFile();
  expect((await deployPending(`file:${fresh}`)).length).toBeGreaterThan(0);
  expect(journalMode(fresh)).toBe("wal");

  // An existing file, migrated, in SQLite's default mode: nothing to migrate, and still switched.
  const old = new Database(t.file);
  old.pragma("journal_mode = DELETE");
  old.close();
  expect(journalMode(t.file)).toBe("delete");
  expect(await deployPending(`file:${t.file}`)).toEqual([]);
  expect(journalMode(t.file)).toBe("wal");
});
