// Day-by-day series for the charts. A chart shows the costliest services and
// folds the rest into "other services": more series than a reader can tell apart
// help nobody, and an application may have hundreds of services.
import { Prisma, type Db } from "../db/client";
import type { DateRange } from "../domain/date-range";
import { eachDay, type Day } from "../domain/day";
import { costPerMillionMicroUsd } from "../domain/unit-cost";
import { anyTrue, num } from "./sql";

export const OTHER_SERVICES = "other services";
export const CHART_SERVICES = 8;

export interface EconomicsDay {
  day: Day;
  estimated: boolean;
  /** Allocated cost (own + share of the pool) per series, micro-dollars. */
  costs: Record<string, number>;
  /** Requests per series. */
  requests: Record<string, number>;
  totalCostMicroUsd: number;
  totalRequests: number;
  costPerMillionMicroUsd: number | null;
}

export interface EconomicsSeries {
  series: string[];
  days: EconomicsDay[];
}

type Row = { day: string; serviceId: number | null; cost: bigint | number; requests: bigint | number; estimated: bigint | number | boolean };

/** A service as the chart ranks it: its cost over the range. */
export interface RankedService {
  serviceId: number;
  name: string;
  costMicroUsd: number;
}

async function rankServices(db: Db, applicationId: number, range: DateRange): Promise<RankedService[]> {
  const rows = await db.$queryRaw<{ serviceId: number; name: string; cost: bigint | number }[]>`
    SELECT c."serviceId", s."name", SUM(c."ownCostMicroUsd" + c."sharedCostMicroUsd") AS "cost"
    FROM "ServiceCostDay" c JOIN "Service" s ON s."id" = c."serviceId"
    WHERE c."applicationId" = ${applicationId} AND c."day" >= ${range.from} AND c."day" <= ${range.to}
    GROUP BY c."serviceId", s."name"
    ORDER BY "cost" DESC, s."name" ASC`;
  return rows.map((r) => ({ serviceId: num(r.serviceId), name: r.name, costMicroUsd: num(r.cost) }));
}

/**
 * The chart's top services from services already summed (the application's economics, over
 * the range's days with cost data), or null when they cannot say. Cost lies only on days with
 * cost data, so the services that cost anything rank the same over the whole range; the
 * services that cost nothing rank by name after them, and which of those have a row in the
 * range the economics cannot tell (they also list services seen only in the previous window).
 * So the hand-over holds when at least `limit` services cost something.
 */
export function topFromEconomics(services: readonly RankedService[], limit = CHART_SERVICES): RankedService[] | null {
  const costing = services.filter((s) => s.costMicroUsd > 0);
  if (costing.length < limit) return null;
  // Stable: services of equal cost stay in the order they came, by name as the database sorts them.
  return [...costing].sort((a, b) => b.costMicroUsd - a.costMicroUsd).slice(0, limit);
}

/**
 * Allocated cost and requests per day, for the top services and the rest. `top`, when the
 * caller has it (topFromEconomics), saves ranking the services again.
 */
export async function getEconomicsSeries(db: Db, applicationId: number, range: DateRange, limit = CHART_SERVICES, top?: RankedService[] | null): Promise<EconomicsSeries> {
  const chosen = top ?? (await rankServices(db, applicationId, range)).slice(0, limit);
  const ids = chosen.map((t) => t.serviceId);
  const nameOf = new Map(chosen.map((t) => [t.serviceId, t.name]));
  // One row per (day, top service), and one per day for all the others together (serviceId NULL).
  const rows = await db.$queryRaw<Row[]>`
    SELECT "day", CASE WHEN "serviceId" IN (${Prisma.join(ids.length ? ids : [-1])}) THEN "serviceId" ELSE NULL END AS "serviceId",
           SUM("ownCostMicroUsd" + "sharedCostMicroUsd") AS "cost", SUM("requestCount") AS "requests", ${anyTrue('"estimated"')} AS "estimated"
    FROM "ServiceCostDay"
    WHERE "applicationId" = ${applicationId} AND "day" >= ${range.from} AND "day" <= ${range.to}
    GROUP BY "day", 2`;
  // "other services" is a series when some service outside the top has a row in the range.
  const more = rows.some((r) => r.serviceId === null);
  return fillDays(range, rows, (id) => (id === null ? OTHER_SERVICES : (nameOf.get(id) ?? OTHER_SERVICES)), [...chosen.map((t) => t.name), ...(more ? [OTHER_SERVICES] : [])]);
}

/** One service's own and shared cost and requests per day. */
export async function getServiceSeries(db: Db, serviceId: number, range: DateRange) {
  const rows = await db.serviceCostDay.findMany({ where: { serviceId, day: { gte: range.from, lte: range.to } }, orderBy: { day: "asc" } });
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return eachDay(range.from, range.to).map((day) => {
    const r = byDay.get(day);
    const own = num(r?.ownCostMicroUsd);
    const shared = num(r?.sharedCostMicroUsd);
    const requests = num(r?.requestCount);
    // A day without cost data yet (today) has no cost per request, rather than a cost per request of zero.
    const hasCost = own !== 0 || shared !== 0;
    return { day, ownCostMicroUsd: own, sharedCostMicroUsd: shared, requestCount: requests, costPerMillionMicroUsd: hasCost ? costPerMillionMicroUsd(own + shared, requests) : null, estimated: r?.estimated ?? false, hasCost };
  });
}

function fillDays(range: DateRange, rows: Row[], seriesOf: (serviceId: number | null) => string, series: string[]): EconomicsSeries {
  const byDay = new Map<Day, EconomicsDay>(
    eachDay(range.from, range.to).map((day) => [day, { day, estimated: false, costs: {}, requests: {}, totalCostMicroUsd: 0, totalRequests: 0, costPerMillionMicroUsd: null }]),
  );
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    const name = seriesOf(row.serviceId === null ? null : num(row.serviceId));
    const cost = num(row.cost);
    const requests = num(row.requests);
    entry.costs[name] = (entry.costs[name] ?? 0) + cost;
    entry.requests[name] = (entry.requests[name] ?? 0) + requests;
    entry.totalCostMicroUsd += cost;
    entry.totalRequests += requests;
    entry.estimated ||= num(row.estimated) === 1;
  }
  for (const entry of byDay.values()) entry.costPerMillionMicroUsd = entry.totalCostMicroUsd ? costPerMillionMicroUsd(entry.totalCostMicroUsd, entry.totalRequests) : null;
  return { series, days: [...byDay.values()] };
}
