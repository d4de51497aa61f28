// Cost Explorer's GetCostAndUsage as the stub answers it: filters (And, Or, Not,
// Dimensions, Tags with EQUALS and ABSENT, exactly one root per node), at most two
// GroupBy keys with tags as "key$value" ("key$" untagged), DAILY results with an
// exclusive End, Estimated days, amounts as exact decimal strings, and pages that
// must repeat the same request (RequestChangedException otherwise).
import { createHash } from "node:crypto";
import { eachDay, addDay, fromUnits, toUnits, type StubAccount, type StubLineItem } from "./model";

export class StubError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Expression = {
  And?: Expression[];
  Or?: Expression[];
  Not?: Expression;
  Dimensions?: { Key: string; Values?: string[]; MatchOptions?: string[] };
  Tags?: { Key: string; Values?: string[]; MatchOptions?: string[] };
  CostCategories?: unknown;
};

function dimensionOf(item: StubLineItem, key: string, accountId: string): string {
  switch (key) {
    case "SERVICE":
      return item.service;
    case "RECORD_TYPE":
      return item.recordType;
    case "LINKED_ACCOUNT":
      return accountId;
    case "REGION":
      return item.region;
    case "RESOURCE_ID":
      return item.resourceId ?? "NoResourceId";
    default:
      throw new StubError("ValidationException", `stub: dimension ${key} is not modelled`);
  }
}

/**
 * The checks Cost Explorer makes of a filter: exactly one root per node, And and Or of two or more.
 * Made once for a request, before any line item is read, as AWS does (checked for every line item,
 * a bad filter on an account without cost went unrefused, and the checks took 10 s of the 75 s the
 * stub was busy during the 10x bench's sync).
 */
function checkExpression(e: Expression): void {
  const roots = (["And", "Or", "Not", "Dimensions", "Tags", "CostCategories"] as const).filter((k) => e[k] !== undefined);
  if (roots.length !== 1) throw new StubError("ValidationException", `Expression has more than one roots. Only one root operator is allowed for each expression: ${roots.join(", ") || "none"}`);
  if (e.And && e.And.length < 2) throw new StubError("ValidationException", "And needs at least two expressions");
  if (e.Or && e.Or.length < 2) throw new StubError("ValidationException", "Or needs at least two expressions");
  if (e.CostCategories) throw new StubError("ValidationException", "stub: cost categories are not modelled");
  for (const x of [...(e.And ?? []), ...(e.Or ?? []), ...(e.Not ? [e.Not] : [])]) checkExpression(x);
}

/** Whether a line item passes a filter that checkExpression passed. */
function matches(e: Expression, item: StubLineItem, accountId: string): boolean {
  if (e.And) return e.And.every((x) => matches(x, item, accountId));
  if (e.Or) return e.Or.some((x) => matches(x, item, accountId));
  if (e.Not) return !matches(e.Not, item, accountId);
  if (e.Dimensions) return (e.Dimensions.Values ?? []).includes(dimensionOf(item, e.Dimensions.Key, accountId));
  const tags = e.Tags as NonNullable<Expression["Tags"]>;
  const value = item.tags[tags.Key];
  if (tags.MatchOptions?.includes("ABSENT") || tags.Values === undefined) return value === undefined || value === "";
  return value !== undefined && tags.Values.includes(value);
}

interface Input {
  TimePeriod?: { Start?: string; End?: string };
  Granularity?: string;
  Metrics?: string[];
  GroupBy?: { Type: string; Key: string }[];
  Filter?: Expression;
  NextPageToken?: string;
}

const requestHash = (input: Input) => createHash("sha256").update(JSON.stringify({ ...input, NextPageToken: undefined })).digest("hex").slice(0, 16);

export interface CostOptions {
  groupsPerPage: number;
  /** Tokens issued longer ago than this are refused (InvalidNextTokenException). */
  tokenTtlMs: number;
}

type Answer = { rows: { day: string; keys: string[]; units: bigint }[]; totals: Map<string, bigint> };
/** Pages of one request share its answer (the big benchmark account would be summed again for every page). */
const answers = new Map<string, { accounts: string; answer: Answer }>();

