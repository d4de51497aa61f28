// Anomalies from episodes (lib/domain/anomalies.ts), one per cause. Per scope (an
// application or a service), episodes of different figures that overlap are one
// anomaly, named by the figure that says most (cost per request, then per business
// unit, then daily cost: a rise in requests is not a dearer request). An application's
// anomaly that one of its services' anomalies explains (half its excess or more) is
// folded into that service's, as context, so one cause alerts once.
import { episodesOf, judgeSeries, SHIFT_DAYS, type AnomalyFigure, type AnomalyThresholds, type Episode, type Judgement, type SeriesPoint } from "./anomalies";
import { daysBetween, type Day, type DayRange } from "./day";

/** Which figure names an anomaly when several move together: the lowest index wins. */
export const FIGURE_PRIORITY: readonly AnomalyFigure[] = ["cost_per_million", "cost_per_unit", "cost"];

export interface ScopeInput {
  /** "application:3" or "service:12". */
  scope: string;
  serviceId: number | null;
  series: { figure: AnomalyFigure; points: SeriesPoint[] }[];
  /** Days people marked expected for this scope: left out of every baseline. */
  excluded: DayRange[];
}

export interface Context {
  scope: string;
  figure: AnomalyFigure;
  value: number;
  expected: number;
}

export interface DetectedAnomaly {
  scope: string;
  serviceId: number | null;
  figure: AnomalyFigure;
  kind: "spike" | "shift";
  startDay: Day;
  openedDay: Day;
  lastDay: Day;
  closedDay: Day | null;
  latest: Judgement;
  peak: Judgement;
  /** Other figures of the same scope that moved with it, and the application's figures it explains. */
  related: Context[];
  /** The figure's last days against its expected band, for a sparkline. */
  trail: Judgement[];
}

const TRAIL_DAYS = 42;
const overlaps = (a: { openedDay: Day; closedDay: Day | null }, b: { openedDay: Day; closedDay: Day | null }) =>
  a.openedDay < (b.closedDay ?? "9999-12-31") && b.openedDay < (a.closedDay ?? "9999-12-31");

function detectScope(input: ScopeInput, thresholds: AnomalyThresholds): DetectedAnomaly[] {
  const judged = new Map(input.series.map((s) => [s.figure, judgeSeries(s.points, thresholds, input.excluded)]));
  const episodes = input.series.flatMap((s) => episodesOf(judged.get(s.figure) ?? [], s.figure, thresholds)).sort((a, b) => (a.openedDay < b.openedDay ? -1 : a.openedDay > b.openedDay ? 1 : 0));
  // Overlapping episodes of different figures are one anomaly.
  const groups: Episode[][] = [];
  for (const e of episodes) {
    const group = groups.find((g) => g.some((o) => o.figure !== e.figure && overlaps(o, e)) && !g.some((o) => o.figure === e.figure));
    if (group) group.push(e);
    else groups.push([e]);
  }
  return groups.map((group) => {
    const primary = [...group].sort((a, b) => FIGURE_PRIORITY.indexOf(a.figure) - FIGURE_PRIORITY.indexOf(b.figure))[0] as Episode;
    const open = group.some((e) => e.closedDay === null);
    const closedDay = open ? null : group.map((e) => e.closedDay as Day).sort().at(-1) as Day;
    // Dated by the figure that names it: a dearer request began when the request got dearer.
    const startDay = primary.startDay;
    const openedDay = group.map((e) => e.openedDay).sort()[0] as Day;
    const lastDay = group.map((e) => e.lastDay).sort().at(-1) as Day;
    const judgements = judged.get(primary.figure) ?? [];
    const end = judgements.findIndex((j) => j.day === (closedDay ?? judgements.at(-1)?.day));
    const trail = judgements.slice(Math.max(0, end + 1 - TRAIL_DAYS), end + 1);
    return {
      scope: input.scope,
      serviceId: input.serviceId,
      figure: primary.figure,
      kind: daysBetween(openedDay, lastDay) + 1 >= SHIFT_DAYS ? "shift" : "spike",
      startDay,
      openedDay,
      lastDay,
      closedDay,
      latest: primary.latest,
      peak: primary.peak,
      related: group.filter((e) => e !== primary).map((e) => ({ scope: input.scope, figure: e.figure, value: e.latest.value, expected: e.latest.expected ?? 0 })),
      trail,
    };
  });
}

/**
 * Anomalies of one application: its own figures and its services', judged with its
 * thresholds; what a service explains is folded into the service's anomaly.
 */
export function detectApplicationAnomalies(app: ScopeInput, services: readonly ScopeInput[], thresholds: AnomalyThresholds): DetectedAnomaly[] {
  const own = detectScope(app, thresholds);
  const ofServices = services.flatMap((s) => detectScope(s, thresholds));
  const kept: DetectedAnomaly[] = [];
  for (const a of own) {
    const excess = a.latest.excessUsd ?? 0;
    const cause = ofServices
      .filter((s) => overlaps(s, a) && (s.latest.excessUsd ?? 0) >= excess / 2)
      .sort((x, y) => (y.latest.excessUsd ?? 0) - (x.latest.excessUsd ?? 0))[0];
    if (cause) {
      for (const r of [{ scope: a.scope, figure: a.figure, value: a.latest.value, expected: a.latest.expected ?? 0 }, ...a.related]) {
        if (!cause.related.some((o) => o.scope === r.scope && o.figure === r.figure)) cause.related.push(r);
      }
      continue;
    }
    kept.push(a);
  }
  return [...kept, ...ofServices].sort((a, b) => (a.openedDay < b.openedDay ? -1 : a.openedDay > b.openedDay ? 1 : a.scope.localeCompare(b.scope)));
}

/** A stored anomaly and a detected one are the same when they are of one scope and opened the same day or overlap. */
export function sameAnomaly(stored: { scope: string; openedDay: Day; closedDay: Day | null }, detected: { scope: string; openedDay: Day; closedDay: Day | null }): boolean {
  return stored.scope === detected.scope && (stored.openedDay === detected.openedDay || overlaps(stored, detected));
}
