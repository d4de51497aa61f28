// More AWS accounts, read through assumed roles (with an external id), and "Test
// connection": per permission, ok or the exact AWS error and what to add; the CLI
// exits non-zero when one is missing. Against the local AWS stub.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.FRUGAL_AWS_REGIONS = "eu-west-1";
  process.env.AWS_ACCESS_KEY_ID = "AKIAFRUGALMAIN";
  process.env.AWS_SECRET_ACCESS_KEY = "stub-secret";
  delete process.env.AWS_PROFILE;
});

import { addAwsAccount, ensureAwsWorkspace, listAwsAccounts, testAwsAccount } from "../lib/data/aws-accounts";
import { runSync } from "../lib/jobs/sync";
import { sourceFor } from "../lib/sources";
import { resetAwsClients } from "../lib/sources/aws/clients";
import type { StubAccount } from "./aws-stub/model";
import { AwsStub } from "./aws-stub/server";
import { ACCOUNT_ID, shopAccount } from "./aws-stub/shop-account";
import { NOW, serveStub, TODAY } from "./aws-sync-context";
import { createTestDb, type TestDb } from "./test-db";

const MEMBER_ID = "444455556666";
const ROLE = `arn:aws:iam::${MEMBER_ID}:role/FrugalReadOnly`;

/** A member account with one tagged function. */
const member: StubAccount = {
  accountId: MEMBER_ID,
  resources: [{ arn: `arn:aws:lambda:eu-west-1:${MEMBER_ID}:function:reports`, region: "eu-west-1", tags: { team: "data", service: "reports" } }],
  costFrom: TODAY,
  costTo: TODAY,
  estimatedFrom: TODAY,
  lineItems: () => [],
  metrics: () => [],
  value: () => null,
};

const stub = serveStub(
  new AwsStub({
    identities: [{ accessKeyId: "AKIAFRUGALMAIN", account: shopAccount({ days: 3, today: TODAY }), arn: `arn:aws:iam::${ACCOUNT_ID}:user/frugal` }],
    roles: [{ roleArn: ROLE, externalId: "frugal-7f3a", account: member, trusted: ["AKIAFRUGALMAIN"] }],
  }),
);
const actor = { kind: "system", label: "test" } as const;
let t: TestDb;
let accountId: number;

beforeEach(async () => {
  resetAwsClients();
  stub.reset();
  t = await createTestDb();
  accountId = (await ensureAwsWorkspace(t.db)).accountId;
});
afterEach(async () => t.close());

describe("an account read through a role", () => {
  it("is assumed with its external id, and its resources join the sync", async () => {
    const added = await addAwsAccount(t.db, accountId, { name: "member", roleArn: ROLE, externalId: "frugal-7f3a", regions: "eu-west-1", readsCost: false }, actor);
    expect(added).toMatchObject({ awsAccountId: MEMBER_ID, roleArn: ROLE, externalIdSet: true, readsCost: false, readsResources: true });
    const result = await runSync({ db: t.db, source: await sourceFor(t.db, accountId), accountId, trigger: "test", now: NOW, days: 3 });
    expect(result.status).toBe("succeeded");
    expect(await t.db.resource.findFirst({ where: { name: "reports" } })).not.toBeNull();
    const assumed = stub.of("sts:AssumeRole");
    expect(assumed).toHaveLength(1);
    expect(assumed[0]!.input).toMatchObject({ RoleArn: ROLE, ExternalId: "frugal-7f3a", RoleSessionName: "frugal" });
    // The member's resources are read with the role's keys, and it reads no cost (its payer does).
    expect(stub.of("tag:GetResources").some((c) => c.accessKeyId.startsWith("ASIASTUB"))).toBe(true);
    expect(stub.of("ce:GetCostAndUsage").every((c) => c.accessKeyId === "AKIAFRUGALMAIN")).toBe(true);
    // Nothing secret is stored: no key, only the role and whether an external id is set.
    expect(JSON.stringify(await t.db.awsAccount.findMany())).not.toContain("stub-secret");
  });

  it.each([
    [{ name: "", roleArn: ROLE }, /name is needed/],
    [{ name: "x", roleArn: "arn:aws:iam::123:role/short-id" }, /role ARN looks like/],
    [{ name: "x", roleArn: ROLE, regions: "eu-west-1,mars-1" }, /AWS regions/],
    [{ name: "x", roleArn: ROLE, externalId: "has spaces" }, /external id/],
  ])("refuses %j", async (input, message) => {
    await expect(addAwsAccount(t.db, accountId, input, actor)).rejects.toThrow(message);
    expect(await t.db.awsAccount.count()).toBe(1);
  });
});

describe("test connection", () => {
  it("reports every permission ok for the default credentials, and what Cost Explorer cost", async () => {
    const [first] = await listAwsAccounts(t.db, accountId);
    const result = await testAwsAccount(t.db, accountId, first!.id, actor);
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => [c.permission, c.ok])).toEqual([
      ["sts:GetCallerIdentity", true],
      ["tag:GetResources", true],
      ["cloudwatch:ListMetrics", true],
      ["cloudwatch:GetMetricData", true],
      ["ce:GetCostAndUsage", true],
      ["ce:GetCostForecast", true],
    ]);
    // Two Cost Explorer requests ($0.01 each), one ListMetrics request and one metric asked for ($0.00001 each).
    expect(result.costMicroUsd).toBe(20_020);
    expect((await t.db.awsAccount.findUniqueOrThrow({ where: { id: first!.id } })).lastTest).toMatchObject({ ok: true });
  });

  it("names the exact AWS error and what to add when a permission is missing", async () => {
    stub.faults.push({ api: "ce:GetCostAndUsage", fault: { kind: "denied" } });
    const [first] = await listAwsAccounts(t.db, accountId);
    const result = await testAwsAccount(t.db, accountId, first!.id, actor);
    expect(result.ok).toBe(false);
    expect(result.checks.find((c) => c.permission === "ce:GetCostAndUsage")).toMatchObject({ ok: false, detail: expect.stringMatching(/^AccessDeniedException: .*not authorized/), fix: expect.stringMatching(/Add "ce:GetCostAndUsage"/) });
  });

  it("reports sts:AssumeRole missing when the external id does not match the role's trust policy", async () => {
    const added = await addAwsAccount(t.db, accountId, { name: "member", roleArn: ROLE, externalId: "wrong-id", regions: "eu-west-1" }, actor);
    const result = await testAwsAccount(t.db, accountId, added.id, actor);
    expect(result.checks).toEqual([expect.objectContaining({ permission: "sts:AssumeRole", ok: false, detail: expect.stringMatching(/AccessDenied/), fix: expect.stringMatching(/trust policy/) })]);
  });

  it("exits non-zero from the CLI when a permission is missing, and prints what to add", async () => {
    stub.faults.push({ api: "cloudwatch:GetMetricData", fault: { kind: "denied" } });
    const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/frugal.ts", "account", "test"], {
      env: { ...process.env, FRUGAL_SOURCE: "aws", DATABASE_URL: `file:${t.file}`, AWS_ENDPOINT_URL: stub.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(out).toMatch(/ok\s+tag:GetResources/);
    expect(out).toMatch(/MISSING\s+cloudwatch:GetMetricData\s+AccessDenied/);
    expect(out).toMatch(/Add "cloudwatch:GetMetricData" to the policy/);
  });
});
