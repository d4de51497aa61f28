// The overload state of the services a switch touches, for the confirmation an
// owner reads before flipping it and for the audit entry that keeps what they saw.
import type { Db } from "../db/client";
import { STATE_SEVERITY } from "../domain/signals";
import { overloadState, type OverloadState } from "./overload";
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

/** Per application: its worst overload state and where it is, for the applications list. */
export async function getOverloadBadges(db: Db, accountId: number, now = new Date()): Promise<OverloadBadge[]> {
  const apps = await db.application.findMany({ where: { accountId }, select: { id: true, slug: true } });
  // Only applications with samples at all are judged (each judgement checks the samples' version
  // and reads its own): on an account of many applications, most have none.
  const sampled = new Set(
    (
      await db.$queryRaw<{ applicationId: number | bigint }[]>`
        SELECT DISTINCT s."applicationId" FROM "Service" s
        JOIN "Application" a ON a."id" = s."applicationId"
        WHERE a."accountId" = ${accountId} AND EXISTS (SELECT 1 FROM "MetricSample" m WHERE m."serviceId" = s."id")`
    ).map((r) => num(r.applicationId)),
  );
  return Promise.all(
    apps.map(async (app) => {
      const noData = { applicationId: app.id, slug: app.slug, state: "no_data" as const, cells: [], services: [] };
      if (!sampled.has(app.id)) return noData;
      const state = await overloadState(db, app.id, now);
      if (state.series.length === 0) return noData;
      const at = state.statuses.filter((s) => s.state === state.state && s.state !== "ok");
      return { applicationId: app.id, slug: app.slug, state: state.state, cells: [...new Set(at.map((s) => s.cell))].sort(), services: [...new Set(at.map((s) => s.service))].sort() };
    }),
  );
}
