// Cost Explorer: daily cost, every dollar once, under the rule that wins.
//
// GetCostAndUsage groups by at most two keys, while tag rules may use several
// (awsApplication, team, app, ...) and the service tag is needed too. So the
// queries are planned from the ordered rules: consecutive rules on the same key
// make one query, grouped by that key and the service tag, filtered to what those
// rules match and to nothing an earlier rule matched. Then one query for what no
// rule matches (the unallocated line) and one ungrouped query for the account's
// total, which the sync checks the lines against, day by day. Each run of rules
// also gets one query per breakdown, grouped by its key and the SERVICE, REGION or
// LINKED_ACCOUNT dimension, the cell tag or an explored tag key, under the same
// filter: what each application's cost is made of (AWS Lambda, eu-west-1,
// cell$cell-a, team$checkout ...), never added to the lines. So a sync reads
// 2 + runs × (5 + explored keys) queries per range, each at least one $0.01 request.
//
// Amounts are strings, parsed exactly into micro-dollars; TimePeriod.End is
// exclusive; every page repeats the same request (a changed one gets
// RequestChangedException) and is billed $0.01.
import { GetCostAndUsageCommand, type CostExplorerClient, type Expression, type GetCostAndUsageCommandInput, type GetCostAndUsageCommandOutput, type GroupDefinition } from "@aws-sdk/client-cost-explorer";
import { addDays, type DayRange } from "../../domain/day";
import { parseUsdToMicro } from "../../domain/money";
import { ANY_VALUE, AWS_APPLICATION_TAG, applicationNameFromArn, type TagRule } from "../../domain/tag-rules";
import { metered, type Meter } from "../meter";
import { COST_EXPLORER_DIMENSION, isTagValued, tagBreakdown, type BreakdownDimension } from "../../domain/breakdown";
import type { CostBreakdownLine, CostChunk, CostLine, CostTotal } from "../types";
import { reasonOf } from "./errors";

export type CostMetric = "AmortizedCost" | "UnblendedCost";

export interface CostSettings {
  metric: CostMetric;
  /** Credits and refunds are left out by default (RECORD_TYPE), so that a credit does not hide what a service costs. */
  includeCredits: boolean;
}

export interface CostQueryPlan {
  /** What it reads, for messages: "rules on awsApplication", "unallocated", "total". */
  label: string;
  kind: "rules" | "breakdown" | "unallocated" | "total";
  groupBy: GroupDefinition[];
  /** A breakdown's dimension: its answer's second key is the value. */
  dimension?: BreakdownDimension;
  filter: Expression | undefined;
}

/** Cost Explorer's expressions take one root each: And / Or of a single part is that part. */
export const and = (parts: (Expression | undefined)[]): Expression | undefined => {
  const list = parts.filter((p): p is Expression => p !== undefined);
  return list.length === 0 ? undefined : list.length === 1 ? list[0] : { And: list };
};
export const or = (parts: Expression[]): Expression | undefined => (parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { Or: parts });
const not = (e: Expression | undefined): Expression | undefined => (e === undefined ? undefined : { Not: e });

/** "Has this tag, with any value": Cost Explorer's ABSENT, negated. */
const hasTag = (key: string): Expression => ({ Not: { Tags: { Key: key, MatchOptions: ["ABSENT"] } } });

/**
 * What a run of rules on one key matches. An awsApplication rule may name the
 * application instead of its ARN: Cost Explorer needs the ARNs, taken from the
 * resources the account lists.
 */
export function matchOf(key: string, values: readonly string[], knownTagValues: ReadonlyMap<string, ReadonlySet<string>>): Expression | undefined {
  if (values.includes(ANY_VALUE)) return hasTag(key);
  const exact = new Set<string>();
  for (const value of values) {
    exact.add(value);
    if (key === AWS_APPLICATION_TAG && applicationNameFromArn(value) === null) {
      for (const arn of knownTagValues.get(key) ?? []) if (applicationNameFromArn(arn) === value) exact.add(arn);
    }
  }
  return { Tags: { Key: key, Values: [...exact].sort(), MatchOptions: ["EQUALS"] } };
}

