// The tag keys an account explores: each one is a breakdown the sync reads per
// application (one Cost Explorer query per rule key, each time it reads cost), and a
// "Group by" in Explore. Changing the list makes the next sync read the kept days
// again (the cost query hash names the breakdowns); a key let go is removed at once.
import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { MAX_EXPLORED_TAG_KEYS, parseExploredTagKeys, parseTagKeyList, tagBreakdown } from "../domain/breakdown";
import { AWS_APPLICATION_TAG, orderRules } from "../domain/tag-rules";
import { env } from "../env";

export interface ExploredTags {
  keys: string[];
  /** Runs of rules on one key: each explored key is one query per run. */
  ruleKeys: number;
  /** Queries each time the sync reads cost, with today's keys. */
  queriesPerRead: number;
  /** How often the sync reads cost: the estimated days every FRUGAL_COST_REFRESH_HOURS (8). */
  costReadsPerMonth: number;
  daysKept: number;
  /** Tag keys the account's resources carry (suggestions), most used first. */
  seen: { key: string; resources: number }[];
}

const RESOURCES_SAMPLED = 5_000;

export async function loadExploredTags(db: Db, accountId: number): Promise<ExploredTags> {
  const [account, rules, resources] = await Promise.all([
    db.cloudAccount.findUniqueOrThrow({ where: { id: accountId }, select: { exploredTagKeys: true, serviceTagKey: true, cellTagKey: true } }),
    db.tagRule.findMany({ where: { accountId } }),
    db.resource.findMany({ where: { accountId, goneSince: null }, select: { tags: true }, take: RESOURCES_SAMPLED }),
  ]);
  const keys = parseExploredTagKeys(account.exploredTagKeys);
  // Loaded here, for the one page that counts the queries: with it comes Cost Explorer's client, which no other page needs.
  const { planCostQueries } = await import("../sources/aws/cost-explorer");
  const plans = planCostQueries(orderRules(rules), account.serviceTagKey, { metric: "AmortizedCost", includeCredits: false }, new Map(), keys, account.cellTagKey);
  const counts = new Map<string, number>();
  for (const r of resources) {
    for (const key of Object.keys((r.tags ?? {}) as Record<string, string>)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return {
    keys,
    ruleKeys: plans.filter((p) => p.kind === "rules").length,
    queriesPerRead: plans.length,
    costReadsPerMonth: Math.round((30 * 24) / env.FRUGAL_COST_REFRESH_HOURS),
    daysKept: env.FRUGAL_SYNC_DAYS,
    // Not the keys Explore groups by already (the service tag, awsApplication's ARNs), nor AWS-generated ones.
    seen: [...counts].filter(([key]) => !key.includes(":") && key !== account.serviceTagKey && key !== account.cellTagKey && key !== AWS_APPLICATION_TAG).map(([key, resources]) => ({ key, resources })).sort((a, b) => b.resources - a.resources || a.key.localeCompare(b.key)),
  };
}

export const exploredTagKeysInput = z.object({
  keys: z
    .string()
    .max(MAX_EXPLORED_TAG_KEYS * 140)
    .transform((text, ctx) => {
      const parsed = parseTagKeyList(text);
      if ("error" in parsed) {
        ctx.addIssue({ code: "custom", message: parsed.error });
        return z.NEVER;
      }
      return parsed.keys;
    }),
});

/** Saves the list (audited); a key let go leaves Explore at once, its rows with it. */
export async function setExploredTagKeys(db: Db, accountId: number, keys: readonly string[], actor: AuditActor): Promise<{ keys: string[]; added: string[]; removed: string[] }> {
  return db.$transaction(async (tx) => {
    const account = await tx.cloudAccount.findUniqueOrThrow({ where: { id: accountId }, select: { exploredTagKeys: true } });
    const before = parseExploredTagKeys(account.exploredTagKeys);
    const added = keys.filter((k) => !before.includes(k));
    const removed = before.filter((k) => !keys.includes(k));
    if (added.length === 0 && removed.length === 0) return { keys: before, added, removed };
    await tx.cloudAccount.update({ where: { id: accountId }, data: { exploredTagKeys: JSON.stringify(keys) } });
    if (removed.length) await tx.costBreakdownDay.deleteMany({ where: { application: { accountId }, dimension: { in: removed.map(tagBreakdown) } } });
    await recordAudit(tx, { actor, action: "account.exploredTagKeys", object: { type: "account", id: accountId, label: "explored tag keys" }, before: { keys: before }, after: { keys: [...keys] } });
    return { keys: [...keys], added, removed };
  });
}
