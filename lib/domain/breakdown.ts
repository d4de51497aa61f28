// What an application's cost is made of, split by one dimension of the bill at a
// time: the AWS service (Cost Explorer's SERVICE), the region (REGION), the
// account (LINKED_ACCOUNT), the cell (the account's cell tag) or the value of a
// tag key the account explores. Each
// dimension's rows of a day add up to the application's cost of that day (they are
// read under the same filter as its lines); dimensions are never crossed (Cost
// Explorer groups by two keys, and the first is always the rule's tag).

export const FIXED_BREAKDOWNS = ["awsService", "region", "account", "cell"] as const;
export type FixedBreakdown = (typeof FIXED_BREAKDOWNS)[number];
export type TagBreakdown = `tag:${string}`;
export type BreakdownDimension = FixedBreakdown | TagBreakdown;

/** Cost Explorer's dimension for each fixed breakdown but the cell, which is a tag (CloudAccount.cellTagKey). */
export const COST_EXPLORER_DIMENSION: Record<Exclude<FixedBreakdown, "cell">, string> = { awsService: "SERVICE", region: "REGION", account: "LINKED_ACCOUNT" };

/** Breakdowns whose values are a tag's: the cell, and every explored key. */
export const isTagValued = (dimension: string): boolean => dimension === "cell" || dimension.startsWith("tag:");

/** Each explored key is one more Cost Explorer query per rule key, per range a sync reads. */
export const MAX_EXPLORED_TAG_KEYS = 5;

export const tagBreakdown = (key: string): TagBreakdown => `tag:${key}`;
export const tagKeyOf = (dimension: string): string | null => (dimension.startsWith("tag:") && dimension.length > 4 ? dimension.slice(4) : null);

export function isBreakdownDimension(value: string): value is BreakdownDimension {
  return (FIXED_BREAKDOWNS as readonly string[]).includes(value) || (tagKeyOf(value) !== null && checkTagKey(tagKeyOf(value) as string) === null);
}

/**
 * Why a tag key cannot be explored, or null. AWS allows 128 characters of letters,
 * digits, spaces and + - = . _ : / @; a ':' is refused here because Explore's links
 * read "tag:<key>:<value>" (AWS-generated keys such as aws:createdBy have one).
 */
export function checkTagKey(key: string): string | null {
  if (key.trim() !== key || key === "") return "A tag key is not empty and has no space at either end.";
  if (key.length > 128) return "A tag key is at most 128 characters (AWS's limit).";
  if (key.includes(":")) return `'${key}' has a ':': AWS-generated keys (aws:…) cannot be explored.`;
  if (!/^[\p{L}\p{N} +\-=._/@]+$/u.test(key)) return `'${key}' has characters AWS does not allow in a tag key (letters, digits, spaces and + - = . _ / @).`;
  return null;
}

/** The account's explored keys as stored (a JSON array); anything unreadable is no key. */
export function parseExploredTagKeys(stored: string | null | undefined): string[] {
  try {
    const list: unknown = JSON.parse(stored ?? "[]");
    return Array.isArray(list) ? list.filter((k): k is string => typeof k === "string" && checkTagKey(k) === null).slice(0, MAX_EXPLORED_TAG_KEYS) : [];
  } catch {
    return [];
  }
}

/** A value as people read it: Cost Explorer's "NoRegion" (tax, support) and "global" (CloudFront, Route 53), an empty tag. */
export function breakdownValueLabel(dimension: string, value: string): string {
  if (value === "") return tagKeyOf(dimension) ? `(no ${tagKeyOf(dimension)})` : dimension === "cell" ? "(no cell)" : "(none)";
  if (dimension === "region" && value === "NoRegion") return "No region";
  if (dimension === "region" && value === "global") return "Global";
  return value;
}

/** "AWS service", "Region", "Account", "Tag: team". */
export function breakdownLabel(dimension: BreakdownDimension): string {
  const key = tagKeyOf(dimension);
  return key ? `Tag: ${key}` : { awsService: "AWS service", region: "Region", account: "Account", cell: "Cell" }[dimension as FixedBreakdown];
}

/** A list of tag keys as people type it (commas or new lines), checked; the first problem found, or the keys. */
export function parseTagKeyList(text: string): { keys: string[] } | { error: string } {
  const keys = [...new Set(text.split(/[,\n]/).map((k) => k.trim()).filter((k) => k !== ""))];
  for (const key of keys) {
    const problem = checkTagKey(key);
    if (problem) return { error: problem };
  }
  if (keys.length > MAX_EXPLORED_TAG_KEYS) return { error: `At most ${MAX_EXPLORED_TAG_KEYS} tag keys: each one is more Cost Explorer requests at every sync.` };
  return { keys };
}

/** What Cost Explorer requests cost: $0.01 each (every page of a paginated answer is one). */
export const COST_EXPLORER_REQUEST_MICRO_USD = 10_000;

export interface ExploredKeysCost {
  /** More (or fewer) queries each time the sync reads cost: one per key and rule key. */
  queriesPerRead: number;
  requestsPerMonth: number;
  microUsdPerMonth: number;
  /** The next sync reads every kept day again, with every query: at least this many requests, once. */
  rereadRequests: number;
  rereadMicroUsd: number;
}

/**
 * What changing the explored keys costs, before saving. `ruleKeys`: the runs of
 * rules on one key (one query each); `costReadsPerMonth`: how often the sync reads
 * cost; `queriesPerRead`: the plan's queries today (lines, breakdowns, unallocated,
 * total). Requests are counted as one a query: the floor (large accounts page more).
 */
export function exploredKeysCost(input: { before: readonly string[]; after: readonly string[]; ruleKeys: number; costReadsPerMonth: number; queriesPerRead: number }): ExploredKeysCost {
  const perKey = input.ruleKeys;
  const queriesPerRead = (input.after.length - input.before.length) * perKey;
  const requestsPerMonth = queriesPerRead * input.costReadsPerMonth;
  const changed = input.before.length !== input.after.length || input.after.some((k) => !input.before.includes(k));
  const rereadRequests = changed ? input.queriesPerRead + queriesPerRead : 0;
  return { queriesPerRead, requestsPerMonth, microUsdPerMonth: requestsPerMonth * COST_EXPLORER_REQUEST_MICRO_USD, rereadRequests, rereadMicroUsd: rereadRequests * COST_EXPLORER_REQUEST_MICRO_USD };
}
