// Which application a resource (or a line of cost) belongs to, decided by an
// ordered list of tag rules: the first rule that matches wins.

export type Tags = Readonly<Record<string, string>>;

export interface TagRule {
  applicationId: number;
  /** Order across the whole account; lower comes first. */
  position: number;
  key: string;
  /** An exact value, or '*' for "has this tag with any value". */
  value: string;
}

export interface TagKeys {
  serviceTagKey: string;
  cellTagKey: string;
}

export interface Classification {
  applicationId: number | null;
  /** The microservice inside the application; null = the application's shared pool. */
  service: string | null;
  cell: string | null;
}

/** The tag myApplications (AppRegistry) writes: its value is a resource-group ARN. */
export const AWS_APPLICATION_TAG = "awsApplication";
export const ANY_VALUE = "*";

// arn:aws:resource-groups:<region>:<account>:group/<Name>[/<id>]
const APP_GROUP_ARN = /^arn:[\w-]+:resource-groups:[\w-]*:\d*:group\/([^/]+)(?:\/.*)?$/;

/** The application name inside an awsApplication ARN, or null when it is not one. */
export function applicationNameFromArn(arn: string): string | null {
  return APP_GROUP_ARN.exec(arn)?.[1] ?? null;
}

/** Empty values count as absent: Cost Explorer reports untagged cost as `key$`. */
function tagValue(tags: Tags, key: string): string | null {
  const value = tags[key];
  return value === undefined || value === "" ? null : value;
}

export function ruleMatches(rule: Pick<TagRule, "key" | "value">, tags: Tags): boolean {
  const value = tagValue(tags, rule.key);
  if (value === null) return false;
  if (rule.value === ANY_VALUE) return true;
  if (value === rule.value) return true;
  // An awsApplication rule may name the application instead of spelling out its ARN.
  return rule.key === AWS_APPLICATION_TAG && applicationNameFromArn(value) === rule.value;
}

/** Rules in evaluation order; ties keep their given order. */
export function orderRules<R extends TagRule>(rules: readonly R[]): R[] {
  return [...rules].sort((a, b) => a.position - b.position);
}

/** The application of the first matching rule, or null (unallocated). Expects ordered rules. */
export function matchApplication(tags: Tags, orderedRules: readonly TagRule[]): number | null {
  return orderedRules.find((rule) => ruleMatches(rule, tags))?.applicationId ?? null;
}

export function classify(tags: Tags, orderedRules: readonly TagRule[], keys: TagKeys): Classification {
  const applicationId = matchApplication(tags, orderedRules);
  return {
    applicationId,
    service: applicationId === null ? null : tagValue(tags, keys.serviceTagKey),
    cell: tagValue(tags, keys.cellTagKey),
  };
}

/** Every tag key the rules look at, plus the service key: what cost must be grouped by. */
export function tagKeysToGroupBy(rules: readonly TagRule[], keys: Pick<TagKeys, "serviceTagKey">): string[] {
  return [...new Set([...orderRules(rules).map((r) => r.key), keys.serviceTagKey])];
}
