import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../lib/auth/tokens";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { createTestDb, type TestDb } from "./test-db";

let t: TestDb;
/**
 * The CLI's entry, compiled once by esbuild (what tsx, behind `npm run frugal`, compiles it
 * with) beside node_modules: each command then starts in ~0.7 s instead of tsx's ~1.5 s. Split
 * into chunks as the entry imports each command when it runs, so a command loads what tsx
 * would load for it, not every command's libraries.
 */
const OUT = path.resolve(`.frugal/cli-test-${process.pid}`);
const CLI = path.join(OUT, "frugal.mjs");
beforeAll(async () => {
  buildSync({ entryPoints: ["scripts/frugal.ts"], bundle: true, splitting: true, platform: "node", target: "node20", format: "esm", packages: "external", outdir: OUT, outExtension: { ".js": ".mjs" }, logLevel: "warning" });
  t = await createTestDb();
  await seedDemoAccount(t.db);
});
afterAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  await t.close();
});

/** `npm run frugal -- <args>`, as a person or a script would run it: its own process, arguments, stdin, environment and exit code. */
function frugal(args: string[], stdin = "") {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    input: stdin,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: `file:${t.file}`, FRUGAL_SCHEDULER: "off" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run frugal -- token create", () => {
  it("prints the new token alone on its last line, and stores only its hash", async () => {
    const run = frugal(["token", "create", "--app", "storefront", "--scope", "ingest", "--name", "orders-pipeline"]);
    expect(run.code).toBe(0);
    const lastLine = run.stdout.trimEnd().split("\n").at(-1) as string;
    expect(lastLine).toMatch(/^frg_[A-Za-z0-9_-]{56}$/);
    const row = await t.db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(lastLine) } });
    expect(row).toMatchObject({ name: "orders-pipeline", scope: "ingest" });
    expect(await t.db.auditEvent.count({ where: { action: "token.created", actorLabel: "cli" } })).toBe(1);
  });

  it.each([
    [["token", "create", "--app", "nope", "--scope", "read"], /No application 'nope'. Known: fulfilment, platform, storefront/],
    [["token", "create", "--app", "storefront", "--scope", "admin"], /--scope must be read, ingest or flags/],
    [["token", "create", "--app", "storefront"], /--scope must be read, ingest or flags/],
    [["token", "create", "--app"], /--app needs a value/],
  ])("refuses %j with a clear message", (args, message) => {
    const run = frugal(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
  });
});

describe("npm run frugal -- admin create", () => {
  it("reads the password from stdin and creates an admin who is audited", async () => {
    const run = frugal(["admin", "create", "--email", "First.Admin@Example.com", "--name", "First"], "a-strong-first-password\n");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Created admin first.admin@example.com");
    expect(await t.db.user.findUniqueOrThrow({ where: { email: "first.admin@example.com" } })).toMatchObject({ role: "admin", name: "First" });
    expect(run.stdout + run.stderr).not.toContain("a-strong-first-password");
    expect(await t.db.auditEvent.count({ where: { action: "user.created", actorLabel: "cli", objectLabel: "first.admin@example.com" } })).toBe(1);
  });

  it("never takes the password from the command line", () => {
    const run = frugal(["admin", "create", "--email", "x@example.com", "--password", "a-strong-first-password"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/never taken from the command line/);
  });

  it.each([
    ["a short password", ["admin", "create", "--email", "y@example.com"], "short\n", /at least 12 characters/],
    ["no password", ["admin", "create", "--email", "y@example.com"], "", /No password on stdin/],
    ["no e-mail", ["admin", "create"], "a-strong-first-password\n", /Usage: .* admin create --email/],
    ["a taken e-mail", ["admin", "create", "--email", "first.admin@example.com"], "a-strong-first-password\n", /already a user/],
  ])("refuses %s", (_name, args, stdin, message) => {
    const run = frugal(args, stdin);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
  });
});

describe("npm run frugal -- report", () => {
  it("creates a schedule, refuses a bad one, runs a period once, lists and deletes it", async () => {
    const created = frugal(["report", "create", "--name", "Finance monthly", "--cron", "0 8 1 * *", "--tz", "Europe/Berlin", "--period", "last-month", "--apps", "storefront", "--to", "cfo@example.com", "--to", "lead@example.com"]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Schedule #(\d+) “Finance monthly”: At 08:00, on day 1 of the month \(Europe\/Berlin\), last-month\. Next: /);
    const id = /#(\d+)/.exec(created.stdout)![1]!;

    const tooOften = frugal(["report", "create", "--name", "x", "--cron", "*/15 * * * *", "--period", "yesterday"]);
    expect(tooOften.code).toBe(1);
    expect(tooOften.stderr).toContain("--cron: '*/15 * * * *' fires more often than hourly");

    // No history synced here: the report is made (and says so), its e-mail skipped without SMTP; a second run makes nothing new.
    const run = frugal(["report", "run", id, "--period", "2026-10-15"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Made: report #");
    expect(run.stdout).toContain("October 2026 (2026-10-01 – 2026-10-31), ready.");
    expect(run.stdout).toContain("cfo@example.com: skipped (E-mail is off: SMTP_URL is not set.)");
    const again = frugal(["report", "run", id, "--period", "2026-10-31"]);
    expect(again.stdout).toContain("Already made: report #");
    expect(await t.db.reportRun.count({ where: { scheduleId: Number(id) } })).toBe(1);

    const list = frugal(["report", "list"]);
    expect(list.stdout).toContain(`#${id}  Finance monthly  [0 8 1 * * Europe/Berlin, last-month]  storefront  → cfo@example.com, lead@example.com`);
    expect(list.stdout).toContain("last last-month:2026-10 ready");

    expect(frugal(["report", "delete", id]).code).toBe(0);
    expect(await t.db.reportSchedule.count()).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: { startsWith: "report.schedule_" }, actorLabel: "cli" } })).toBe(2);
  });
});
