// Explore's reads: the pre-aggregated daily rows a query needs (the services'
// allocated cost and requests, or each application's cost by one breakdown: AWS
// service, region, account, an explored tag), for the
// range and its comparison, filtered in the database as far as the filters allow;
// then the pure view (lib/domain/explore.ts). Filters go into the queries' WHERE and
// the rows are summed by the database to the level the grouping needs (a day and an
// application: 50 rows a day, not 2,000), so a year of a large account stays fast. Application keys are slugs; a service's
// key is "slug/name", since two applications may each have a service called "api".
import type { Db } from "../db/client";
import { addDays, toDay, type Day, type DayRange } from "../domain/day";
import { FORECAST_SPREAD_DAYS, forecastMonth, type MonthForecast } from "../domain/forecast";
import { breakdownValueLabel, parseExploredTagKeys, tagKeyOf, type BreakdownDimension } from "../domain/breakdown";
import { comparisonRange } from "../domain/explore-periods";
import { breakdownOf, explore, ExploreQueryError, factsFor, NONE, OTHERS, TOP_GROUPS, UNSPLIT, type ExploreQuery, type ExploreView, type Fact } from "../domain/explore";
import { DEMO_LINKED_ACCOUNTS } from "../sources/demo/catalog";
import { headlineMetric, type Aggregation } from "../domain/unit-cost";
import { metricDaily } from "./business-metrics";
import { getApplicationForecast } from "./forecast";
import { findTagBudget } from "./tag-budgets";
import { num } from "./sql";

export interface ExploreResult {
  query: ExploreQuery;
  view: ExploreView;
  /** Display names of group keys (applications' names, "web · Storefront"). */
  labels: Record<string, string>;
  /** The same for every dimension the view names (its filters too): a tag value may be spelled like an application's slug. */
  labelsBy: { application: Record<string, string>; service: Record<string, string>; breakdown: Record<string, string> };
  /** The business unit of a cost per unit ("order"), and its values per day. */
  unit: string | null;
  units: Map<Day, number>;
  /** The applications of the account, and the values of the breakdown this view has (their colours). */
  values: { application: { key: string; label: string }[]; breakdown: string[] };
  /** The tag keys the account explores (each a "tag:<key>" grouping). */
  exploredTagKeys: string[];
  /** With no rows: whether the breakdown has any row in the range at all (a source that does not give it, or not yet synced). */
  breakdownDays: number;
  /** Month to date in cost: the month's projection of what the view shows (the application page's model). */
  forecast: MonthForecast | null;
  /** The budget of what the view shows, when it is one application's or one tag value's, and it has one. */
  budgetMicroUsd: number | null;
}

/** The union of day ranges, as few ranges as cover them once (no day read twice). */
export function mergeRanges(ranges: readonly DayRange[]): DayRange[] {
  const sorted = [...ranges].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: DayRange[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.from <= addDays(last.to, 1)) last.to = r.to > last.to ? r.to : last.to;
    else out.push({ ...r });
  }
  return out;
}

