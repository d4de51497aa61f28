// The account's resources, written page by page as the source lists them (a
// large account is never held whole): cells and services made as they appear,
// resources created, updated or only stamped as seen. Once the listing is
// complete, the resources it did not include are marked gone (never deleted); a
// listing that broke off marks nothing gone. Applications that AWS myApplications
// made (an awsApplication tag no rule selects) appear by themselves, with a rule.
import { z } from "zod";
import { recordAudit } from "../audit/record";
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

/** One page of resources in one transaction. */
async function writePage(db: Db, accountId: number, runId: number, page: readonly SourceResource[], rules: readonly TagRule[], keys: TagKeys, known: Known): Promise<WriteCounts> {
  const counts = zeroCounts();
  return db.$transaction(async (tx) => {
    // An ARN listed twice (a page boundary that moved) is one resource: the last listing wins.
    const unique = [...new Map(page.map((r) => [r.arn, r])).values()];
    const classified = unique.map((resource) => ({ resource, c: classify(resource.tags, rules, keys) }));
    for (const { c } of classified) {
      if (c.cell && !known.cells.has(c.cell)) known.cells.set(c.cell, (await tx.cell.upsert({ where: { accountId_name: { accountId, name: c.cell } }, update: {}, create: { accountId, name: c.cell } })).id);
      if (c.applicationId !== null && c.service !== null) {
        const key = serviceKeyOf(c.applicationId, c.service);
        if (!known.services.has(key)) {
          const service = await tx.service.upsert({ where: { applicationId_name: { applicationId: c.applicationId, name: c.service } }, update: {}, create: { applicationId: c.applicationId, name: c.service } });
          known.services.set(key, service.id);
        }
      }
    }
    const existing = new Map((await tx.resource.findMany({ where: { accountId, arn: { in: unique.map((r) => r.arn) } } })).map((r) => [r.arn, r]));
    const fresh: Prisma.ResourceCreateManyInput[] = [];
    const stamp: number[] = [];
    for (const { resource, c } of classified) {
      const desired = {
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
        fresh.push({ accountId, arn: resource.arn, ...desired, lastSeenRunId: runId });
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
        await tx.resource.update({ where: { id: row.id }, data: { ...desired, goneSince: null, lastSeenRunId: runId } });
        counts.updated++;
      }
    }
    if (fresh.length) await tx.resource.createMany({ data: fresh });
    counts.inserted += fresh.length;
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
  options: { accountId: number; runId: number; source: Source; rules: TagRule[]; keys: TagKeys; now: Date; onPage?: (resourcesSoFar: number) => void },
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
  for await (const page of options.source.resources()) {
    if ("gap" in page) {
      gaps.push(page.gap);
      continue;
    }
    const resources = checkFromSource(z.array(sourceResourceSchema), page, "resource");
    rules = await discoverApplications(db, accountId, resources, rules);
    counts = addCounts(counts, await writePage(db, accountId, runId, resources, rules, options.keys, known));
    seen += resources.length;
    options.onPage?.(seen);
  }
  if (gaps.length === 0) {
    const gone = await db.resource.updateMany({
      where: { accountId, goneSince: null, OR: [{ lastSeenRunId: null }, { lastSeenRunId: { not: runId } }] },
      data: { goneSince: options.now },
    });
    counts.deleted += gone.count;
  }
  return { counts, resources: seen, complete: gaps.length === 0, gaps, rules };
}
