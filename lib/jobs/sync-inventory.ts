// The account's resources, written a thousand at a time as the source lists them (a
// large account is never held whole): cells and services made as they appear,
// resources created, updated or only stamped as seen. Once the listing is
// complete, the resources it did not include are marked gone (never deleted); a
// listing that broke off marks nothing gone. Applications that AWS myApplications
// made (an awsApplication tag no rule selects) appear by themselves, with a rule.
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { insertRecords, sqlTimestamp, updateRecords } from "../data/bulk-write";
import type { Db, Prisma } from "../db/client";
import { AWS_APPLICATION_TAG, applicationNameFromArn, classify, matchApplication, orderRules, type TagKeys, type TagRule } from "../domain/tag-rules";
import type { Source, SourceGap, SourceResource } from "../sources/types";
import { addCounts, zeroCounts, type WriteCounts } from "./diff-write";

export const sourceResourceSchema = z.object({
  arn: z.string().min(1).max(2048),
  name: z.string().max(1024),
  type: z.string().min(1).max(256),
  region: z.string().max(64),
  tags: z.record(z.string(), z.string()),
});

/** A source's answer at the boundary: a bad one stops the sync with a message saying which part was wrong. */
export function checkFromSource<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The source returned an invalid ${what}: ${issue?.path.join(".")} ${issue?.message}`);
  }
  return parsed.data;
}

export const serviceKeyOf = (applicationId: number, service: string) => `${applicationId}/${service}`;

/** Same tags regardless of key order. */
function canonicalTags(tags: unknown): string {
  const entries = Object.entries((tags ?? {}) as Record<string, string>).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(entries);
}

/** An application's slug from its name: lower case, dashes, unique in the account. */
export async function uniqueSlug(db: Db | Prisma.TransactionClient, accountId: number, name: string): Promise<string> {
  const base =
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48) || "application";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await db.application.findUnique({ where: { accountId_slug: { accountId, slug } } }))) return slug;
  }
}

/** Applications for awsApplication ARNs no rule selects yet: one each, with a rule after the existing ones. */
async function discoverApplications(db: Db, accountId: number, resources: readonly SourceResource[], rules: TagRule[]): Promise<TagRule[]> {
  const arns = new Set<string>();
  for (const r of resources) {
    const value = r.tags[AWS_APPLICATION_TAG];
    if (value && applicationNameFromArn(value) && matchApplication(r.tags, rules) === null) arns.add(value);
  }
  if (arns.size === 0) return rules;
  const added: TagRule[] = [];
  for (const arn of arns) {
    const name = applicationNameFromArn(arn) as string;
    const rule = await db.$transaction(async (tx) => {
      const slug = await uniqueSlug(tx, accountId, name);
      const app = await tx.application.create({ data: { accountId, slug, name, description: "Found by its myApplications (awsApplication) tag." } });
      const last = await tx.tagRule.aggregate({ where: { accountId }, _max: { position: true } });
      const created = await tx.tagRule.create({ data: { accountId, applicationId: app.id, key: AWS_APPLICATION_TAG, value: arn, position: (last._max.position ?? 0) + 10 } });
      await recordAudit(tx, {
        actor: { kind: "system", label: "sync" },
        action: "application.discovered",
        object: { type: "application", id: app.id, label: app.name },
        applicationId: app.id,
        after: { slug, rule: `${AWS_APPLICATION_TAG}=${arn}` },
      });
      return created;
    });
    added.push(rule);
  }
  return orderRules([...rules, ...added]);
}

interface Known {
  cells: Map<string, number>;
  services: Map<string, number>;
}

const CHUNK = 500;
/**
 * Resources written per transaction. The tagging API lists 100 a page; a thousand at a time makes a
 * tenth of the transactions and statements (20,000 new resources on PostgreSQL: 4.7 → 3.5 s, then
 * 1.4–1.7 s once new services were made in one statement too; README, Benchmark).
 */
const RESOURCES_PER_WRITE = 1_000;
// New and changed resources go in one statement each per write (bulk-write.ts): a tag rule that
// moved every resource of 20,000 cost a statement per resource at the next sync.
const NEW_COLUMNS = ["accountId", "arn", "name", "type", "region", "tags", "applicationId", "serviceId", "cellId", "firstSeenAt", "lastSeenRunId"] as const;
const CHANGED_COLUMNS = ["name", "type", "region", "tags", "applicationId", "serviceId", "cellId", "goneSince", "lastSeenRunId"] as const;

/** What a listing says of a resource, and where the rules put it. */
interface Placement {
  name: string;
  type: string;
  region: string;
  tags: Record<string, string>;
  applicationId: number | null;
  serviceId: number | null;
  cellId: number | null;
}

/**
 * Services the listing names and `known` lacks, made in one statement (a tag rule that moved
 * every resource brings in every service again, under its new application: 2,000 upserts took
 * 2.5 s on PostgreSQL), their ids added to `known`. Any that exist already are only read.
 */
export async function addServices(tx: Db | Prisma.TransactionClient, wanted: readonly { applicationId: number; name: string }[], known: Map<string, number>): Promise<void> {
  if (wanted.length === 0) return;
  const remember = (rows: { id: number; applicationId: number; name: string }[]) => rows.forEach((s) => known.set(serviceKeyOf(s.applicationId, s.name), s.id));
  remember(await tx.service.findMany({ where: { applicationId: { in: [...new Set(wanted.map((w) => w.applicationId))] }, name: { in: [...new Set(wanted.map((w) => w.name))] } }, select: { id: true, applicationId: true, name: true } }));
  const missing = wanted.filter((w) => !known.has(serviceKeyOf(w.applicationId, w.name)));
  if (missing.length) remember(await tx.service.createManyAndReturn({ data: missing, select: { id: true, applicationId: true, name: true } }));
}

/** A batch of resources (a few of the source's pages) in one transaction. */
async function writeBatch(db: Db, accountId: number, runId: number, batch: readonly SourceResource[], rules: readonly TagRule[], keys: TagKeys, known: Known): Promise<WriteCounts> {
  const counts = zeroCounts();
  return db.$transaction(async (tx) => {
    // An ARN listed twice (a page boundary that moved) is one resource: the last listing wins.
    const unique = [...new Map(batch.map((r) => [r.arn, r])).values()];
    const classified = unique.map((resource) => ({ resource, c: classify(resource.tags, rules, keys) }));
    const newServices = new Map<string, { applicationId: number; name: string }>();
    for (const { c } of classified) {
      if (c.cell && !known.cells.has(c.cell)) known.cells.set(c.cell, (await tx.cell.upsert({ where: { accountId_name: { accountId, name: c.cell } }, update: {}, create: { accountId, name: c.cell } })).id);
      if (c.applicationId !== null && c.service !== null && !known.services.has(serviceKeyOf(c.applicationId, c.service))) {
        newServices.set(serviceKeyOf(c.applicationId, c.service), { applicationId: c.applicationId, name: c.service });
      }
    }
    await addServices(tx, [...newServices.values()], known.services);
    const existing = new Map((await tx.resource.findMany({ where: { accountId, arn: { in: unique.map((r) => r.arn) } } })).map((r) => [r.arn, r]));
    const fresh: (Placement & { accountId: number; arn: string; firstSeenAt: string; lastSeenRunId: number })[] = [];
    const changed: [{ id: number }, Placement & { goneSince: null; lastSeenRunId: number }][] = [];
    const stamp: number[] = [];
    const firstSeenAt = sqlTimestamp(new Date());
    for (const { resource, c } of classified) {
      const desired: Placement = {
        name: resource.name,
        type: resource.type,
        region: resource.region,
        tags: resource.tags,
        applicationId: c.applicationId,
        serviceId: c.applicationId !== null && c.service !== null ? (known.services.get(serviceKeyOf(c.applicationId, c.service)) ?? null) : null,
        cellId: c.cell ? (known.cells.get(c.cell) ?? null) : null,
      };
      const row = existing.get(resource.arn);
      if (!row) {
        fresh.push({ accountId, arn: resource.arn, ...desired, firstSeenAt, lastSeenRunId: runId });
        continue;
      }
      const same =
        row.goneSince === null &&
        row.name === desired.name &&
        row.type === desired.type &&
        row.region === desired.region &&
        row.applicationId === desired.applicationId &&
        row.serviceId === desired.serviceId &&
        row.cellId === desired.cellId &&
        canonicalTags(row.tags) === canonicalTags(desired.tags);
      if (same) {
        stamp.push(row.id);
        counts.unchanged++;
      } else {
        changed.push([row, { ...desired, goneSince: null, lastSeenRunId: runId }]);
      }
    }
    counts.inserted += await insertRecords(tx, "Resource", NEW_COLUMNS, fresh);
    counts.updated += await updateRecords(tx, "Resource", CHANGED_COLUMNS, changed);
    for (let i = 0; i < stamp.length; i += CHUNK) await tx.resource.updateMany({ where: { id: { in: stamp.slice(i, i + CHUNK) } }, data: { lastSeenRunId: runId } });
    return counts;
  });
}

export interface InventoryResult {
  counts: WriteCounts;
  resources: number;
  /** False when the listing broke off: then nothing was marked gone. */
  complete: boolean;
  gaps: SourceGap[];
  /** The rules after discovery. */
  rules: TagRule[];
}

export async function syncInventory(
  db: Db,
  options: { accountId: number; runId: number; source: Pick<Source, "resources">; rules: TagRule[]; keys: TagKeys; now: Date },
): Promise<InventoryResult> {
  const { accountId, runId } = options;
  let rules = options.rules;
  const known: Known = {
    cells: new Map((await db.cell.findMany({ where: { accountId } })).map((c) => [c.name, c.id])),
    services: new Map((await db.service.findMany({ where: { application: { accountId } } })).map((s) => [serviceKeyOf(s.applicationId, s.name), s.id])),
  };
  let counts = zeroCounts();
  let seen = 0;
  const gaps: SourceGap[] = [];
  let batch: SourceResource[] = [];
  const write = async () => {
    const resources = batch;
    batch = [];
    rules = await discoverApplications(db, accountId, resources, rules);
    counts = addCounts(counts, await writeBatch(db, accountId, runId, resources, rules, options.keys, known));
    seen += resources.length;
  };
  for await (const page of options.source.resources()) {
    if ("gap" in page) {
      gaps.push(page.gap);
      continue;
    }
    batch.push(...checkFromSource(z.array(sourceResourceSchema), page, "resource"));
    if (batch.length >= RESOURCES_PER_WRITE) await write();
  }
  if (batch.length) await write();
  if (gaps.length === 0) {
    const gone = await db.resource.updateMany({
      where: { accountId, goneSince: null, OR: [{ lastSeenRunId: null }, { lastSeenRunId: { not: runId } }] },
      data: { goneSince: options.now },
    });
    counts.deleted += gone.count;
  }
  return { counts, resources: seen, complete: gaps.length === 0, gaps, rules };
}
