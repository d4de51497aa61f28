// An application's services over a window: allocated cost (own + share of the
// pool), requests, unit cost, its change, the scale slope, and today's estimate.
// A handful of aggregate queries over ServiceCostDay and ApplicationCostDay, whatever the number of days.
import type { Db } from "../db/client";
import { relativeChange } from "../domain/change";
import { addDays, type Day } from "../domain/day";
import { scaleSlopeFromSums, topMovers, type Mover, type ScaleSlope } from "../domain/trends";
import { costPerMillionMicroUsd, estimateCostSoFar, ESTIMATE_BASIS_DAYS } from "../domain/unit-cost";
import type { DateRange } from "../domain/date-range";
import type { CostWindow } from "./cost-window";
import { anyTrue, num } from "./sql";

export interface ServiceEconomics {
  serviceId: number;
  name: string;
  costMicroUsd: number;
  ownCostMicroUsd: number;
  sharedCostMicroUsd: number;
  requestCount: number;
  costPerMillionMicroUsd: number | null;
  previousCostMicroUsd: number;
  previousRequestCount: number;
  previousCostPerMillionMicroUsd: number | null;
  /** Change of cost against the previous window. */
  change: number | null;
  /** Change of cost per 1M requests against the previous window. */
  costPerMillionChange: number | null;
  count5xx: number;
  errorRate: number | null;
  /** Own cost against requests, day by day over the window. */
  scale: ScaleSlope | null;
  /** Part of the window's cost is still a Cost Explorer estimate. */
  estimated: boolean;
}

export interface TodayEstimate {
  day: Day;
  requestCount: number;
  /** Today's requests at the cost per request of the last complete days; null without a basis. */
  estimatedCostMicroUsd: number | null;
  basisDays: number;
}

export interface ApplicationEconomics {
  window: CostWindow;
  services: ServiceEconomics[];
  /** The application's whole cost in the window: services, their shares, and any pool no service could carry. */
  totalCostMicroUsd: number;
  previousTotalCostMicroUsd: number;
  sharedCostMicroUsd: number;
  unassignedSharedMicroUsd: number;
  requestCount: number;
  costPerMillionMicroUsd: number | null;
  estimated: boolean;
  movers: Mover[];
  /** Set when the asked range reaches today, which Cost Explorer has no figure for yet. */
  today: TodayEstimate | null;
}

type Sums = { serviceId: number; own: bigint | number; shared: bigint | number; requests: bigint | number; estimated: bigint | number | boolean };

function allocatedSums(db: Db, applicationId: number, range: DateRange) {
  return db.$queryRaw<Sums[]>`
    SELECT "serviceId", SUM("ownCostMicroUsd") AS "own", SUM("sharedCostMicroUsd") AS "shared",
           SUM("requestCount") AS "requests", ${anyTrue('"estimated"')} AS "estimated"
    FROM "ServiceCostDay"
    WHERE "applicationId" = ${applicationId} AND "day" >= ${range.from} AND "day" <= ${range.to}
    GROUP BY "serviceId"`;
}

/** From the application's daily sums, written with its services' rows: a few rows, not every cost row of the window. */
async function applicationCost(db: Db, applicationId: number, range: DateRange): Promise<number> {
  const result = await db.applicationCostDay.aggregate({ where: { applicationId, day: { gte: range.from, lte: range.to } }, _sum: { costMicroUsd: true } });
  return num(result._sum.costMicroUsd);
}

function logSumsByService(db: Db, applicationId: number, range: DateRange) {
  return db.$queryRaw<{ serviceId: number; n: bigint | number; sx: number; sy: number; sxx: number; sxy: number; syy: number }[]>`
    SELECT "serviceId", COUNT(*) AS "n",
           SUM(LN("requestCount")) AS "sx", SUM(LN("ownCostMicroUsd")) AS "sy",
           SUM(LN("requestCount") * LN("requestCount")) AS "sxx",
           SUM(LN("requestCount") * LN("ownCostMicroUsd")) AS "sxy",
           SUM(LN("ownCostMicroUsd") * LN("ownCostMicroUsd")) AS "syy"
    FROM "ServiceCostDay"
    WHERE "applicationId" = ${applicationId} AND "day" >= ${range.from} AND "day" <= ${range.to}
      AND "requestCount" > 0 AND "ownCostMicroUsd" > 0
    GROUP BY "serviceId"`;
}

