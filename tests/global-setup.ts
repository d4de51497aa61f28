// Migrates one template database per test run; integration tests copy it, so
// each starts from a clean, fully migrated schema in milliseconds.
import fs from "node:fs";
import path from "node:path";
import { createAdapterFactory } from "../lib/db/adapter";
import { deployMigrations } from "../lib/db/migrate";

export const TEMPLATE_DB = path.resolve(".frugal/test-template.db");

export default async function setup() {
  fs.mkdirSync(path.dirname(TEMPLATE_DB), { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(TEMPLATE_DB + suffix, { force: true });
  await deployMigrations(createAdapterFactory(`file:${TEMPLATE_DB}`));
}
