// The AWS accounts Frugal reads (FRUGAL_SOURCE=aws): the first one made from the
// SDK's default credential chain on the first start, more added by admins, each
// through a role assumed from that chain. No key is ever stored: only a role's ARN
// and, where the role's trust policy asks for one, its external id.
import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { ConflictError, NotFoundError, UnprocessableError } from "../errors";
import { awsAccountConfig, awsClientSettings } from "../sources/aws/settings";
import type { ConnectionTest } from "../sources/aws/test-connection";
import { Meter } from "../sources/meter";

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export const awsAccountInput = z.object({
  name: z.string().trim().min(1, "A name is needed.").max(64).regex(/^[\w .@:-]+$/, "Letters, digits, spaces and . _ - @ : only."),
  roleArn: z
    .string()
    .trim()
    .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "A role ARN looks like arn:aws:iam::123456789012:role/FrugalReadOnly."),
  externalId: z
    .string()
    .trim()
    .max(1224)
    .regex(/^[\w+=,.@:/-]*$/, "An external id holds letters, digits and + = , . @ : / - only.")
    .optional()
    .transform((v) => v || null),
  regions: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.split(",").map((r) => r.trim()).filter(Boolean) : []))
    .refine((list) => list.every((r) => REGION.test(r)), "List AWS regions, comma-separated, e.g. eu-west-1,us-east-1.")
    .transform((list) => (list.length ? list.join(",") : null)),
  readsCost: z.boolean().default(true),
  readsResources: z.boolean().default(true),
});
export type AwsAccountInput = z.input<typeof awsAccountInput>;

export interface AwsAccountView {
  id: number;
  name: string;
  awsAccountId: string | null;
  roleArn: string | null;
  externalIdSet: boolean;
  regions: string[];
  readsCost: boolean;
  readsResources: boolean;
  lastTestAt: Date | null;
  lastTest: ConnectionTest | null;
}

function view(row: Awaited<ReturnType<Db["awsAccount"]["findFirstOrThrow"]>>): AwsAccountView {
  return {
    id: row.id,
    name: row.name,
    awsAccountId: row.awsAccountId,
    roleArn: row.roleArn,
    externalIdSet: row.externalId !== null,
    regions: awsAccountConfig(row).regions,
    readsCost: row.readsCost,
    readsResources: row.readsResources,
    lastTestAt: row.lastTestAt,
    lastTest: (row.lastTest ?? null) as ConnectionTest | null,
  };
}

export async function listAwsAccounts(db: Db, accountId: number): Promise<AwsAccountView[]> {
  return (await db.awsAccount.findMany({ where: { accountId }, orderBy: { id: "asc" } })).map(view);
}

/**
 * The first start on AWS: Frugal's workspace for the AWS source, and, when no AWS
 * account is configured, one read through the default credential chain, named
 * after the account id STS gives.
 */
export async function ensureAwsWorkspace(db: Db, log: (line: string) => void = () => undefined): Promise<{ accountId: number; created: boolean }> {
  const existing = await db.cloudAccount.findFirst({ where: { source: "aws" }, orderBy: { id: "asc" } });
  const account = existing ?? (await db.cloudAccount.create({ data: { name: "AWS", source: "aws" } }));
  if (await db.awsAccount.count({ where: { accountId: account.id } })) return { accountId: account.id, created: false };
  log("No AWS account configured yet: asking STS who the default credentials are");
  // The SDK loads only where AWS is called: the settings page lists accounts without it.
  const { callerIdentity } = await import("../sources/aws/sts");
  const identity = await callerIdentity({ key: "default", roleArn: null, externalId: null }, awsClientSettings(), new Meter()).catch((error: unknown) => {
    throw new UnprocessableError(`Frugal could not find AWS credentials (${error instanceof Error ? error.message : String(error)}). Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run it with an instance or task role; see the README, "Connecting your AWS account".`);
  });
  await db.$transaction(async (tx) => {
    const row = await tx.awsAccount.create({ data: { accountId: account.id, name: identity.accountId, awsAccountId: identity.accountId } });
    await recordAudit(tx, { actor: { kind: "system", label: "setup" }, action: "awsAccount.added", object: { type: "awsAccount", id: row.id, label: row.name }, after: { awsAccountId: identity.accountId, via: "default credential chain" } });
  });
  log(`Reading AWS account ${identity.accountId} (${identity.arn}) through the default credentials`);
  return { accountId: account.id, created: true };
}

export async function addAwsAccount(db: Db, accountId: number, raw: AwsAccountInput, actor: AuditActor): Promise<AwsAccountView> {
  const parsed = awsAccountInput.safeParse(raw);
  if (!parsed.success) throw new UnprocessableError(parsed.error.issues[0]?.message ?? "Invalid account.", parsed.error.issues);
  return addCheckedAwsAccount(db, accountId, parsed.data, actor);
}

/** For callers that validated the input with awsAccountInput already (the settings form, for its field errors). */
export async function addCheckedAwsAccount(db: Db, accountId: number, input: z.output<typeof awsAccountInput>, actor: AuditActor): Promise<AwsAccountView> {
  if (await db.awsAccount.findUnique({ where: { accountId_name: { accountId, name: input.name } } })) throw new ConflictError(`An account named '${input.name}' exists already.`);
  const awsAccountId = /::(\d{12}):/.exec(input.roleArn)?.[1] ?? null;
  const row = await db.$transaction(async (tx) => {
    const created = await tx.awsAccount.create({ data: { accountId, name: input.name, roleArn: input.roleArn, externalId: input.externalId, regions: input.regions, readsCost: input.readsCost, readsResources: input.readsResources, awsAccountId } });
    await recordAudit(tx, {
      actor,
      action: "awsAccount.added",
      object: { type: "awsAccount", id: created.id, label: created.name },
      after: { roleArn: input.roleArn, externalId: input.externalId ? "(set)" : null, regions: input.regions, readsCost: input.readsCost, readsResources: input.readsResources },
    });
    return created;
  });
  return view(row);
}

export async function removeAwsAccount(db: Db, accountId: number, id: number, actor: AuditActor): Promise<{ name: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.awsAccount.findFirst({ where: { id, accountId } });
    if (!row) throw new NotFoundError("That AWS account is not configured.");
    await tx.awsAccount.delete({ where: { id } });
    await recordAudit(tx, { actor, action: "awsAccount.removed", object: { type: "awsAccount", id, label: row.name }, before: { roleArn: row.roleArn, awsAccountId: row.awsAccountId } });
    return { name: row.name };
  });
}

/** Calls each API once with this account's credentials, keeps the result, and fills in the account id. */
export async function testAwsAccount(db: Db, accountId: number, id: number, actor: AuditActor): Promise<ConnectionTest> {
  const row = await db.awsAccount.findFirst({ where: { id, accountId } });
  if (!row) throw new NotFoundError("That AWS account is not configured.");
  const { testConnection } = await import("../sources/aws/test-connection");
  const result = await testConnection(awsAccountConfig(row), awsClientSettings());
  await db.$transaction(async (tx) => {
    await tx.awsAccount.update({ where: { id }, data: { lastTestAt: new Date(), lastTest: { ...result, checks: result.checks.map((c) => ({ ...c })) }, ...(result.awsAccountId ? { awsAccountId: result.awsAccountId } : {}) } });
    await recordAudit(tx, { actor, action: "awsAccount.tested", object: { type: "awsAccount", id, label: row.name }, after: { ok: result.ok, failed: result.checks.filter((c) => !c.ok).map((c) => c.permission) } });
  });
  return result;
}