async function todayEstimate(db: Db, applicationId: number, window: CostWindow, today: Day): Promise<TodayEstimate | null> {
  if (window.range.to < today || window.range.from > today) return null;
  const requests = await db.serviceDay.aggregate({ where: { day: today, service: { applicationId } }, _sum: { requestCount: true } });
  const requestCount = num(requests._sum.requestCount);
  if (!window.lastCostDay || window.lastCostDay >= today) return null;
  const basis = { from: addDays(window.lastCostDay, -(ESTIMATE_BASIS_DAYS - 1)), to: window.lastCostDay };
  const rows = await db.serviceCostDay.groupBy({
    by: ["day"],
    where: { applicationId, day: { gte: basis.from, lte: basis.to } },
    _sum: { ownCostMicroUsd: true, sharedCostMicroUsd: true, requestCount: true },
    orderBy: { day: "asc" },
  });
  const days = rows.map((r) => ({ costMicroUsd: num(r._sum.ownCostMicroUsd) + num(r._sum.sharedCostMicroUsd), requestCount: num(r._sum.requestCount) }));
  return { day: today, requestCount, estimatedCostMicroUsd: estimateCostSoFar(days, requestCount), basisDays: days.length };
}

export async function getApplicationEconomics(db: Db, applicationId: number, window: CostWindow, today: Day): Promise<ApplicationEconomics> {
  const services = await db.service.findMany({ where: { applicationId }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  const todayPart = await todayEstimate(db, applicationId, window, today);
  if (!window.costRange || !window.previousCostRange) {
    return { window, services: [], totalCostMicroUsd: 0, previousTotalCostMicroUsd: 0, sharedCostMicroUsd: 0, unassignedSharedMicroUsd: 0, requestCount: 0, costPerMillionMicroUsd: null, estimated: false, movers: [], today: todayPart };
  }
  const [current, previous, total, previousTotal, slopes, errors] = await Promise.all([
    allocatedSums(db, applicationId, window.costRange),
    allocatedSums(db, applicationId, window.previousCostRange),
    applicationCost(db, applicationId, window.costRange),
    applicationCost(db, applicationId, window.previousCostRange),
    logSumsByService(db, applicationId, window.costRange),
    db.serviceDay.groupBy({ by: ["serviceId"], where: { service: { applicationId }, day: { gte: window.costRange.from, lte: window.costRange.to } }, _sum: { count5xx: true } }),
  ]);
  const byId = <T extends { serviceId: number }>(rows: T[]) => new Map(rows.map((r) => [num(r.serviceId), r]));
  const cur = byId(current);
  const prev = byId(previous);
  const slope = byId(slopes);
  const errorsById = new Map(errors.map((e) => [e.serviceId, num(e._sum.count5xx)]));

  const rows = services
    .filter((s) => cur.has(s.id) || prev.has(s.id))
    .map((s): ServiceEconomics => {
      const c = cur.get(s.id);
      const p = prev.get(s.id);
      const own = num(c?.own);
      const shared = num(c?.shared);
      const requests = num(c?.requests);
      const previousCost = num(p?.own) + num(p?.shared);
      const cpm = costPerMillionMicroUsd(own + shared, requests);
      const previousCpm = costPerMillionMicroUsd(previousCost, num(p?.requests));
      const sums = slope.get(s.id);
      const count5xx = errorsById.get(s.id) ?? 0;
      return {
        serviceId: s.id,
        name: s.name,
        costMicroUsd: own + shared,
        ownCostMicroUsd: own,
        sharedCostMicroUsd: shared,
        requestCount: requests,
        costPerMillionMicroUsd: cpm,
        previousCostMicroUsd: previousCost,
        previousRequestCount: num(p?.requests),
        previousCostPerMillionMicroUsd: previousCpm,
        change: relativeChange(own + shared, previousCost),
        costPerMillionChange: cpm !== null && previousCpm !== null ? relativeChange(cpm, previousCpm) : null,
        count5xx,
        errorRate: requests > 0 ? count5xx / requests : null,
        scale: sums ? scaleSlopeFromSums({ n: num(sums.n), sx: Number(sums.sx), sy: Number(sums.sy), sxx: Number(sums.sxx), sxy: Number(sums.sxy), syy: Number(sums.syy) }) : null,
        estimated: num(c?.estimated) === 1,
      };
    });
  const allocated = rows.reduce((a, r) => a + r.costMicroUsd, 0);
  const requestCount = rows.reduce((a, r) => a + r.requestCount, 0);
  return {
    window,
    services: rows,
    totalCostMicroUsd: total,
    previousTotalCostMicroUsd: previousTotal,
    sharedCostMicroUsd: rows.reduce((a, r) => a + r.sharedCostMicroUsd, 0) + (total - allocated),
    unassignedSharedMicroUsd: total - allocated,
    requestCount,
    costPerMillionMicroUsd: costPerMillionMicroUsd(total, requestCount),
    estimated: rows.some((r) => r.estimated),
    movers: topMovers(rows.map((r) => ({ name: r.name, current: r.costPerMillionMicroUsd, previous: r.previousCostPerMillionMicroUsd }))),
    today: todayPart,
  };
}