function answerOf(accounts: readonly StubAccount[], input: Input, days: string[], groupBy: { Type: string; Key: string }[]): Answer {
  const key = requestHash(input);
  const who = accounts.map((a) => a.accountId).join(",");
  const cached = answers.get(key);
  if (cached && cached.accounts === who) return cached.answer;
  // Every (day, group) with its amount, in day order.
  const rows: Answer["rows"] = [];
  const totals = new Map<string, bigint>();
  for (const day of days) {
    const groups = new Map<string, { keys: string[]; units: bigint }>();
    let total = 0n;
    for (const account of accounts) {
      if (day < account.costFrom || day > account.costTo) continue;
      for (const item of account.lineItems(day)) {
        if (input.Filter && !matches(input.Filter, item, account.accountId)) continue;
        const units = toUnits(item.amount);
        total += units;
        if (groupBy.length === 0) continue;
        const keys = groupBy.map((g) => (g.Type === "TAG" ? `${g.Key}$${item.tags[g.Key] ?? ""}` : dimensionOf(item, g.Key, account.accountId)));
        const id = keys.join("\u0000");
        const group = groups.get(id) ?? { keys, units: 0n };
        group.units += units;
        groups.set(id, group);
      }
    }
    totals.set(day, total);
    for (const g of [...groups.values()].sort((a, b) => a.keys.join().localeCompare(b.keys.join()))) rows.push({ day, ...g });
  }
  if (answers.size > 8) answers.delete(answers.keys().next().value as string);
  answers.set(key, { accounts: who, answer: { rows, totals } });
  return { rows, totals };
}

/** Cost Explorer's answer for one page. */
export function getCostAndUsage(accounts: readonly StubAccount[], input: Input, options: CostOptions): Record<string, unknown> {
  const start = input.TimePeriod?.Start;
  const end = input.TimePeriod?.End;
  if (!start || !end || !/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end) || end <= start) throw new StubError("ValidationException", "Start and End are needed, End after Start (End is exclusive)");
  if (input.Granularity !== "DAILY") throw new StubError("ValidationException", "stub: only DAILY is modelled");
  const metric = input.Metrics?.[0];
  if (!metric || input.Metrics?.length !== 1 || !["AmortizedCost", "UnblendedCost"].includes(metric)) throw new StubError("ValidationException", "stub: one metric, AmortizedCost or UnblendedCost");
  const groupBy = input.GroupBy ?? [];
  if (groupBy.length > 2) throw new StubError("ValidationException", "GroupBy takes at most two keys");
  if (input.Filter) checkExpression(input.Filter);

  let offset = 0;
  if (input.NextPageToken) {
    let token: { offset: number; hash: string; issued: number };
    try {
      token = JSON.parse(Buffer.from(input.NextPageToken, "base64url").toString());
    } catch {
      throw new StubError("InvalidNextTokenException", "The token is not valid");
    }
    if (token.hash !== requestHash(input)) throw new StubError("RequestChangedException", "Your request parameters changed between pages");
    if (Date.now() - token.issued > options.tokenTtlMs) throw new StubError("InvalidNextTokenException", "The pagination token expired");
    offset = token.offset;
  }

  const days = eachDay(start, addDay(end, -1));
  const { rows, totals } = answerOf(accounts, input, days, groupBy);
  const estimated = (day: string) => accounts.some((a) => day >= a.estimatedFrom);
  const amount = (units: bigint) => ({ Amount: fromUnits(units), Unit: "USD" });

  if (groupBy.length === 0) {
    return {
      ResultsByTime: days.map((day) => ({ TimePeriod: { Start: day, End: addDay(day, 1) }, Total: { [metric]: amount(totals.get(day) ?? 0n) }, Groups: [], Estimated: estimated(day) })),
      DimensionValueAttributes: [],
    };
  }
  // Pages cut through the groups; a day's groups may be split over two pages, and a day without groups is still listed.
  const page = rows.slice(offset, offset + options.groupsPerPage);
  const next = offset + options.groupsPerPage < rows.length ? offset + options.groupsPerPage : null;
  const firstDay = offset === 0 ? days[0] : page[0]?.day;
  const lastDay = next === null ? days.at(-1) : page.at(-1)?.day;
  const results = days
    .filter((d) => firstDay !== undefined && lastDay !== undefined && d >= firstDay && d <= lastDay)
    .map((day) => ({
      TimePeriod: { Start: day, End: addDay(day, 1) },
      Total: {},
      Groups: page.filter((r) => r.day === day).map((r) => ({ Keys: r.keys, Metrics: { [metric]: amount(r.units) } })),
      Estimated: estimated(day),
    }));
  return {
    GroupDefinitions: groupBy,
    ResultsByTime: results,
    DimensionValueAttributes: [],
    ...(next !== null ? { NextPageToken: Buffer.from(JSON.stringify({ offset: next, hash: requestHash(input), issued: Date.now() })).toString("base64url") } : {}),
  };
}

/** The days a forecast looks back on: the stub forecasts each day at the mean of the last week's. */
export const FORECAST_LOOKBACK_DAYS = 7;
/** The stub's prediction interval, whatever level is asked: ±10 % of the mean. */
export const FORECAST_BAND = 0.1;

interface ForecastInput {
  TimePeriod?: { Start?: string; End?: string };
  Metric?: string;
  Granularity?: string;
  PredictionIntervalLevel?: number;
  Filter?: Expression;
}

