// Commands and requests wait their turn while another process writes (a sync, a
// CLI import), instead of failing with "Operation has timed out".
import { spawn } from "node:child_process";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createApiToken } from "../lib/auth/tokens";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { createTestDb, type TestDb } from "./test-db";

let t: TestDb;
let applicationId: number;
beforeEach(async () => {
  t = await createTestDb();
  await seedDemoAccount(t.db);
  applicationId = (await t.db.application.findFirstOrThrow()).id;
});
afterEach(async () => t.close());

/** Another process that writes to the database: holds the write lock for `holdMs`, then commits. */
function writer(file: string, holdMs: number) {
  const child = spawn(
    process.execPath,
    ["-e", `const D=require("better-sqlite3");const d=new D(${JSON.stringify(file)},{timeout:20000});d.exec("BEGIN IMMEDIATE");d.prepare("UPDATE Application SET name=name||''").run();process.stdout.write("locked\\n");setTimeout(()=>{d.exec("COMMIT");d.close();process.stdout.write("committed\\n")},${holdMs})`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (c) => (out += c));
  return {
    locked: new Promise<void>((resolve) => child.stdout.on("data", () => out.includes("locked") && resolve())),
    done: new Promise<string>((resolve) => child.on("exit", () => resolve(out))),
  };
}

it("creates a token while another process holds the write lock, once it lets go", async () => {
  const other = writer(t.file, 2_000);
  await other.locked;
  const { token } = await createApiToken(t.db, { applicationId, name: "while-syncing", scope: "read", actor: { kind: "system", label: "test" } });
  expect(token).toMatch(/^frg_/);
  expect(await other.done).toMatch(/committed/);
  expect(await t.db.apiToken.count({ where: { name: "while-syncing" } })).toBe(1);
});

it("does not fail a transaction that read before another process wrote (the write lock is taken first)", async () => {
  let other: ReturnType<typeof writer> | null = null;
  await t.db.$transaction(async (tx) => {
    await tx.application.findFirstOrThrow(); // read first...
    other = writer(t.file, 0); // ...another process tries to write in between (and waits for this one)...
    await new Promise((resolve) => setTimeout(resolve, 500));
    await tx.application.update({ where: { id: applicationId }, data: { description: "written after the read" } }); // ...and this write still lands
  });
  expect(await other!.done).toMatch(/committed/);
  expect((await t.db.application.findUniqueOrThrow({ where: { id: applicationId } })).description).toBe("written after the read");
});
