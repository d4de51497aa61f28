// What the overload page and GET /api/v1/applications/{id}/overload show: the
// signals with the points behind them, a cell × service view of 5XX, the queues,
// latency against throughput, the incidents, and what failures cost.
import type { Db } from "../db/client";
import type { Sample } from "../domain/samples";
import { baselineOf } from "../domain/baseline";
import { queueFlow, windowErrors, type CellSeries, type QueueFlow, type Signal, type SignalKind, type Thresholds } from "../domain/signals";
import { DEFAULT_THRESHOLDS } from "../domain/signals";
import { overloadState, wastedSpend, type OverloadState, type ServiceCellStatus, type WastedSpend } from "./overload";

export type SignalPoint = { ts: Date } & Record<string, number | null | Date>;

export interface SignalWithPoints extends Signal {
  points: SignalPoint[];
}

export interface HeatCell {
  service: string;
  cell: string;
  requests: number;
  rate5xx: number | null;
  rate4xx: number | null;
  state: ServiceCellStatus["state"];
}

export interface QueueRow {
  service: string;
  cell: string;
  ageSeconds: number;
  depth: number;
  arrivalPerMin: number;
  drainPerMin: number;
  /** null when the queue is not catching up (drain ≤ arrival) or is empty. */
  catchUpSeconds: number | null;
  fallingBehind: boolean;
  state: Signal["state"];
  reason: string;
  ages: { ts: Date; ageSeconds: number }[];
}

/** 1-minute points for the last 3 hours, 5-minute points before, back 2 days. */
export interface LatencySeries {
  service: string;
  cell: string;
  baselineP99Ms: number | null;
  points: { ts: Date; p99Ms: number | null; requestsPerMin: number }[];
}

export interface IncidentView {
  id: number;
  service: string;
  cell: string;
  signal: SignalKind;
  state: "overloaded" | "recovering" | "resolved";
  startedAt: Date;
  recoveringSince: Date | null;
  resolvedAt: Date | null;
  reason: string;
  peakReason: string;
}

export interface OverloadView {
  state: OverloadState["state"];
  now: Date;
  dataUntil: Date | null;
  thresholds: Thresholds;
  customThresholds: boolean;
  cells: string[];
  services: string[];
  statuses: ServiceCellStatus[];
  signals: SignalWithPoints[];
  heatmap: HeatCell[];
  queues: QueueRow[];
  incidents: IncidentView[];
  wasted: WastedSpend[];
  /** The services and cells the latency chart can show. */
  latency: { service: string; cell: string }[];
  /** One of them drawn: its 2 days of points are made for the one shown, not for every series. */
  latencyOf: (service: string, cell: string) => LatencySeries | null;
}

const POINT_MINUTES = 60;

function recentMinutes(s: CellSeries, now: Date, minutes: number): Sample[] {
  return s.minutes.filter((m) => m.ts.getTime() >= now.getTime() - minutes * 60_000);
}

/** 5-minute samples up to where the 1-minute ones start, then the 1-minute ones: 2 days, finest at the end. */
function timeline(s: CellSeries): Sample[] {
  const firstMinute = s.minutes[0]?.ts.getTime() ?? Infinity;
  return [...s.fives.filter((f) => f.ts.getTime() + f.periodSeconds * 1000 <= firstMinute), ...s.minutes];
}

/** The samples a signal judged, and the hour before, as plain points. */
function pointsFor(signal: Signal, s: CellSeries | undefined, now: Date): SignalPoint[] {
  if (!s) return [];
  const list = recentMinutes(s, now, POINT_MINUTES);
  switch (signal.kind) {
    case "queue":
      return list.map((m) => ({ ts: m.ts, ageSeconds: m.queueAgeSeconds, depth: m.queueDepth, sent: m.queueSent, deleted: m.queueDeleted }));
    case "errors":
      return list.map((m) => ({ ts: m.ts, requests: m.requests, count5xx: m.count5xx, count4xx: m.count4xx }));
    case "hidden_queue":
      return list.map((m) => ({ ts: m.ts, latencyP99Ms: m.latencyP99Ms, requests: m.requests }));
    case "collapse":
      return list.map((m) => ({ ts: m.ts, requests: m.requests, goodput: m.requests - m.count5xx }));
    case "retries":
      return list.map((m) => ({ ts: m.ts, requests: m.requests, retries: m.retries }));
    case "throttles":
      return list.map((m) => ({ ts: m.ts, requests: m.requests, throttles: m.throttles }));
  }
}

