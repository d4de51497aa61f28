// What the AWS stub serves: one or more synthetic accounts, described as data the
// tests can compute expectations from on their own (never from Frugal's code).

export interface StubResource {
  arn: string;
  region: string;
  tags: Record<string, string>;
}

/** One line of the bill: a resource's (or nobody's) cost of one kind on one day. */
export interface StubLineItem {
  /** The resource's tags as Cost Explorer sees them (activated cost-allocation tags). */
  tags: Record<string, string>;
  /** Cost Explorer's SERVICE dimension, e.g. "Amazon Elastic Compute Cloud - Compute". */
  service: string;
  recordType: "Usage" | "Credit" | "Refund" | "Tax";
  /** Cost Explorer's REGION: "eu-west-1", "global" (CloudFront, Route 53), "NoRegion" (tax, support). */
  region: string;
  /** Cost Explorer's RESOURCE_ID, for resource-level data ("i-0abc…" for an instance); absent: "NoResourceId". */
  resourceId?: string;
  /** Exact decimal, as Cost Explorer sends amounts. */
  amount: string;
}

export interface StubMetric {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

export interface StubAccount {
  accountId: string;
  /** What the Tagging API lists (tagged, or once tagged). */
  resources: StubResource[];
  /** Days that have cost data, both included; days from `estimatedFrom` on are Estimated. */
  costFrom: string;
  costTo: string;
  estimatedFrom: string;
  /** Resource-level data enabled in Cost Management preferences (GetCostAndUsageWithResources answers). */
  resourceLevel?: boolean;
  lineItems(day: string): StubLineItem[];
  /** Every metric ListMetrics knows in a region. */
  metrics(region: string): Iterable<StubMetric>;
  /** The value of a statistic over [periodStart, periodStart + periodSeconds) in a region; null: no datapoint (CloudWatch reports none). */
  value(metric: StubMetric, stat: string, periodStart: number, periodSeconds: number, region: string): number | null;
}

/** An identity the stub knows: a user's access key, or a role that can be assumed (with its external id). */
export interface StubIdentity {
  accessKeyId: string;
  account: StubAccount;
  arn: string;
}

export interface StubRole {
  roleArn: string;
  externalId: string | null;
  account: StubAccount;
  /** Which access keys may assume it. */
  trusted: string[];
}

// ---- exact decimal sums: amounts in units of 1e-10 dollars ----
const SCALE = 10n ** 10n;

export function toUnits(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new Error(`stub: not a decimal amount '${amount}'`);
  const frac = (m[3] ?? "").padEnd(10, "0").slice(0, 10);
  const v = BigInt(m[2] as string) * SCALE + BigInt(frac || "0");
  return m[1] === "-" ? -v : v;
}

export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(10, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/** Micro-dollars, rounded half away from zero: what a correct reader must arrive at. */
export function unitsToMicro(units: bigint): number {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  let micro = abs / 10_000n;
  if (abs % 10_000n >= 5_000n) micro += 1n;
  return Number(negative ? -micro : micro);
}

export function addDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDay(d, 1)) out.push(d);
  return out;
}

/** A small deterministic hash for synthetic values. */
export function hash(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join("|")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 0xffffffff;
}