export function recordTypeFilter(settings: CostSettings): Expression | undefined {
  return settings.includeCredits ? undefined : { Not: { Dimensions: { Key: "RECORD_TYPE", Values: ["Credit", "Refund"] } } };
}

/** The queries for one account, in order. */
export function planCostQueries(
  rules: readonly TagRule[],
  serviceTagKey: string,
  settings: CostSettings,
  knownTagValues: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  exploredTagKeys: readonly string[] = [],
  cellTagKey: string | null = null,
): CostQueryPlan[] {
  const records = recordTypeFilter(settings);
  const runs: { key: string; values: string[] }[] = [];
  for (const rule of rules) {
    const last = runs.at(-1);
    if (last && last.key === rule.key) last.values.push(rule.value);
    else runs.push({ key: rule.key, values: [rule.value] });
  }
  const plans: CostQueryPlan[] = [];
  const earlier: Expression[] = [];
  for (const run of runs) {
    const match = matchOf(run.key, run.values, knownTagValues);
    if (!match) continue;
    const groupBy: GroupDefinition[] = run.key === serviceTagKey ? [{ Type: "TAG", Key: run.key }] : [{ Type: "TAG", Key: run.key }, { Type: "TAG", Key: serviceTagKey }];
    const filter = and([match, not(or([...earlier])), records]);
    plans.push({ label: `rules on ${run.key}`, kind: "rules", groupBy, filter });
    for (const dimension of ["awsService", "region", "account"] as const) {
      plans.push({ label: `${COST_EXPLORER_DIMENSION[dimension]} under ${run.key}`, kind: "breakdown", dimension, groupBy: [{ Type: "TAG", Key: run.key }, { Type: "DIMENSION", Key: COST_EXPLORER_DIMENSION[dimension] }], filter });
    }
    // Grouping twice by the rule's own key would be refused: its value is the rule's.
    const byTag = (key: string): GroupDefinition[] => (key === run.key ? [{ Type: "TAG", Key: run.key }] : [{ Type: "TAG", Key: run.key }, { Type: "TAG", Key: key }]);
    if (cellTagKey) plans.push({ label: `cell (tag ${cellTagKey}) under ${run.key}`, kind: "breakdown", dimension: "cell", groupBy: byTag(cellTagKey), filter });
    for (const key of exploredTagKeys) plans.push({ label: `tag ${key} under ${run.key}`, kind: "breakdown", dimension: tagBreakdown(key), groupBy: byTag(key), filter });
    earlier.push(match);
  }
  if (earlier.length) plans.push({ label: "unallocated", kind: "unallocated", groupBy: [], filter: and([not(or([...earlier])), records]) });
  plans.push({ label: "total", kind: "total", groupBy: [], filter: records });
  return plans;
}

type Result = NonNullable<GetCostAndUsageCommandOutput["ResultsByTime"]>[number];

/** "team$checkout" → ["team", "checkout"]; "team$" → untagged. Values may hold '$': split on the first one only. */
export function splitTagKey(groupKey: string): [string, string] {
  const at = groupKey.indexOf("$");
  return at < 0 ? [groupKey, ""] : [groupKey.slice(0, at), groupKey.slice(at + 1)];
}

/** A page of grouped results as cost lines (one per day and group). */
export function mapGroupedResults(results: readonly Result[] | undefined, metric: CostMetric): CostLine[] {
  const lines: CostLine[] = [];
  for (const r of results ?? []) {
    const day = r.TimePeriod?.Start;
    if (!day) continue;
    for (const group of r.Groups ?? []) {
      const amount = group.Metrics?.[metric]?.Amount;
      if (amount === undefined) continue;
      const tags: Record<string, string> = {};
      for (const key of group.Keys ?? []) {
        const [tagKey, value] = splitTagKey(key);
        tags[tagKey] = value;
      }
      const costMicroUsd = parseUsdToMicro(amount);
      // A group that rounds to nothing is not a line (Cost Explorer lists zero groups too).
      if (costMicroUsd !== 0) lines.push({ day: day.slice(0, 10), tags, costMicroUsd, estimated: r.Estimated === true });
    }
  }
  return lines;
}

/**
 * A page grouped by the rule's tag and a breakdown (in that order) as breakdown
 * lines. Dimension values come as they are ("AWS Lambda", "eu-west-1",
 * "123456789012"); a tag's as "key$value" ("key$": untagged, value ''). Grouped by
 * the rule's tag alone, the value is that tag's.
 */
