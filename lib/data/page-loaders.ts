// Everything the pages and their cards read goes through here. Each loader first
// requires a signed-in user (the session is checked once per request), and React's
// cache() makes cards of one page share a read.
import { cache } from "react";
import { requirePermission, requireUser } from "../auth/guard";
import { listApiTokens } from "../auth/tokens";
import { listUsers } from "../auth/users";
import { db } from "../db/client";
import { getAccount, getSyncStatus } from "./account";
import { getApplication } from "./application-detail";
import { getApplicationsOverview } from "./applications";
import { costWindow } from "./cost-window";
import { getDailyCostByApplication } from "./daily-cost";
import { auditActions, countAudit, listAudit, type AuditFilters } from "./audit";
import { getUnitCosts, listMetrics, type MetricView } from "./business-metrics";
import { CHART_SERVICES, getEconomicsSeries, getServiceSeries, topFromEconomics } from "./economics-series";
import { getApplicationEconomics } from "./service-economics";
import { listUploads } from "./uploads";
import { listTagRules } from "./tag-rules";
import { getLimitsOverview } from "./limits-overview";
import { getTiersView } from "./tiers";
import { getOverloadBadges } from "./overload-summary";
import { getOverloadView } from "./overload-view";
import { listWebhooks } from "./overload-settings";
import { getUnallocatedDaily, getUnallocatedTop } from "./unallocated";
import { listAwsAccounts } from "./aws-accounts";
import { getOwnCost } from "./own-cost";
import { getJobStatus } from "./job-status";
import { loadExploredTags as readExploredTags } from "./explored-tags";
import { listTagBudgets, tagValuesSeen } from "./tag-budgets";
import { toDay } from "../domain/day";
import { getServiceResourcesTop } from "./service-resources";
import { getServiceOperations } from "./service-operations";
import { getSyncHealth } from "./sync-health";
import { listAnomalies, openAnomalyCounts, type AnomalyFilter } from "./anomalies";
import { thresholdsOf } from "./anomaly-inputs";
import { runExplore } from "./explore";
import { getApplicationForecast } from "./forecast";
import { listViews } from "./saved-views";
import type { ExploreQuery } from "../domain/explore";
import { listRuns, listSchedules } from "./report-schedules";

/** The account, for the page chrome; null before setup. Needs no session (the sign-in page shows the demo badge). */
export const loadAccount = cache(() => getAccount(db()));

export const loadSyncStatus = cache(async (accountId: number) => {
  await requireUser();
  return getSyncStatus(db(), accountId);
});

export const loadOverview = cache(async (accountId: number, from: string, to: string) => {
  await requireUser();
  return getApplicationsOverview(db(), accountId, { from, to });
});

export const loadApplication = cache(async (accountId: number, slug: string) => {
  await requireUser();
  return getApplication(db(), accountId, slug);
});

export const loadApplications = cache(async (accountId: number) => {
  await requireUser();
  return db().application.findMany({ where: { accountId }, orderBy: { name: "asc" }, select: { id: true, slug: true, name: true } });
});

export const loadCostWindow = cache(async (accountId: number, from: string, to: string) => {
  await requireUser();
  return costWindow(db(), accountId, { from, to });
});

export const loadDailyCostByApplication = cache(async (accountId: number, from: string, to: string) => {
  await requireUser();
  return getDailyCostByApplication(db(), accountId, { from, to });
});

export const loadUnallocatedDaily = cache(async (accountId: number, from: string, to: string) => {
  await requireUser();
  return getUnallocatedDaily(db(), accountId, { from, to });
});

/** The resources no rule selects that the page lists: the costliest first, at most this many. */
export const UNALLOCATED_SHOWN = 100;

export const loadUnallocatedTop = cache(async (accountId: number) => {
  await requireUser();
  return getUnallocatedTop(db(), accountId, toDay(new Date()), UNALLOCATED_SHOWN);
});

export const loadTagRules = cache(async (accountId: number) => {
  await requireUser();
  return listTagRules(db(), accountId);
});

export const loadAnomalies = cache(async (accountId: number, applicationId: number | null, state: AnomalyFilter["state"], take?: number) => {
  await requireUser();
  return listAnomalies(db(), { accountId, ...(applicationId === null ? {} : { applicationId }), state, take });
});

export const loadExplore = cache(async (accountId: number, query: ExploreQuery) => {
  await requireUser();
  return runExplore(db(), accountId, query);
});

export const loadForecast = cache(async (applicationId: number, today: string) => {
  await requireUser();
  return getApplicationForecast(db(), applicationId, today);
});

export const loadSavedViews = cache(async () => {
  await requireUser();
  return listViews(db());
});

export const loadOpenAnomalyCounts = cache(async (accountId: number) => {
  await requireUser();
  return openAnomalyCounts(db(), accountId);
});

/** An application's API tokens, for its owners and admins (the 403 page for everyone else). */
export const loadTokens = cache(async (applicationId: number, name: string) => {
  await requirePermission("token:manage", { kind: "application", applicationId, name });
  return listApiTokens(db(), applicationId);
});

export const loadUsers = cache(async () => {
  await requirePermission("user:manage");
  return listUsers(db());
});

export async function loadAudit(filters: AuditFilters, before?: number) {
  await requirePermission("audit:read");
  const [page, actions, total] = await Promise.all([listAudit(db(), filters, before), auditActions(db()), countAudit(db(), filters)]);
  return { ...page, actions, total };
}

/** Services with allocated cost, unit cost, change, scale, and today's estimate. */
export const loadEconomics = cache(async (accountId: number, applicationId: number, from: string, to: string, today: string) => {
  return getApplicationEconomics(db(), applicationId, await loadCostWindow(accountId, from, to), today);
});