export async function runExplore(db: Db, accountId: number, query: ExploreQuery, today: Day = toDay(new Date())): Promise<ExploreResult> {
  const compare = comparisonRange(query.range, query.compare);
  // Month to date in cost is projected to the month's end, from the last two weeks' days.
  const projecting = query.rangeKey === "mtd" && query.measure === "cost";
  const rateWindow = { from: addDays(today, -FORECAST_SPREAD_DAYS), to: query.range.to };
  const from = [query.range.from, ...(compare ? [compare.from] : []), ...(projecting ? [rateWindow.from] : [])].sort()[0] as Day;
  const to = query.range.to;
  const apps = await db.application.findMany({ where: { accountId }, select: { id: true, slug: true, name: true, headlineMetricId: true, businessMetrics: { select: { id: true, name: true, unit: true, aggregation: true } } }, orderBy: { name: "asc" } });
  const bySlug = new Map(apps.map((a) => [a.slug, a]));
  const byId = new Map(apps.map((a) => [a.id, a]));
  const labelsBy: ExploreResult["labelsBy"] = { application: Object.fromEntries(apps.map((a) => [a.slug, a.name])), service: {}, breakdown: {} };
  const appIncludes = query.filters.filter((f) => f.dimension === "application" && !f.exclude).map((f) => f.value);
  for (const slug of appIncludes) if (!bySlug.has(slug)) throw new ExploreQueryError(`There is no application '${slug}'.`);
  const appIds = appIncludes.length ? appIncludes.map((s) => bySlug.get(s)!.id) : apps.map((a) => a.id);

  // Filters are applied in the database, and the rows summed there to the level the grouping needs.
  const account = await db.cloudAccount.findUniqueOrThrow({ where: { id: accountId }, select: { source: true, exploredTagKeys: true } });
  const exploredTagKeys = parseExploredTagKeys(account.exploredTagKeys);
  const breakdown = breakdownOf(query);
  const tagKey = breakdown ? tagKeyOf(breakdown) : null;
  if (tagKey !== null && !exploredTagKeys.includes(tagKey)) {
    throw new ExploreQueryError(`The tag '${tagKey}' is not explored: add it under Settings → AWS accounts (explored tag keys), and the next sync reads its cost.`);
  }
  const filter = (dim: string, exclude: boolean) => query.filters.filter((f) => f.dimension === dim && f.exclude === exclude).map((f) => f.value);
  const appExcludes = filter("application", true).map((slug) => bySlug.get(slug)?.id ?? -1);
  const facts: Fact[] = [];
  // The ranges may be apart (a year earlier): read each, not everything between, and no day twice.
  const windows = mergeRanges([query.range, ...(compare ? [compare] : []), ...(projecting ? [rateWindow] : [])]);
  if (factsFor(query) === "services") {
    const serviceRows = await db.service.findMany({ where: { applicationId: { in: appIds } }, select: { id: true, name: true, applicationId: true } });
    const serviceKey = new Map(serviceRows.map((r) => [r.id, `${byId.get(r.applicationId)?.slug ?? ""}/${r.name}`]));
    const serviceIds = (keys: string[]) => serviceRows.filter((r) => keys.includes(serviceKey.get(r.id) as string)).map((r) => r.id);
    const includes = filter("service", false);
    const excludes = filter("service", true);
    const perService = query.group === "service";
    let top: number[] | undefined;
    for (const w of windows) {
      const where: { applicationId: { in: number[]; notIn?: number[] }; day: { gte: string; lte: string }; serviceId?: { in?: number[]; notIn?: number[] } } = {
        applicationId: { in: appIds, ...(appExcludes.length ? { notIn: appExcludes } : {}) },
        day: { gte: w.from, lte: w.to },
        ...(includes.length || excludes.length ? { serviceId: { ...(includes.length ? { in: serviceIds(includes) } : {}), ...(excludes.length ? { notIn: serviceIds(excludes) } : {}) } } : {}),
      };
      const sums = { ownCostMicroUsd: true, sharedCostMicroUsd: true, requestCount: true } as const;
      let rows: { day: string; applicationId: number; serviceId: number | null; _sum: { ownCostMicroUsd: bigint | null; sharedCostMicroUsd: bigint | null; requestCount: bigint | null } }[];
      if (!perService && !where.serviceId) {
        // Whole applications: their daily sums, one row per application and day.
        const appRows = await db.applicationCostDay.findMany({ where: { applicationId: where.applicationId, day: where.day }, select: { day: true, applicationId: true, costMicroUsd: true, requestCount: true } });
        rows = appRows.map((r) => ({ day: r.day, applicationId: r.applicationId, serviceId: null, _sum: { ownCostMicroUsd: r.costMicroUsd, sharedCostMicroUsd: 0n, requestCount: r.requestCount } }));
      } else if (!perService) rows = (await db.serviceCostDay.groupBy({ by: ["day", "applicationId"], where, _sum: sums })).map((r) => ({ ...r, serviceId: null }));
      else {
        // Day by day only for the services shown (the top by cost over the range); the rest summed as one "others" per day.
        top ??= (await db.serviceCostDay.groupBy({ by: ["serviceId"], where: { ...where, day: { gte: query.range.from, lte: query.range.to } }, _sum: { ownCostMicroUsd: true, sharedCostMicroUsd: true } }))
          .map((r) => ({ id: r.serviceId, cost: num(r._sum.ownCostMicroUsd) + num(r._sum.sharedCostMicroUsd) }))
          .sort((a, b) => b.cost - a.cost || a.id - b.id)
          .slice(0, TOP_GROUPS)
          .map((r) => r.id);
        const shown = top;
        const within = (await db.serviceCostDay.groupBy({ by: ["day", "serviceId", "applicationId"], where: { ...where, serviceId: { ...(where.serviceId ?? {}), in: shown.filter((id) => !where.serviceId?.in || where.serviceId.in.includes(id)) } }, _sum: sums })).map((r) => ({ ...r, serviceId: r.serviceId as number | null }));
        const rest = await db.serviceCostDay.groupBy({ by: ["day"], where: { ...where, serviceId: { ...(where.serviceId ?? {}), notIn: [...(where.serviceId?.notIn ?? []), ...shown] } }, _sum: sums });
        rows = within;
        for (const r of rest) facts.push({ day: r.day, application: "", service: OTHERS, costMicroUsd: num(r._sum.ownCostMicroUsd) + num(r._sum.sharedCostMicroUsd), requests: num(r._sum.requestCount) });
        // Every service, none filtered out: the pools no service could take too, so that the services add up to the applications.
        if (!where.serviceId) {
          const pools = await unsplitPools(db, where, [...within, ...rest]);
          if (pools.length) labelsBy.service[UNSPLIT] = "Shared pool, not split";
          facts.push(...pools);
        }
      }
      for (const r of rows) {
        const app = byId.get(r.applicationId);
        if (!app) continue;
        const service = r.serviceId === null ? null : (serviceKey.get(r.serviceId) ?? null);
        if (service && !labelsBy.service[service]) labelsBy.service[service] = `${service.slice(app.slug.length + 1)} · ${app.name}`;
        facts.push({ day: r.day, application: app.slug, service, costMicroUsd: num(r._sum.ownCostMicroUsd) + num(r._sum.sharedCostMicroUsd), requests: num(r._sum.requestCount) });
      }
    }
  } else {
    const dimension = breakdown as BreakdownDimension;
    // A value with no tag is stored as '' and shown as "(none)".
    const stored = (v: string) => (v === NONE ? "" : v);
    const includes = filter(dimension, false).map(stored);
    const excludes = filter(dimension, true).map(stored);
    for (const w of windows) {
      const where = {
        applicationId: { in: appIds, ...(appExcludes.length ? { notIn: appExcludes } : {}) },
        dimension,
        day: { gte: w.from, lte: w.to },
        ...(includes.length || excludes.length ? { value: { ...(includes.length ? { in: includes } : {}), ...(excludes.length ? { notIn: excludes } : {}) } } : {}),
      };
      if (query.group === dimension) {
        for (const r of await db.costBreakdownDay.groupBy({ by: ["day", "value"], where, _sum: { costMicroUsd: true } })) facts.push({ day: r.day, application: "", breakdown: r.value || NONE, costMicroUsd: num(r._sum.costMicroUsd) });
      } else {
        for (const r of await db.costBreakdownDay.groupBy({ by: ["day", "applicationId"], where, _sum: { costMicroUsd: true } })) {
          const app = byId.get(r.applicationId);
          if (app) facts.push({ day: r.day, application: app.slug, costMicroUsd: num(r._sum.costMicroUsd) });
        }
      }
    }
    const names = dimension === "account" ? await accountNames(db, accountId, account.source) : new Map<string, string>();
    for (const v of new Set([...facts.map((f) => f.breakdown ?? ""), ...includes, ...excludes])) {
      const key = v || NONE;
      if (labelsBy.breakdown[key] !== undefined || key === "") continue;
      labelsBy.breakdown[key] = names.has(key) ? `${names.get(key)} (${key})` : breakdownValueLabel(dimension, v === NONE ? "" : v);
    }
  }

  let unit: string | null = null;
  let units = new Map<Day, number>();
  if (query.measure === "costPerUnit") {
    const app = bySlug.get(appIncludes[0] as string)!;
    const metric = headlineMetric(app.businessMetrics, app.headlineMetricId);
    if (!metric) throw new ExploreQueryError(`${app.name} has no business metric: declare one on its Business metrics page.`);
    unit = metric.unit.replace(/s$/, "");
    units = await metricDaily(db, { id: metric.id, aggregation: metric.aggregation as Aggregation }, { from, to });
  }
  // Only an empty answer needs to know whether the breakdown exists at all.
  const breakdownDays = facts.length === 0 && breakdown ? await db.costBreakdownDay.count({ where: { applicationId: { in: appIds }, dimension: breakdown, day: { gte: query.range.from, lte: query.range.to } } }) : facts.length;
  let forecast: MonthForecast | null = null;
  let budgetMicroUsd: number | null = null;
  const only = query.filters.length === 1 && !query.filters[0]!.exclude ? query.filters[0]! : null;
  if (projecting && only?.dimension === "application") {
    // One whole application: the application page's projection (Cost Explorer's forecast on a real account) and budget.
    ({ forecast, budgetMicroUsd } = await getApplicationForecast(db, bySlug.get(only.value)!.id, today));
  } else if (projecting) {
    // Every day read (the month so far, the last two weeks, the comparison): the model takes what it needs.
    const daily = new Map<Day, number>();
    for (const f of facts) if (f.day < today) daily.set(f.day, (daily.get(f.day) ?? 0) + f.costMicroUsd);
    // A day that costs nothing has no cost data yet (services get rows for their traffic before Cost Explorer has the day).
    forecast = forecastMonth([...daily].filter(([, cost]) => cost !== 0).map(([day, costMicroUsd]) => ({ day, costMicroUsd })), today);
    const key = only ? tagKeyOf(only.dimension) : null;
    if (key !== null && only) budgetMicroUsd = await findTagBudget(db, accountId, key, only.value);
  }
  return {
    forecast,
    budgetMicroUsd,
    query,
    // The filters were applied by the database (the facts carry only the grouping's dimension).
    view: explore({ ...query, filters: [] }, facts, units),
    labels: labelsBy[query.group === "application" || query.group === "service" ? query.group : "breakdown"],
    labelsBy,
    unit,
    units,
    values: { application: apps.map((a) => ({ key: a.slug, label: a.name })), breakdown: [...new Set(facts.map((f) => f.breakdown).filter((a): a is string => !!a))].sort() },
    exploredTagKeys,
    breakdownDays,
  };
}

