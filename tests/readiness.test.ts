// GET /api/ready's judgement: the database, the migrations, and a worker that reported
// in the last minute when jobs are meant to be scheduled.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readiness } from "../lib/data/readiness";
import { beat } from "../lib/jobs/heartbeat";
import { createTestDb, type TestDb } from "./test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());

describe("readiness", () => {
  it("is not ready while no worker reports, when the scheduler is on; is without one when it is off", async () => {
    const now = new Date("2026-11-29T12:00:00Z");
    expect(await readiness(t.db, { schedulerOn: true, now })).toMatchObject({ ready: false, database: "ok", migrations: { pending: [] }, worker: { required: true, live: 0 } });
    expect(await readiness(t.db, { schedulerOn: false, now })).toMatchObject({ ready: true, worker: { required: false, live: 0 } });
  });

  it("is ready within a minute of a worker's heartbeat, and not after", async () => {
    const at = new Date();
    await beat(t.db, at);
    expect(await readiness(t.db, { schedulerOn: true, now: new Date(at.getTime() + 30_000) })).toMatchObject({ ready: true, worker: { live: 1 } });
    expect(await readiness(t.db, { schedulerOn: true, now: new Date(at.getTime() + 61_000) })).toMatchObject({ ready: false, worker: { live: 0 } });
  });

  it("names a migration the database has not applied", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frugal-migrations-"));
    for (const name of fs.readdirSync("prisma/migrations", { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) fs.mkdirSync(path.join(dir, name));
    fs.mkdirSync(path.join(dir, "29991231000000_from_the_future"));
    try {
      expect(await readiness(t.db, { schedulerOn: false, migrationsDir: dir })).toMatchObject({ ready: false, migrations: { pending: ["29991231000000_from_the_future"] } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