/** The chart's series, its top services taken from the economics the page reads anyway (not ranked twice). */
export const loadEconomicsSeries = cache(async (accountId: number, applicationId: number, from: string, to: string, today: string) => {
  await requireUser();
  const economics = await loadEconomics(accountId, applicationId, from, to, today);
  return getEconomicsSeries(db(), applicationId, { from, to }, CHART_SERVICES, topFromEconomics(economics.services));
});

export const loadService = cache(async (applicationId: number, name: string) => {
  await requireUser();
  return db().service.findUnique({ where: { applicationId_name: { applicationId, name } } });
});

export const loadServiceSeries = cache(async (serviceId: number, from: string, to: string) => {
  await requireUser();
  return getServiceSeries(db(), serviceId, { from, to });
});

export const loadMetrics = cache(async (applicationId: number) => {
  await requireUser();
  return listMetrics(db(), applicationId);
});

export const loadUnitCosts = cache(async (applicationId: number, metric: MetricView, from: string, to: string) => {
  return getUnitCosts(db(), applicationId, metric, { from, to }, await loadMetrics(applicationId));
});

export const loadApplicationSettings = cache(async (applicationId: number) => {
  await requireUser();
  const app = await db().application.findUniqueOrThrow({
    where: { id: applicationId },
    include: { services: { orderBy: { name: "asc" }, select: { name: true } }, owners: { include: { user: { select: { name: true, email: true } } } } },
  });
  const weights = app.allocationWeights && typeof app.allocationWeights === "object" && !Array.isArray(app.allocationWeights) ? (app.allocationWeights as Record<string, number>) : {};
  return { allocationStrategy: app.allocationStrategy, weights, services: app.services.map((s) => s.name), owners: app.owners.map((o) => o.user), anomalyThresholds: thresholdsOf(app.anomalyThresholds), customAnomalyThresholds: app.anomalyThresholds != null, monthlyBudgetMicroUsd: app.monthlyBudgetMicroUsd === null ? null : Number(app.monthlyBudgetMicroUsd) };
});

export const loadUploads = cache(async (applicationId: number) => {
  await requireUser();
  return listUploads(db(), applicationId);
});

/** Features by tier, limits, proposals, approvals and switch history of one application. */
export const loadTiers = cache(async (applicationId: number) => {
  await requireUser();
  return getTiersView(db(), applicationId);
});

/** Every application's limits, proposals and waiting approvals (the Limits page and the list's badges). */
export const loadLimitsOverview = cache(async (accountId: number) => {
  await requireUser();
  return getLimitsOverview(db(), accountId);
});

export { UNALLOCATED_SERIES } from "./daily-cost";
export { OTHER_SERVICES } from "./economics-series";

/** An application's overload page: signals, heatmap, queues, latency, incidents, wasted spend. */
export const loadOverload = cache(async (applicationId: number) => {
  await requireUser();
  return getOverloadView(db(), applicationId);
});

export const loadWebhooks = cache(async (applicationId: number) => {
  const user = await requireUser();
  return listWebhooks(db(), applicationId, { showErrors: user.role === "admin" });
});

/** Where each application stands on overload, for the badges on the applications list. */
export const loadOverloadBadges = cache(async (accountId: number) => {
  await requireUser();
  return getOverloadBadges(db(), accountId);
});

/** What Frugal's own AWS calls cost, per day and month, and the calls of the last runs. */
/** The tag keys the account explores, and what each costs in Cost Explorer requests. */
export const loadExploredTags = cache(async (accountId: number) => {
  await requireUser();
  return readExploredTags(db(), accountId);
});

/** Budgets per tag value with their projections, and the values each explored key has had lately. */
export const loadTagBudgets = cache(async (accountId: number, keys: readonly string[], today: string) => {
  await requireUser();
  const [budgets, values] = await Promise.all([listTagBudgets(db(), accountId, today), tagValuesSeen(db(), accountId, keys, today)]);
  return { budgets, values };
});

/** The resources the service page lists: the costliest first, at most this many (the export has them all). */
export const SERVICE_RESOURCES_SHOWN = 100;

export const loadServiceResources = cache(async (accountId: number, serviceId: number) => {
  await requireUser();
  return getServiceResourcesTop(db(), accountId, serviceId, toDay(new Date()), SERVICE_RESOURCES_SHOWN);
});

/** Where the jobs run: worker processes and the jobs they hold (host names and pids: admins only). */
export const loadJobStatus = cache(async () => {
  await requirePermission("settings:edit");
  return getJobStatus(db());
});

export const loadOwnCost = cache(async (accountId: number) => {
  await requireUser();
  return getOwnCost(db(), accountId);
});

/** What the sync could not read, and whether the cost adds up, over a range. */
export const loadSyncHealth = cache(async (accountId: number, from: string, to: string) => {
  await requireUser();
  return getSyncHealth(db(), accountId, from, to);
});

/** A service's operations (Application Signals) and their share of its cost. */
export const loadServiceOperations = cache(async (serviceId: number, from: string, to: string) => {
  await requireUser();
  return getServiceOperations(db(), serviceId, from, to);
});

/** The AWS accounts Frugal reads (admins). */
export const loadAwsAccounts = cache(async (accountId: number) => {
  await requirePermission("settings:edit");
  return listAwsAccounts(db(), accountId);
});

export const loadReportSchedules = cache(async () => {
  await requireUser();
  return listSchedules(db());
});

export const loadReportRuns = cache(async (scheduleId?: number) => {
  await requireUser();
  return listRuns(db(), { scheduleId, take: 40 });
});

export const loadReportRun = cache(async (id: number) => {
  await requireUser();
  return db().reportRun.findUnique({ where: { id }, include: { schedule: { select: { id: true, name: true, timezone: true } }, deliveries: { orderBy: { id: "asc" } } } });
});
