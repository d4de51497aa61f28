import { applicationParams, resolveApplication, usd } from "@/lib/api/query";
import { apiRoute } from "@/lib/auth/api-route";
import { getOverloadView } from "@/lib/data/overload-view";

const rate = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);

/**
 * An application's overload signals, each with its state, its reason and the points
 * behind it (the last hour of 1-minute samples), where each service in each cell
 * stands, open and recent incidents, and what failures and retries cost.
 */
export const GET = apiRoute({
  permission: "dashboard:read",
  params: applicationParams,
  resolve: resolveApplication,
  handler: async ({ object: app, db }) => {
    const view = await getOverloadView(db, app.id);
    return {
      application: { id: app.slug, name: app.name },
      state: view.state,
      evaluatedAt: view.now.toISOString(),
      dataUntil: view.dataUntil?.toISOString() ?? null,
      thresholds: view.thresholds,
      signals: view.signals.map((s) => ({
        kind: s.kind,
        service: s.service,
        cell: s.cell || null,
        state: s.state,
        reason: s.reason,
        value: s.value,
        threshold: s.threshold,
        points: s.points.map(({ ts, ...rest }) => ({ ts: ts.toISOString(), ...rest })),
      })),
      services: view.statuses.map((s) => ({ service: s.service, cell: s.cell || null, state: s.state, reason: s.reason })),
      errorRates: view.heatmap.map((h) => ({ service: h.service, cell: h.cell || null, requests: h.requests, rate5xx: rate(h.rate5xx), rate4xx: rate(h.rate4xx) })),
      queues: view.queues.map((q) => ({
        service: q.service,
        cell: q.cell || null,
        state: q.state,
        reason: q.reason,
        oldestMessageAgeSeconds: q.ageSeconds,
        depth: q.depth,
        arrivalPerMinute: Math.round(q.arrivalPerMin * 100) / 100,
        drainPerMinute: Math.round(q.drainPerMin * 100) / 100,
        catchUpSeconds: q.catchUpSeconds === null ? null : Math.round(q.catchUpSeconds),
        fallingBehind: q.fallingBehind,
      })),
      incidents: view.incidents.map((i) => ({
        id: i.id,
        service: i.service,
        cell: i.cell || null,
        signal: i.signal,
        state: i.state,
        startedAt: i.startedAt.toISOString(),
        recoveringSince: i.recoveringSince?.toISOString() ?? null,
        resolvedAt: i.resolvedAt?.toISOString() ?? null,
        reason: i.reason,
        peakReason: i.peakReason,
      })),
      wastedSpend: view.wasted.map((w) => ({
        service: w.service,
        cell: w.cell || null,
        date: w.day,
        failedRequests: w.failedRequests,
        retries: w.retries,
        failuresUsd: usd(w.failuresMicroUsd),
        retriesUsd: usd(w.retriesMicroUsd),
      })),
    };
  },
});
