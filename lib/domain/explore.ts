// Explore: cost grouped, filtered and compared the way people ask Cost Explorer,
// from pre-aggregated daily rows (never raw metrics). Pure: the query is parsed from
// the URL here, the rows come in, the view goes out.
//
//   - facts: per day, a cost (micro-dollars) with its application and either its
//     service and requests (the services' allocated cost) or its value of one
//     breakdown (AWS service, region, account, an explored tag: lib/domain/breakdown.ts).
//     All add up to the same application totals; they cannot be crossed (AWS gives
//     each split per application, not per microservice, and one at a time), so a
//     query uses the services or one breakdown.
//   - buckets: days, weeks starting on Monday, calendar months.
//   - groups: the top 10 by cost over the range, the rest summed as "others".
//   - comparison: the previous period of the same length, the same days a month
//     earlier, or a year earlier; bucket i is compared with bucket i.
import { daysBetween, isDay, type Day } from "./day";
import { breakdownLabel, checkTagKey, FIXED_BREAKDOWNS, isBreakdownDimension, tagKeyOf, type BreakdownDimension } from "./breakdown";
import type { DateRange } from "./date-range";
import { bucketOf, bucketsOf, COMPARISONS, comparisonRange, GRANULARITIES, presetRange, RANGE_KEYS, type Comparison, type Granularity, type RangeKey } from "./explore-periods";

/** The dimensions every account has; each explored tag key adds "tag:<key>". */
export const DIMENSIONS = ["application", "service", ...FIXED_BREAKDOWNS] as const;
export type Dimension = "application" | "service" | BreakdownDimension;

export const isDimension = (value: string): value is Dimension => value === "application" || value === "service" || isBreakdownDimension(value);

/** "Application", "AWS service", "Tag: team". */
export function dimensionLabel(dimension: Dimension): string {
  return dimension === "application" ? "Application" : dimension === "service" ? "Service" : breakdownLabel(dimension);
}

/** The same, inside a sentence ("cost by AWS service", "cost by team"). */
export function dimensionWords(dimension: Dimension): string {
  return tagKeyOf(dimension) ?? (dimension === "awsService" ? "AWS service" : dimensionLabel(dimension).toLowerCase());
}
export const MEASURES = ["cost", "costPerMillion", "costPerUnit"] as const;
export type Measure = (typeof MEASURES)[number];
export const TOP_GROUPS = 10;
export const OTHERS = "others";
/** Grouped by service: an application's shared pool that no service could take (no service yet, or none with a share that day). */
export const UNSPLIT = "unsplit";
/** A group with no value (a resource without the explored tag). */
export const NONE = "(none)";
export const MAX_EXPLORE_DAYS = 400;

export interface Filter {
  dimension: Dimension;
  value: string;
  exclude: boolean;
}

export interface ExploreQuery {
  measure: Measure;
  group: Dimension;
  granularity: Granularity;
  range: DateRange;
  rangeKey: RangeKey;
  compare: Comparison;
  filters: Filter[];
}

export class ExploreQueryError extends Error {
  override name = "ExploreQueryError";
}

const oneOf = <T extends string>(list: readonly T[], value: string | null | undefined, fallback: T, name: string): T => {
  if (value == null || value === "") return fallback;
  if ((list as readonly string[]).includes(value)) return value as T;
  throw new ExploreQueryError(`'${name}' must be one of ${list.join(", ")}; got '${value}'.`);
};

