import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "../lib/db/client";
import { TEMPLATE_DB } from "./global-setup";

export interface TestDb {
  db: Db;
  file: string;
  close: () => Promise<void>;
}

/** A fresh, migrated SQLite database in a temporary file: a copy of `template` (default: empty). */
export async function createTestDb(template = TEMPLATE_DB): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frugal-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(template, file);
  const db = createDb(`file:${file}`);
  return {
    db,
    file,
    close: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
