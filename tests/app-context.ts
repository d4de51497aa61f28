// Runs the app's own handlers against a test database: points the process-wide
// db() and auth() singletons at it, with the demo account, its users and a session
// per demo role, signed in through Better Auth's real endpoint (copied from the
// templates of tests/global-setup.ts when there is one, else made here).
import fs from "node:fs";
import type { Db } from "../lib/db/client";
import type { Role } from "../lib/domain/authorization";
import type { Day } from "../lib/domain/day";
import { seedDemoAccount } from "../lib/jobs/seed-demo";
import { DEMO_USERS, seedDemoUsers } from "../lib/jobs/seed-demo-users";
import { seedDemoFeatures } from "../lib/jobs/seed-demo-switches";
import { createApiToken } from "../lib/auth/tokens";
import { runSync } from "../lib/jobs/sync";
import { DemoSource } from "../lib/sources/demo/demo-source";
import { SEEDED_DAYS, seededTemplate, seededTemplateExists, sessionsFile } from "./templates";
import { createTestDb, TEST_DIALECT, type TestDb } from "./test-db";

export const ORIGIN = "http://localhost:3000";

export interface AppContext extends TestDb {
  accountId: number;
  apps: Record<string, { id: number; slug: string }>;
  cookies: Record<Role, string>;
  tokens: { read: string; ingest: string; flags: string; otherAppRead: string };
  userIds: Record<Role, string>;
  /**
   * The day the demo's history was synced as today: the template may have been seeded before
   * midnight and the suite run after it, so a test that pairs the data with "today" takes it
   * from here, not from the clock.
   */
  today: Day;
}

const globals = globalThis as unknown as { __frugalDb?: Db; __frugalAuth?: unknown };

/** Points the app's db() at `db` (none: back to its own), and has auth() made again over it. */
export function pointAppAt(db: Db | undefined): void {
  globals.__frugalDb = db;
  globals.__frugalAuth = undefined;
}

export async function signIn(email: string, password: string): Promise<Response> {
  const { auth } = await import("../lib/auth/auth");
  return auth().handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": `10.0.0.${Math.floor(Math.random() * 250) + 1}` },
      body: JSON.stringify({ email, password }),
    }),
  );
}

export function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
  if (!cookie) throw new Error(`no session cookie (status ${response.status})`);
  return cookie.split(";")[0] as string;
}

/** `days`: how much demo history to sync (a few days unless a test needs more). */
export async function createAppContext(options: { days?: number } = {}): Promise<AppContext> {
  const days = options.days ?? 3;
  // The demo seeded once per run for this many days (tests/global-setup.ts), else seeded here.
  const seeded = (SEEDED_DAYS as readonly number[]).includes(days) && seededTemplateExists(days);
  const t = await createTestDb(seeded ? seededTemplate(days) : undefined);
  pointAppAt(t.db);
  let accountId: number;
  if (seeded) accountId = (await t.db.cloudAccount.findFirstOrThrow()).id;
  else {
    accountId = (await seedDemoAccount(t.db)).accountId;
    await seedDemoUsers(t.db, accountId);
    const now = new Date();
    await runSync({ db: t.db, source: new DemoSource({ seed: 42, now: () => now }), accountId, trigger: "test", now, days });
    await seedDemoFeatures(t.db, accountId);
  }
  const today = (await t.db.syncRun.findFirstOrThrow({ orderBy: { id: "desc" } })).toDay;
  const apps = Object.fromEntries((await t.db.application.findMany()).map((a) => [a.slug, { id: a.id, slug: a.slug }]));
  // Signed in when the templates were made (tests/global-setup.ts), else here.
  const cookies = seeded ? (JSON.parse(fs.readFileSync(sessionsFile(TEST_DIALECT), "utf8")) as Record<Role, string>) : ({} as Record<Role, string>);
  const userIds = {} as Record<Role, string>;
  for (const demo of DEMO_USERS) {
    if (!seeded) cookies[demo.role] = sessionCookie(await signIn(demo.email, demo.password));
    userIds[demo.role] = (await t.db.user.findUniqueOrThrow({ where: { email: demo.email } })).id;
  }
  const system = { kind: "system", label: "test" } as const;
  const token = async (slug: string, scope: string) => (await createApiToken(t.db, { applicationId: apps[slug]!.id, name: `${scope}-test`, scope, actor: system })).token;
  const tokens = {
    read: await token("storefront", "read"),
    ingest: await token("storefront", "ingest"),
    flags: await token("storefront", "flags"),
    otherAppRead: await token("fulfilment", "read"),
  };
  return {
    ...t,
    accountId,
    today,
    apps,
    cookies,
    tokens,
    userIds,
    close: async () => {
      pointAppAt(undefined);
      await t.close();
    },
  };
}