export type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Reads a query from URL parameters; throws ExploreQueryError with a message a person can act on. */
export function parseExploreQuery(params: Params, today: Day): ExploreQuery {
  const measure = oneOf(MEASURES, first(params.measure), "cost", "measure");
  const groupParam = first(params.group);
  const group = groupParam ? checkDimension(groupParam, "group") : "application";
  const granularity = oneOf(GRANULARITIES, first(params.granularity), "day", "granularity");
  const compare = oneOf(COMPARISONS, first(params.compare), "previous", "compare");
  const from = first(params.from);
  const to = first(params.to);
  let rangeKey: RangeKey;
  let range: DateRange;
  if (from || to) {
    if (!from || !to) throw new ExploreQueryError("Give both 'from' and 'to' (YYYY-MM-DD), or neither.");
    if (!isDay(from) || !isDay(to)) throw new ExploreQueryError("'from' and 'to' are dates as YYYY-MM-DD.");
    if (from > to) throw new ExploreQueryError(`'from' (${from}) is after 'to' (${to}).`);
    if (from > today) throw new ExploreQueryError(`'from' (${from}) is in the future; today is ${today}.`);
    if (daysBetween(from, to) + 1 > MAX_EXPLORE_DAYS) throw new ExploreQueryError(`The range is ${daysBetween(from, to) + 1} days long; the most is ${MAX_EXPLORE_DAYS}.`);
    rangeKey = "custom";
    range = { from, to };
  } else {
    rangeKey = oneOf(RANGE_KEYS.filter((k) => k !== "custom"), first(params.range), "30", "range");
    range = presetRange(rangeKey as Exclude<RangeKey, "custom">, today);
  }
  const filters: Filter[] = [];
  for (const [key, exclude] of [
    ["f", false],
    ["x", true],
  ] as const) {
    for (const raw of all(params[key])) {
      // "tag:<key>:<value>" for a tag (explored keys have no ':'), "dimension:value" otherwise.
      const at = raw.indexOf(":", raw.startsWith("tag:") ? 4 : 0);
      const dimension = raw.slice(0, at);
      const value = raw.slice(at + 1);
      if (at < 1 || value === "") throw new ExploreQueryError(`A filter is 'dimension:value' with a dimension among ${DIMENSIONS.join(", ")} or tag:<key>; got '${raw}'.`);
      if (value.length > 256) throw new ExploreQueryError("A filter's value is at most 256 characters.");
      filters.push({ dimension: checkDimension(dimension, "filter"), value, exclude });
    }
  }
  if (filters.length > 50) throw new ExploreQueryError("At most 50 filters.");
  const query: ExploreQuery = { measure, group, granularity, range, rangeKey, compare, filters };
  checkCombination(query);
  return query;
}

function checkDimension(value: string, what: string): Dimension {
  if (isDimension(value)) return value;
  const key = tagKeyOf(value);
  if (key !== null) throw new ExploreQueryError(`A ${what}'s tag key: ${checkTagKey(key) ?? "not a tag key"}`);
  throw new ExploreQueryError(`'${what}' must be one of ${DIMENSIONS.join(", ")} or tag:<key>; got '${value}'.`);
}

/** The breakdown a query reads (AWS service, region, account, a tag), or null: the services' own cost. */
export function breakdownOf(query: Pick<ExploreQuery, "group" | "filters">): BreakdownDimension | null {
  for (const d of [query.group, ...query.filters.map((f) => f.dimension)]) if (d !== "application" && d !== "service") return d;
  return null;
}

/** Which facts a query reads: the services' allocated cost, or one breakdown's rows. */
export function factsFor(query: Pick<ExploreQuery, "group" | "filters">): "services" | BreakdownDimension {
  return breakdownOf(query) ?? "services";
}

export function checkCombination(query: ExploreQuery): void {
  const dims = new Set<Dimension>([query.group, ...query.filters.map((f) => f.dimension)]);
  const breakdowns = [...dims].filter((d) => d !== "application" && d !== "service");
  const words = (d: Dimension) => (tagKeyOf(d) ? `the tag ${tagKeyOf(d)}` : `${dimensionWords(d)}s`);
  if (breakdowns.length > 1) {
    const second = breakdowns[1] as Dimension;
    throw new ExploreQueryError(`${dimensionLabel(breakdowns[0] as Dimension)} and ${tagKeyOf(second) ? `the tag ${tagKeyOf(second)}` : dimensionWords(second)} cannot be combined: Cost Explorer splits each application's cost by one of them at a time.`);
  }
  const breakdown = breakdowns[0];
  if (breakdown && dims.has("service")) {
    throw new ExploreQueryError(`Services and ${words(breakdown)} cannot be combined: Cost Explorer splits cost by ${dimensionWords(breakdown)} per application, not per service.`);
  }
  if (query.measure === "costPerMillion" && breakdown) {
    throw new ExploreQueryError(`Cost per 1M requests needs requests, which ${words(breakdown)} do not have: group and filter by application or service.`);
  }
  if (query.measure === "costPerUnit" && query.filters.filter((f) => f.dimension === "application" && !f.exclude).length !== 1) {
    throw new ExploreQueryError("Cost per business unit is per application (each has its own unit): filter to one application.");
  }
}

