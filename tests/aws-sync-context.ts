// What the FRUGAL_SOURCE=aws suites share: the stub serving the synthetic shop account
// (tests/aws-stub), a workspace on a fresh database for each test with the tag rules that find
// its applications, a sync of it, and the cost each application must have on each day.
// The suites import tests/aws-sync-env.ts first, so that the AWS environment is set before anything reads it.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { ensureAwsWorkspace } from "../lib/data/aws-accounts";
import { addDays, eachDay, toDay } from "../lib/domain/day";
import { runSync, type SyncResult } from "../lib/jobs/sync";
import { sourceFor } from "../lib/sources";
import { resetAwsClients } from "../lib/sources/aws/clients";
import { AwsStub } from "./aws-stub/server";
import { ACCOUNT_ID, shopAccount, SPECS } from "./aws-stub/shop-account";
import { toUnits, unitsToMicro } from "./aws-stub/model";
import { createTestDb, type TestDb } from "./test-db";

// Mid-morning, whenever the suite runs: nine hours later is still the same day. The stub's
// CloudWatch answers up to the latest moment a test plays (not the real clock, which before
// 10:00 UTC would have no datapoint for the morning yet).
export const TODAY = toDay(new Date());
export const NOW = new Date(`${TODAY}T10:00:00Z`);
export const DAYS = 12;
export const account = shopAccount({ days: DAYS, today: TODAY });
export const costDays = eachDay(addDays(TODAY, -DAYS), addDays(TODAY, -1));

/** Serves the stub to the suite: started before its tests and pointed at by AWS_ENDPOINT_URL, stopped after. */
export function serveStub(stub: AwsStub): AwsStub {
  beforeAll(async () => {
    await stub.start();
    process.env.AWS_ENDPOINT_URL = stub.url;
  });
  afterAll(async () => {
    resetAwsClients();
    await stub.stop();
  });
  return stub;
}

/** The shop account's stub, as the suites share it: their calls and faults are reset before each test. */
export const stub = new AwsStub({
  identities: [{ accessKeyId: "AKIASHOPFRUGAL", account, arn: `arn:aws:iam::${ACCOUNT_ID}:user/frugal` }],
  groupsPerPage: 25,
  resourcesPerPage: 4,
  now: () => Math.max(Date.now(), NOW.getTime() + 10 * 3_600_000) / 1000,
});

// The workspace of the test running now, set before each test by shopAccountPerTest (these are live bindings: importers see each test's).
export let t: TestDb;
export let accountId: number;
/** The shop's id is known once a sync found it by its awsApplication tag (-1 before). */
export let apps: Record<"shop" | "platform" | "billing", number>;

/**
 * Serves the stub to the calling suite, and gives each test a fresh database with the AWS
 * workspace: the platform team and billing are found by tag rules; the shop by its
 * myApplications tag, on its own.
 */
export function shopAccountPerTest(): void {
  serveStub(stub);
  beforeEach(async () => {
    resetAwsClients();
    stub.reset();
    t = await createTestDb();
    accountId = (await ensureAwsWorkspace(t.db)).accountId;
    const platform = await t.db.application.create({ data: { accountId, slug: "platform", name: "Platform" } });
    const billing = await t.db.application.create({ data: { accountId, slug: "billing", name: "Billing" } });
    await t.db.tagRule.create({ data: { accountId, applicationId: platform.id, position: 10, key: "team", value: "platform" } });
    await t.db.tagRule.create({ data: { accountId, applicationId: billing.id, position: 20, key: "app", value: "billing" } });
    apps = { platform: platform.id, billing: billing.id, shop: -1 };
  });
  afterEach(async () => t.close());
}

export async function sync(now = NOW): Promise<Extract<SyncResult, { status: "succeeded" }>> {
  const result = await runSync({ db: t.db, source: await sourceFor(t.db, accountId), accountId, trigger: "test", now, days: DAYS + 1 });
  if (result.status !== "succeeded") throw new Error(`sync failed: ${result.error}`);
  apps.shop = (await t.db.application.findFirst({ where: { accountId, slug: "shop" } }))?.id ?? -1;
  return result;
}

/** What each application's (and unallocated) cost must be on a day, computed from the stub's own line items. */
export function expectedCost(day: string) {
  const i = account.dayIndex(day);
  const sums = new Map<string, bigint>();
  const add = (key: string, amount: string) => sums.set(key, (sums.get(key) ?? 0n) + toUnits(amount));
  for (const s of SPECS) add(s.expected.app === null ? "unallocated" : `${s.expected.app}/${s.expected.service ?? ""}`, s.amount(i));
  add("unallocated", "0.42"); // tax: not a credit or refund, so it counts; it carries no tags
  // Less than half a micro-dollar is nothing (billing's invoice function costs $0.0000004 a day).
  return new Map([...sums].map(([k, v]) => [k, unitsToMicro(v)] as const).filter(([, v]) => v !== 0));
}

/** What the database holds for a day, keyed as expectedCost keys it. */
export async function storedCost(day: string) {
  const rows = await t.db.costDay.findMany({ where: { accountId, day }, include: { service: true } });
  const out = new Map<string, number>();
  for (const r of rows) {
    const app = Object.entries(apps).find(([, id]) => id === r.applicationId)?.[0];
    const key = r.applicationId === null ? "unallocated" : `${app}/${r.service?.name ?? ""}`;
    out.set(key, (out.get(key) ?? 0) + Number(r.costMicroUsd));
  }
  return out;
}