/**
 * GetCostForecast as the stub answers it: Metric in UPPER_SNAKE, Start today or later
 * (End exclusive), DAILY or MONTHLY, PredictionIntervalLevel 51–99, an optional Filter;
 * each day forecast at the mean daily cost of the last 7 days with cost, under the
 * filter; DataUnavailableException when those days have none.
 */
export function getCostForecast(accounts: readonly StubAccount[], input: ForecastInput, today: string): Record<string, unknown> {
  const start = input.TimePeriod?.Start;
  const end = input.TimePeriod?.End;
  if (!start || !end || end <= start) throw new StubError("ValidationException", "Start and End are needed, End after Start (End is exclusive)");
  if (start < today) throw new StubError("ValidationException", "Start date must be equal to or greater than current date.");
  if (!["AMORTIZED_COST", "BLENDED_COST", "NET_AMORTIZED_COST", "NET_UNBLENDED_COST", "UNBLENDED_COST"].includes(input.Metric ?? "")) throw new StubError("ValidationException", `Metric '${input.Metric}' is not one of AMORTIZED_COST, BLENDED_COST, NET_AMORTIZED_COST, NET_UNBLENDED_COST, UNBLENDED_COST`);
  if (input.Granularity !== "MONTHLY" && input.Granularity !== "DAILY") throw new StubError("ValidationException", "Granularity must be DAILY or MONTHLY");
  const level = input.PredictionIntervalLevel;
  if (level !== undefined && (!Number.isInteger(level) || level < 51 || level > 99)) throw new StubError("ValidationException", "PredictionIntervalLevel must be between 51 and 99");
  if (input.Filter) checkExpression(input.Filter);
  // Each account's mean day over its last week with cost, summed.
  let perDay = 0n;
  for (const account of accounts) {
    const recent = eachDay(account.costFrom, account.costTo).slice(-FORECAST_LOOKBACK_DAYS);
    let units = 0n;
    for (const day of recent) for (const item of account.lineItems(day)) if (!input.Filter || matches(input.Filter, item, account.accountId)) units += toUnits(item.amount);
    if (recent.length) perDay += units / BigInt(recent.length);
  }
  if (perDay === 0n) throw new StubError("DataUnavailableException", "Insufficient amount of historical data to generate forecast.");
  const periods: { from: string; to: string }[] = [];
  const forecastDays = eachDay(start, addDay(end, -1));
  for (const day of forecastDays) {
    const key = input.Granularity === "DAILY" ? day : day.slice(0, 7);
    const last = periods.at(-1);
    if (last && (input.Granularity === "DAILY" ? false : last.from.slice(0, 7) === key)) last.to = day;
    else periods.push({ from: day, to: day });
  }
  const band = (u: bigint, sign: number) => (u * BigInt(Math.round((1 + sign * FORECAST_BAND) * 1000))) / 1000n;
  const results = periods.map((p) => {
    const mean = perDay * BigInt(eachDay(p.from, p.to).length);
    return { TimePeriod: { Start: p.from, End: addDay(p.to, 1) }, MeanValue: fromUnits(mean), PredictionIntervalLowerBound: fromUnits(band(mean, -1)), PredictionIntervalUpperBound: fromUnits(band(mean, 1)) };
  });
  return { Total: { Amount: fromUnits(perDay * BigInt(forecastDays.length)), Unit: "USD" }, ForecastResultsByTime: results };
}

const hasEc2ComputeFilter = (e: Expression | undefined): boolean =>
  !!e && ((e.Dimensions?.Key === "SERVICE" && (e.Dimensions.Values ?? []).includes("Amazon Elastic Compute Cloud - Compute")) || (e.And ?? []).some(hasEc2ComputeFilter));

/**
 * GetCostAndUsageWithResources as the stub answers it: as GetCostAndUsage, but only
 * within the last 14 days, with SERVICE = "Amazon Elastic Compute Cloud - Compute" in
 * the filter (the SDK's model requires it), and only where the account enabled
 * resource-level data (otherwise DataUnavailableException: the stub's reading of an
 * account that has not opted in).
 */
export function getCostAndUsageWithResources(accounts: readonly StubAccount[], input: Input, options: CostOptions, today: string): Record<string, unknown> {
  if (!accounts.some((a) => a.resourceLevel)) throw new StubError("DataUnavailableException", "Resource-level data is not enabled for this account. Enable it in Cost Management preferences.");
  if (!hasEc2ComputeFilter(input.Filter)) throw new StubError("ValidationException", "The filter must include SERVICE = Amazon Elastic Compute Cloud - Compute.");
  const start = input.TimePeriod?.Start ?? "";
  if (start < addDay(today, -14)) throw new StubError("ValidationException", "Resource-level data is available for the past 14 days only.");
  return getCostAndUsage(accounts.filter((a) => a.resourceLevel), input, options);
}