/**
 * The shared pools that the services did not take, day by day: the applications' whole
 * cost (ApplicationCostDay) less what their services were given (`services`: every
 * service's rows of those days, already read). It happens when an application has cost
 * and no service yet, or no service with a share that day.
 */
async function unsplitPools(
  db: Db,
  where: { applicationId: { in: number[]; notIn?: number[] }; day: { gte: string; lte: string } },
  services: readonly { day: string; _sum: { ownCostMicroUsd: bigint | null; sharedCostMicroUsd: bigint | null } }[],
): Promise<Fact[]> {
  const given = new Map<string, number>();
  for (const r of services) given.set(r.day, (given.get(r.day) ?? 0) + num(r._sum.ownCostMicroUsd) + num(r._sum.sharedCostMicroUsd));
  const whole = await db.applicationCostDay.groupBy({ by: ["day"], where: { applicationId: where.applicationId, day: where.day }, _sum: { costMicroUsd: true } });
  return whole.map((r) => ({ day: r.day, application: "", service: UNSPLIT, costMicroUsd: num(r._sum.costMicroUsd) - (given.get(r.day) ?? 0), requests: 0 })).filter((f) => f.costMicroUsd !== 0);
}

/** The names of linked accounts: the ones Frugal reads by their name here, the demo's by its catalogue. */
async function accountNames(db: Db, accountId: number, source: string): Promise<Map<string, string>> {
  if (source === "demo") return new Map(Object.entries(DEMO_LINKED_ACCOUNTS));
  const rows = await db.awsAccount.findMany({ where: { accountId, awsAccountId: { not: null } }, select: { awsAccountId: true, name: true } });
  return new Map(rows.filter((r) => r.name !== r.awsAccountId).map((r) => [r.awsAccountId as string, r.name]));
}
