// Every application's limits, proposals and waiting approvals on one page (the
// global "Limits" view) and as badges on the applications list.
import type { Db } from "../db/client";
import type { Level } from "../domain/limits";
import { getTiersView, type LimitView, type PendingView, type ProposalView } from "./tiers";

export interface ApplicationLimits {
  applicationId: number;
  slug: string;
  name: string;
  /** The worst level of its limits; null when it has none. */
  worst: Level | null;
  limits: LimitView[];
  proposals: ProposalView[];
  pending: PendingView[];
}

const SEVERITY: Record<Level, number> = { breach: 3, warning: 2, no_data: 1, ok: 0 };

export function worstLevel(levels: Level[]): Level | null {
  return levels.reduce<Level | null>((worst, l) => (worst === null || SEVERITY[l] > SEVERITY[worst] ? l : worst), null);
}

export async function getLimitsOverview(db: Db, accountId: number): Promise<ApplicationLimits[]> {
  const apps = await db.application.findMany({ where: { accountId }, orderBy: { name: "asc" }, select: { id: true, slug: true, name: true } });
  // Only applications with something to show need their whole tiers view: at 50 applications
  // most have no limit, proposal or request, and reading each one's view took 1.4 s.
  const involved = new Set(
    (
      await db.application.findMany({
        where: {
          accountId,
          OR: [{ limits: { some: {} } }, { proposals: { some: { status: "open" } } }, { changeRequests: { some: { status: "pending" } } }, { features: { some: { changes: { some: { status: "pending" } } } } }],
        },
        select: { id: true },
      })
    ).map((a) => a.id),
  );
  const out: ApplicationLimits[] = [];
  for (const app of apps) {
    if (!involved.has(app.id)) {
      out.push({ applicationId: app.id, slug: app.slug, name: app.name, worst: null, limits: [], proposals: [], pending: [] });
      continue;
    }
    const view = await getTiersView(db, app.id);
    out.push({ applicationId: app.id, slug: app.slug, name: app.name, worst: worstLevel(view.limits.map((l) => l.level)), limits: view.limits, proposals: view.proposals, pending: view.pending });
  }
  // Breaches first, then warnings; alphabetical within.
  return out.sort((a, b) => SEVERITY[b.worst ?? "ok"] - SEVERITY[a.worst ?? "ok"] || a.name.localeCompare(b.name));
}