export function mapBreakdownResults(results: readonly Result[] | undefined, metric: CostMetric, dimension: BreakdownDimension): CostBreakdownLine[] {
  const lines: CostBreakdownLine[] = [];
  const isTag = isTagValued(dimension);
  for (const r of results ?? []) {
    const day = r.TimePeriod?.Start;
    if (!day) continue;
    for (const group of r.Groups ?? []) {
      const amount = group.Metrics?.[metric]?.Amount;
      const [ruleKey, second] = group.Keys ?? [];
      if (amount === undefined || ruleKey === undefined) continue;
      const [key, ruleValue] = splitTagKey(ruleKey);
      const value = second === undefined ? ruleValue : isTag ? splitTagKey(second)[1] : second;
      // A dimension always has a value (Cost Explorer says "NoRegion"); an empty one is not a line.
      if (!isTag && !value) continue;
      const costMicroUsd = parseUsdToMicro(amount);
      if (costMicroUsd !== 0) lines.push({ day: day.slice(0, 10), tags: { [key]: ruleValue }, dimension, value, costMicroUsd, estimated: r.Estimated === true });
    }
  }
  return lines;
}

/** A page of ungrouped results as each day's total. */
export function mapTotals(results: readonly Result[] | undefined, metric: CostMetric): CostTotal[] {
  return (results ?? []).flatMap((r) => {
    const day = r.TimePeriod?.Start;
    if (!day) return [];
    const amount = r.Total?.[metric]?.Amount ?? "0";
    return [{ day: day.slice(0, 10), costMicroUsd: parseUsdToMicro(amount), estimated: r.Estimated === true }];
  });
}

/** A page cap per query: the most a runaway pagination can cost. */
const MAX_PAGES = 2_000;

/**
 * Runs the plan over each range; yields lines and totals page by page. A range in
 * which any query fails (after the SDK's retries) yields a gap instead, and the
 * sync writes none of its days.
 */
export async function* readDailyCost(client: CostExplorerClient, plans: readonly CostQueryPlan[], ranges: readonly DayRange[], settings: CostSettings, meter: Meter, account: string): AsyncIterable<CostChunk> {
  for (const range of ranges) {
    try {
      for (const plan of plans) {
        const input: GetCostAndUsageCommandInput = {
          TimePeriod: { Start: range.from, End: addDays(range.to, 1) }, // End is exclusive
          Granularity: "DAILY",
          Metrics: [settings.metric],
          ...(plan.groupBy.length ? { GroupBy: plan.groupBy } : {}),
          ...(plan.filter ? { Filter: plan.filter } : {}),
        };
        let token: string | undefined;
        let pages = 0;
        do {
          const answer: GetCostAndUsageCommandOutput = await metered(meter, "ce:GetCostAndUsage", () => client.send(new GetCostAndUsageCommand({ ...input, ...(token ? { NextPageToken: token } : {}) })));
          if (plan.kind === "rules") yield { lines: mapGroupedResults(answer.ResultsByTime, settings.metric) };
          else if (plan.kind === "breakdown") yield { breakdownLines: mapBreakdownResults(answer.ResultsByTime, settings.metric, plan.dimension as BreakdownDimension) };
          else {
            const totals = mapTotals(answer.ResultsByTime, settings.metric);
            // What no rule selects is one unallocated line a day; with no rules at all, the total is that line too.
            if (plan.kind === "unallocated" || !plans.some((p) => p.kind === "unallocated" || p.kind === "rules")) yield { lines: totals.filter((t) => t.costMicroUsd !== 0).map((t) => ({ ...t, tags: {} })) };
            if (plan.kind === "total") yield { totals };
          }
          token = answer.NextPageToken || undefined;
          if (++pages >= MAX_PAGES && token) throw new Error(`more than ${MAX_PAGES} pages for ${plan.label}`);
        } while (token);
      }
    } catch (error) {
      yield { gap: { part: "cost", from: range.from, to: range.to, reason: `Cost of ${account}: ${reasonOf(error, "ce:GetCostAndUsage")}` } };
    }
  }
}
