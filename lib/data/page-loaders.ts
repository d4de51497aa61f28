// Everything the pages and their cards read goes through here. Each loader first
// requires a signed-in user (the session is checked once per request), and React's
// cache() makes cards of one page share a read.
import { cache } from "react";
import { requirePermission, requireUser } from "../auth/guard";
import { listApiTokens } from "../auth/tokens";
import { listUsers } from "../auth/users";
import { db } from "../db/client";
import { getAccount, getSyncStatus } from "./account";
import { getApplication, getServiceTable } from "./application-detail";
import { getApplicationsOverview } from "./applications";
import { costWindow } from "./cost-window";
import { getDailyCostByApplication, getDailyCostByService } from "./daily-cost";
import { auditActions, listAudit, type AuditFilters } from "./audit";
import { listTagRules } from "./tag-rules";
import { getUnallocatedDaily, getUnallocatedResources } from "./unallocated";

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

export const loadServiceTable = cache(async (accountId: number, slug: string, from: string, to: string) => {
  const app = await loadApplication(accountId, slug);
  if (!app) return null;
  return getServiceTable(db(), app, await loadCostWindow(accountId, from, to));
});

export const loadDailyCostByApplication = cache(async (accountId: number, from: string, to: string) => {
  await requireUser();
  return getDailyCostByApplication(db(), accountId, { from, to });
});

export const loadDailyCostByService = cache(async (applicationId: number, from: string, to: string) => {
  await requireUser();
  return getDailyCostByService(db(), applicationId, { from, to });
});

export const loadUnallocatedDaily = cache(async (accountId: number, from: string, to: string) => {
  await requireUser();
  return getUnallocatedDaily(db(), accountId, { from, to });
});

export const loadUnallocatedResources = cache(async (accountId: number) => {
  await requireUser();
  return getUnallocatedResources(db(), accountId);
});

export const loadTagRules = cache(async (accountId: number) => {
  await requireUser();
  return listTagRules(db(), accountId);
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
  const [page, actions] = await Promise.all([listAudit(db(), filters, before), auditActions(db())]);
  return { ...page, actions };
}

export { SHARED_SERIES, UNALLOCATED_SERIES } from "./daily-cost";
