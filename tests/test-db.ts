import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "../lib/db/client";
import { createDatabase, dropDatabase } from "../lib/db/postgres-server";
import { TEMPLATE_DB } from "./templates";

export interface TestDb {
  db: Db;
  /** The SQLite file (SQLite only: suites that open it directly run on SQLite alone). */
  file: string;
  /** DATABASE_URL of this database, for a CLI or a second process. */
  url: string;
  close: () => Promise<void>;
}

/** The dialect of this Vitest project: the "postgres" project sets FRUGAL_TEST_DIALECT (vitest.config.ts). */
export const TEST_DIALECT: "sqlite" | "postgres" = process.env.FRUGAL_TEST_DIALECT === "postgres" ? "postgres" : "sqlite";

/** The PostgreSQL server the "postgres" project runs on. */
const POSTGRES_SERVER = process.env.FRUGAL_TEST_POSTGRES_URL ?? "";

/**
 * A fresh, migrated database: on SQLite a copy of the template file in a temporary
 * folder; on PostgreSQL a database created from the template database (as fast).
 */
export async function createTestDb(template = TEMPLATE_DB): Promise<TestDb> {
  if (TEST_DIALECT === "postgres") {
    const name = `frugal_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
    const url = await createDatabase(POSTGRES_SERVER, name, { template });
    const db = createDb(url);
    return {
      db,
      file: "",
      url,
      close: async () => {
        await db.$disconnect();
        await dropDatabase(POSTGRES_SERVER, name);
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frugal-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(template, file);
  const db = createDb(`file:${file}`);
  return {
    db,
    file,
    url: `file:${file}`,
    close: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
