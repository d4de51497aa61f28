// The overload state of the services a switch touches, for the confirmation an
// owner reads before flipping it and for the audit entry that keeps what they saw;
// and each application's badge in the applications list, from the signals job's verdict.
import type { Db } from "../db/client";
import { STATE_SEVERITY, type Thresholds } from "../domain/signals";
import { overloadState, thresholdsOf, type OverloadState } from "./overload";
import { num } from "./sql";

export interface OverloadSummary {
  state: "ok" | "warning" | "overloaded" | "recovering" | "unknown";
  summary: string;
}

export async function overloadSummary(db: Db, applicationId: number, services: string[], cell: string | null = null): Promise<OverloadSummary> {
  if (services.length === 0) return { state: "unknown", summary: "The feature names no services." };
  const state = await overloadState(db, applicationId);
  const mine = state.statuses.filter((s) => services.includes(s.service) && (cell === null || s.cell === cell || s.cell === ""));
  if (mine.length === 0) return { state: "unknown", summary: "No recent traffic data for its services." };
  const worst = mine.reduce((w, s) => (STATE_SEVERITY[s.state] > STATE_SEVERITY[w.state] ? s : w));
  if (worst.state === "ok") return { state: "ok", summary: `${services.join(", ")}: every signal normal${cell ? ` in ${cell}` : ""}.` };
  const others = mine.filter((s) => s !== worst && s.state !== "ok").length;
  return {
    state: worst.state,
    summary: `${worst.service}${worst.cell ? ` in ${worst.cell}` : ""}: ${worst.reason}${others ? ` (and ${others} more not normal)` : ""}`,
  };
}

export interface OverloadBadge {
  applicationId: number;
  slug: string;
  state: OverloadState["state"] | "no_data";
  /** Cells (or '' for services without cells) with a service at the application's worst state. */
  cells: string[];
  services: string[];
}

type Badge = Pick<OverloadBadge, "state" | "cells" | "services">;

/** An application's badge: its worst state, and the cells and services at it. */
export function badgeOf(state: Pick<OverloadState, "series" | "statuses" | "state">): Badge {
  if (state.series.length === 0) return { state: "no_data", cells: [], services: [] };
  const at = state.statuses.filter((s) => s.state === state.state && s.state !== "ok");
  return { state: state.state, cells: [...new Set(at.map((s) => s.cell))].sort(), services: [...new Set(at.map((s) => s.service))].sort() };
}

/**
 * Kept by the signals job after it has judged an application and moved its incidents
 * along: what the applications list then shows, without reading the samples again.
 */
export async function recordVerdict(db: Db, applicationId: number, state: Pick<OverloadState, "now" | "thresholds" | "series" | "statuses" | "state">): Promise<void> {
  const badge = badgeOf(state);
  const data = { judgedAt: state.now, thresholds: JSON.stringify(state.thresholds), state: badge.state, cells: JSON.stringify(badge.cells), services: JSON.stringify(badge.services) };
  await db.overloadVerdict.upsert({ where: { applicationId }, create: { applicationId, ...data }, update: data });
}

/**
 * Whether the last run's verdict still says what the samples say: judged with the
 * thresholds set now, and younger than the window the signals judge (older, the window it
 * judged has passed entirely; the scheduler is off, or the worker is down).
 */
export function verdictStands(verdict: { judgedAt: Date; thresholds: string }, thresholds: Thresholds, now: Date): boolean {
  const age = now.getTime() - verdict.judgedAt.getTime();
  return age >= 0 && age < thresholds.windowMinutes * 60_000 && verdict.thresholds === JSON.stringify(thresholds);
}

/**
 * Per application: its worst overload state and where it is, for the applications list.
 * From the signals job's last verdict where it stands: reading two days of samples of
 * every application took 5.8 s on an account of 1,000 sampled services, again after
 * every run. Judged here, as its overload page does, where there is none.
 */
export async function getOverloadBadges(db: Db, accountId: number, now = new Date()): Promise<OverloadBadge[]> {
  const [apps, verdicts] = await Promise.all([
    db.application.findMany({ where: { accountId }, select: { id: true, slug: true, overloadThresholds: true } }),
    db.overloadVerdict.findMany({ where: { application: { accountId } } }),
  ]);
  const byApp = new Map(verdicts.map((v) => [v.applicationId, v]));
  const judged = new Map<number, Badge>();
  for (const app of apps) {
    const verdict = byApp.get(app.id);
    if (verdict && verdictStands(verdict, thresholdsOf(app.overloadThresholds), now)) {
      judged.set(app.id, { state: verdict.state as Badge["state"], cells: JSON.parse(verdict.cells) as string[], services: JSON.parse(verdict.services) as string[] });
    }
  }
  const rest = apps.filter((app) => !judged.has(app.id));
  // Only applications with samples at all are judged (each judgement checks the samples' version
  // and reads its own): on an account of many applications, most have none.
  const sampled = rest.length === 0 ? new Set<number>() : await sampledApplications(db, accountId);
  await Promise.all(
    rest.map(async (app) => {
      judged.set(app.id, sampled.has(app.id) ? badgeOf(await overloadState(db, app.id, now)) : { state: "no_data", cells: [], services: [] });
    }),
  );
  return apps.map((app) => ({ applicationId: app.id, slug: app.slug, ...(judged.get(app.id) as Badge) }));
}

async function sampledApplications(db: Db, accountId: number): Promise<Set<number>> {
  const rows = await db.$queryRaw<{ applicationId: number | bigint }[]>`
    SELECT DISTINCT s."applicationId" FROM "Service" s
    JOIN "Application" a ON a."id" = s."applicationId"
    WHERE a."accountId" = ${accountId} AND EXISTS (SELECT 1 FROM "MetricSample" m WHERE m."serviceId" = s."id")`;
  return new Set(rows.map((r) => num(r.applicationId)));
}