/** The URL parameters of a query (the inverse of parseExploreQuery): a view is a link. */
export function exploreSearch(query: ExploreQuery, change: Partial<ExploreQuery> = {}): string {
  const q = { ...query, ...change };
  const p = new URLSearchParams();
  if (q.measure !== "cost") p.set("measure", q.measure);
  if (q.group !== "application") p.set("group", q.group);
  if (q.granularity !== "day") p.set("granularity", q.granularity);
  if (q.compare !== "previous") p.set("compare", q.compare);
  if (q.rangeKey === "custom") {
    p.set("from", q.range.from);
    p.set("to", q.range.to);
  } else if (q.rangeKey !== "30") p.set("range", q.rangeKey);
  for (const f of q.filters) p.append(f.exclude ? "x" : "f", `${f.dimension}:${f.value}`);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export interface Fact {
  day: Day;
  application: string;
  service?: string | null;
  /** The fact's value of the query's breakdown (an AWS service, a region...). */
  breakdown?: string | null;
  costMicroUsd: number;
  requests?: number;
}

/** A fact's value of a dimension (a breakdown's is the one breakdown it carries). */
export const valueOf = (fact: Fact, dimension: Dimension): string | null | undefined => (dimension === "application" ? fact.application : dimension === "service" ? fact.service : fact.breakdown);

export interface ExploreGroup {
  key: string;
  /** Cost (or cost and requests) per bucket. */
  costs: number[];
  requests: number[];
  totalCostMicroUsd: number;
  totalRequests: number;
  compareCostMicroUsd: number | null;
  compareRequests: number | null;
  /** The measure over the whole range, and against the comparison. */
  value: number | null;
  compareValue: number | null;
  change: number | null;
  /** Share of the range's cost. */
  share: number;
}

export interface ExploreView {
  buckets: Day[];
  groups: ExploreGroup[];
  total: ExploreGroup;
  /** The comparison's total per bucket (bucket i against bucket i), for the second series. */
  compareBuckets: Day[];
  compareSeries: (number | null)[];
  comparisonRange: DateRange | null;
  /** Days of the range with any cost. */
  daysWithData: number;
}

function matches(fact: Fact, filters: readonly Filter[]): boolean {
  // Includes of one dimension are alternatives (OR); dimensions and excludes all hold (AND).
  const byDim = new Map<Dimension, Filter[]>();
  for (const f of filters) byDim.set(f.dimension, [...(byDim.get(f.dimension) ?? []), f]);
  for (const [dim, fs] of byDim) {
    const value = valueOf(fact, dim) ?? "";
    const includes = fs.filter((f) => !f.exclude);
    if (includes.length && !includes.some((f) => f.value === value)) return false;
    if (fs.some((f) => f.exclude && f.value === value)) return false;
  }
  return true;
}

/** The measure of a cost (micro-dollars) and requests or units: dollars, or dollars per 1M requests, or per unit. */
function measureOf(measure: Measure, costMicroUsd: number, requests: number, units: number | null): number | null {
  if (measure === "cost") return costMicroUsd;
  if (measure === "costPerMillion") return requests > 0 ? (costMicroUsd / requests) * 1e6 : null;
  return units && units > 0 ? costMicroUsd / units : null;
}

/**
 * The view of a query over facts (the range's and the comparison's days; anything
 * else is ignored). `units`: the business metric per day, for cost per unit.
 */
export function explore(query: ExploreQuery, facts: readonly Fact[], units: ReadonlyMap<Day, number> = new Map()): ExploreView {
  const buckets = bucketsOf(query.range, query.granularity);
  const index = new Map(buckets.map((b, i) => [b, i]));
  const compareRange = comparisonRange(query.range, query.compare);
  const compareBuckets = compareRange ? bucketsOf(compareRange, query.granularity) : [];
  const compareIndex = new Map(compareBuckets.map((b, i) => [b, i]));
  const empty = (key: string): ExploreGroup => ({ key, costs: buckets.map(() => 0), requests: buckets.map(() => 0), totalCostMicroUsd: 0, totalRequests: 0, compareCostMicroUsd: compareRange ? 0 : null, compareRequests: compareRange ? 0 : null, value: null, compareValue: null, change: null, share: 0 });
  const groups = new Map<string, ExploreGroup>();
  const compareSeries: number[] = compareBuckets.map(() => 0);
  const compareRequestsSeries: number[] = compareBuckets.map(() => 0);
  const days = new Set<Day>();
  let unitsInRange = 0;
  let unitsCompared = 0;
  for (const [day, u] of units) {
    if (day >= query.range.from && day <= query.range.to) unitsInRange += u;
    else if (compareRange && day >= compareRange.from && day <= compareRange.to) unitsCompared += u;
  }
  for (const fact of facts) {
    if (!matches(fact, query.filters)) continue;
    const key = valueOf(fact, query.group) || NONE;
    const inRange = fact.day >= query.range.from && fact.day <= query.range.to;
    const inCompare = compareRange !== null && fact.day >= compareRange.from && fact.day <= compareRange.to;
    if (!inRange && !inCompare) continue;
    const g = groups.get(key) ?? empty(key);
    groups.set(key, g);
    const requests = fact.requests ?? 0;
    if (inRange) {
      const i = index.get(bucketOf(fact.day, query.granularity)) as number;
      g.costs[i] = (g.costs[i] ?? 0) + fact.costMicroUsd;
      g.requests[i] = (g.requests[i] ?? 0) + requests;
      g.totalCostMicroUsd += fact.costMicroUsd;
      g.totalRequests += requests;
      if (fact.costMicroUsd !== 0) days.add(fact.day);
    }
    if (inCompare) {
      g.compareCostMicroUsd = (g.compareCostMicroUsd ?? 0) + fact.costMicroUsd;
      g.compareRequests = (g.compareRequests ?? 0) + requests;
      const i = compareIndex.get(bucketOf(fact.day, query.granularity)) as number;
      compareSeries[i] = (compareSeries[i] ?? 0) + fact.costMicroUsd;
      compareRequestsSeries[i] = (compareRequestsSeries[i] ?? 0) + requests;
    }
  }
  // Facts may come with "others" already summed (the database did it): it stays last.
  const given = groups.get(OTHERS);
  const ranked = [...groups.values()].filter((g) => g.key !== OTHERS).sort((a, b) => b.totalCostMicroUsd - a.totalCostMicroUsd || a.key.localeCompare(b.key));
  const shown = ranked.slice(0, TOP_GROUPS);
  const rest = [...ranked.slice(TOP_GROUPS), ...(given ? [given] : [])];
  /** A group that sums others (the rest as "others", every group as the total). */
  const sumOf = (key: string, parts: readonly ExploreGroup[]): ExploreGroup => {
    const sum = empty(key);
    for (const g of parts) {
      g.costs.forEach((c, i) => (sum.costs[i] = (sum.costs[i] ?? 0) + c));
      g.requests.forEach((r, i) => (sum.requests[i] = (sum.requests[i] ?? 0) + r));
      sum.totalCostMicroUsd += g.totalCostMicroUsd;
      sum.totalRequests += g.totalRequests;
      if (compareRange) {
        sum.compareCostMicroUsd = (sum.compareCostMicroUsd ?? 0) + (g.compareCostMicroUsd ?? 0);
        sum.compareRequests = (sum.compareRequests ?? 0) + (g.compareRequests ?? 0);
      }
    }
    return sum;
  };
  if (rest.length) shown.push(sumOf(OTHERS, rest));
  const total = sumOf("total", shown);
  // Cost per unit divides by the application's units (one application: filters make sure of it).
  for (const g of [...shown, total]) {
    g.value = measureOf(query.measure, g.totalCostMicroUsd, g.totalRequests, unitsInRange);
    g.compareValue = g.compareCostMicroUsd === null ? null : measureOf(query.measure, g.compareCostMicroUsd, g.compareRequests ?? 0, unitsCompared);
    g.change = g.value !== null && g.compareValue !== null && g.compareValue !== 0 ? g.value / g.compareValue - 1 : null;
    g.share = total.totalCostMicroUsd > 0 ? g.totalCostMicroUsd / total.totalCostMicroUsd : 0;
  }
  const unitsByBucket = new Map<Day, number>();
  for (const [day, u] of units) unitsByBucket.set(bucketOf(day, query.granularity), (unitsByBucket.get(bucketOf(day, query.granularity)) ?? 0) + u);
  return {
    buckets,
    groups: shown,
    total,
    compareBuckets,
    compareSeries: compareSeries.map((c, i) => measureOf(query.measure, c, compareRequestsSeries[i] ?? 0, unitsByBucket.get(compareBuckets[i] as Day) ?? null)),
    comparisonRange: compareRange,
    daysWithData: days.size,
  };
}

/** The measure of one group in one bucket (for the chart and the table). */
export function bucketValue(query: Pick<ExploreQuery, "measure" | "granularity">, group: ExploreGroup, i: number, units: ReadonlyMap<Day, number>, bucket: Day): number | null {
  let u = 0;
  if (query.measure === "costPerUnit") for (const [day, v] of units) if (bucketOf(day, query.granularity) === bucket) u += v;
  return measureOf(query.measure, group.costs[i] ?? 0, group.requests[i] ?? 0, u);
}

/** What a click on a group drills into: the group as a filter, grouped by the next dimension. */
export function drillDown(query: ExploreQuery, key: string): ExploreQuery | null {
  if (key === OTHERS || key === NONE || key === UNSPLIT) return null;
  // An application opens into its services; any breakdown's value into the applications it is spent by.
  const to: Dimension | null = query.group === "application" ? "service" : query.group === "service" ? null : "application";
  if (!to) return null;
  const filters = [...query.filters.filter((f) => !(f.dimension === query.group && !f.exclude)), { dimension: query.group, value: key, exclude: false }];
  const drilled = { ...query, group: to, filters };
  try {
    checkCombination(drilled);
  } catch {
    return null;
  }
  return drilled;
}
