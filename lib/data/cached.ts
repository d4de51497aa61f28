// Loaders shared by several cards of one page, deduplicated per request with
// React's cache(): the header, the KPIs and the table read the account once.
import { cache } from "react";
import { db } from "../db/client";
import type { DateRange } from "../domain/date-range";
import { getAccount } from "./account";
import { getApplicationsOverview } from "./applications";
import { getApplication, getServiceTable } from "./application-detail";
import { costWindow } from "./cost-window";

export const loadAccount = cache(() => getAccount(db()));

export const loadOverview = cache((accountId: number, from: string, to: string) => getApplicationsOverview(db(), accountId, { from, to }));

export const loadApplication = cache((accountId: number, slug: string) => getApplication(db(), accountId, slug));

export const loadCostWindow = cache((accountId: number, from: string, to: string) => costWindow(db(), accountId, { from, to }));

export const loadServiceTable = cache(async (accountId: number, slug: string, from: string, to: string) => {
  const app = await loadApplication(accountId, slug);
  if (!app) return null;
  return getServiceTable(db(), app, await loadCostWindow(accountId, from, to));
});

export type { DateRange };
