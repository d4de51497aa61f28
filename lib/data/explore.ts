// Explore's reads: the pre-aggregated daily rows a query needs (the services'
// allocated cost and requests, or each application's cost by AWS service), for the
// range and its comparison, filtered in the database as far as the filters allow;
// then the pure view (lib/domain/explore.ts). Application keys are slugs; a service's
// key is "slug/name", since two applications may each have a service called "api".
import type { Db } from "../db/client";
import { addDays, type Day } from "../domain/day";
import { comparisonRange, explore, ExploreQueryError, factsFor, type ExploreQuery, type ExploreView, type Fact } from "../domain/explore";
import { headlineMetric, type Aggregation } from "../domain/unit-cost";
import { metricDaily } from "./business-metrics";
import { num } from "./sql";

export interface ExploreResult {
  query: ExploreQuery;
  view: ExploreView;
  /** Display names of group keys (applications' names, "web · Storefront"). */
  labels: Record<string, string>;
  /** The business unit of a cost per unit ("order"), and its values per day. */
  unit: string | null;
  units: Map<Day, number>;
  /** Every value each dimension has in the account, for the filter pickers. */
  values: { application: { key: string; label: string }[]; awsService: string[] };
  /** The breakdown by AWS service is missing for some days of the range (a source that does not give it, or not yet synced). */
  awsServiceDays: number;
}

export async function runExplore(db: Db, accountId: number, query: ExploreQuery): Promise<ExploreResult> {
  const compare = comparisonRange(query.range, query.compare);
  const from = compare && compare.from < query.range.from ? compare.from : query.range.from;
  const to = query.range.to;
  const apps = await db.application.findMany({ where: { accountId }, select: { id: true, slug: true, name: true, headlineMetricId: true, businessMetrics: { select: { id: true, name: true, unit: true, aggregation: true } } }, orderBy: { name: "asc" } });
  const bySlug = new Map(apps.map((a) => [a.slug, a]));
  const byId = new Map(apps.map((a) => [a.id, a]));
  const labels: Record<string, string> = Object.fromEntries(apps.map((a) => [a.slug, a.name]));
  const appIncludes = query.filters.filter((f) => f.dimension === "application" && !f.exclude).map((f) => f.value);
  for (const slug of appIncludes) if (!bySlug.has(slug)) throw new ExploreQueryError(`There is no application '${slug}'.`);
  const appIds = appIncludes.length ? appIncludes.map((s) => bySlug.get(s)!.id) : apps.map((a) => a.id);

  const facts: Fact[] = [];
  // The two ranges may be apart (a year earlier): read each, not everything between.
  const windows = compare && addDays(compare.to, 1) < query.range.from ? [compare, query.range] : [{ from, to }];
  if (factsFor(query) === "services") {
    for (const w of windows) {
      const rows = await db.serviceCostDay.findMany({
        where: { applicationId: { in: appIds }, day: { gte: w.from, lte: w.to } },
        select: { day: true, applicationId: true, ownCostMicroUsd: true, sharedCostMicroUsd: true, requestCount: true, service: { select: { name: true } } },
      });
      for (const r of rows) {
        const app = byId.get(r.applicationId);
        if (!app) continue;
        const service = `${app.slug}/${r.service.name}`;
        labels[service] ??= `${r.service.name} · ${app.name}`;
        facts.push({ day: r.day, application: app.slug, service, costMicroUsd: num(r.ownCostMicroUsd) + num(r.sharedCostMicroUsd), requests: num(r.requestCount) });
      }
    }
  } else {
    for (const w of windows) {
      const rows = await db.awsServiceDay.findMany({ where: { applicationId: { in: appIds }, day: { gte: w.from, lte: w.to } }, select: { day: true, applicationId: true, awsService: true, costMicroUsd: true } });
      for (const r of rows) {
        const app = byId.get(r.applicationId);
        if (app) facts.push({ day: r.day, application: app.slug, awsService: r.awsService, costMicroUsd: num(r.costMicroUsd) });
      }
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
  const awsServices = await db.awsServiceDay.findMany({ where: { application: { accountId } }, distinct: ["awsService"], select: { awsService: true }, orderBy: { awsService: "asc" } });
  const awsServiceDays = (await db.awsServiceDay.groupBy({ by: ["day"], where: { application: { accountId }, day: { gte: query.range.from, lte: query.range.to } } })).length;
  return {
    query,
    view: explore(query, facts, units),
    labels,
    unit,
    units,
    values: { application: apps.map((a) => ({ key: a.slug, label: a.name })), awsService: awsServices.map((a) => a.awsService) },
    awsServiceDays,
  };
}