export async function getOverloadView(db: Db, applicationId: number, now = new Date()): Promise<OverloadView> {
  const [state, incidents] = await Promise.all([
    overloadState(db, applicationId, now),
    db.incident.findMany({
      where: { applicationId, OR: [{ state: { in: ["overloaded", "recovering"] } }, { resolvedAt: { gte: new Date(now.getTime() - 48 * 3600_000) } }] },
      include: { service: { select: { name: true } } },
      orderBy: { startedAt: "desc" },
      take: 100,
    }),
  ]);
  const t = state.thresholds;
  const find = (service: string, cell: string) => state.series.find((s) => s.service === service && s.cell === cell);

  const heatmap: HeatCell[] = state.series.map((s) => {
    const { requests, count4xx, count5xx } = windowErrors(s, now, t);
    return {
      service: s.service,
      cell: s.cell,
      requests,
      rate5xx: requests > 0 ? count5xx / requests : null,
      rate4xx: requests > 0 ? count4xx / requests : null,
      state: state.statuses.find((x) => x.service === s.service && x.cell === s.cell)?.state ?? "ok",
    };
  });

  const queues: QueueRow[] = state.signals
    .filter((g) => g.kind === "queue")
    .map((g) => {
      const s = find(g.service, g.cell) as CellSeries;
      // The figures the queue signal judged (it exists, so the queue published in the window).
      const flow = queueFlow(s, now, t) as QueueFlow;
      return {
        service: g.service,
        cell: g.cell,
        ageSeconds: flow.ageSeconds,
        depth: flow.depth,
        arrivalPerMin: flow.arrivalPerMin,
        drainPerMin: flow.drainPerMin,
        catchUpSeconds: flow.catchUpSeconds,
        // Draining exactly what arrives with young messages is a queue keeping pace, not one falling behind.
        fallingBehind: flow.behind && g.state !== "ok",
        state: g.state,
        reason: g.reason,
        ages: timeline(s)
          .filter((m) => m.queueAgeSeconds !== null)
          .map((m) => ({ ts: m.ts, ageSeconds: m.queueAgeSeconds as number })),
      };
    });

  const latencyOf = (service: string, cell: string): LatencySeries | null => {
    const s = find(service, cell);
    if (!s) return null;
    return {
      service,
      cell,
      baselineP99Ms: baselineOf(s, now, t).p99Ms,
      points: timeline(s).map((m) => ({ ts: m.ts, p99Ms: m.latencyP99Ms, requestsPerMin: m.requests / (m.periodSeconds / 60) })),
    };
  };

  return {
    state: state.state,
    now,
    dataUntil: state.dataUntil,
    thresholds: t,
    customThresholds: JSON.stringify(t) !== JSON.stringify(DEFAULT_THRESHOLDS) && state.thresholdsStored,
    cells: [...new Set(state.series.map((s) => s.cell))].sort(),
    services: [...new Set(state.series.map((s) => s.service))].sort(),
    statuses: state.statuses,
    signals: state.signals.map((g) => ({ ...g, points: pointsFor(g, find(g.service, g.cell), now) })),
    heatmap,
    queues,
    incidents: incidents.map((i) => ({
      id: i.id,
      service: i.service.name,
      cell: i.cell,
      signal: i.signal as SignalKind,
      state: i.state as IncidentView["state"],
      startedAt: i.startedAt,
      recoveringSince: i.recoveringSince,
      resolvedAt: i.resolvedAt,
      reason: i.reason,
      peakReason: i.peakReason,
    })),
    wasted: await wastedSpend(db, applicationId, state.series, now),
    latency: state.series.map((s) => ({ service: s.service, cell: s.cell })),
    latencyOf,
  };
}
