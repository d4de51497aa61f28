// Shedding low-tier work when a service is overloaded: throttle the highest-tier
// features that use it, in the affected cell only (OFREP context `cell`), a step at
// a time (half, then off); never tier 1. When the cell has recovered, propose
// giving back what was shed there. Pure: the signals and switches come in.
import { cellPosition, OFF, ON, servedFraction, type SwitchPosition } from "./switches";

export interface ShedFeature {
  id: number;
  key: string;
  name: string;
  tier: number;
  services: readonly string[];
  position: SwitchPosition;
  /** Cells where the feature already serves less than everywhere else. */
  cellPositions: Readonly<Record<string, SwitchPosition>>;
  /** When the feature's switch last moved (anywhere), for the cool-down. */
  lastChangedAt: Date | null;
}

export interface ServiceCellState {
  service: string;
  cell: string;
  state: "ok" | "warning" | "overloaded" | "recovering";
  /** The worst signal's reason, for the proposal. */
  reason: string;
}

export interface ShedPlan {
  featureId: number;
  action: "throttle" | "restore";
  /** The cell; null for a service that runs without cells. */
  cell: string | null;
  from: SwitchPosition;
  to: SwitchPosition;
  /** The overloaded services that call for it, with their reasons. */
  because: { service: string; reason: string }[];
}

/** What the overloaded services showed, each a sentence starting with its name: "recommendations 5XX 7.1 % of …". */
export function becauseText(because: ShedPlan["because"]): string {
  return because.map((b) => `${b.service} ${b.reason.charAt(0).toLowerCase()}${b.reason.slice(1)}`).join(" ");
}

const MIN_TIER_SHED = 2;
const HALF: SwitchPosition = { state: "throttled", throttlePercent: 50 };

/** The next step down from a position: half the traffic, then nothing. */
function stepDown(p: SwitchPosition): SwitchPosition | null {
  const served = servedFraction(p);
  if (served <= 0) return null;
  return served > 0.5 ? HALF : OFF;
}

export function planLoadShedding(input: { states: readonly ServiceCellState[]; features: readonly ShedFeature[]; now: Date; cooldownMs: number }): ShedPlan[] {
  const { states, features, now, cooldownMs } = input;
  const coolingDown = (f: ShedFeature) => f.lastChangedAt !== null && now.getTime() - f.lastChangedAt.getTime() < cooldownMs;
  const positionIn = (f: ShedFeature, cell: string | null) => (cell !== null ? cellPosition(f.cellPositions, cell) : undefined) ?? f.position;
  const plans = new Map<string, ShedPlan>();

  for (const overloaded of states.filter((s) => s.state === "overloaded")) {
    const users = features.filter((f) => f.tier >= MIN_TIER_SHED && f.services.includes(overloaded.service) && servedFraction(positionIn(f, overloaded.cell || null)) > 0);
    if (users.length === 0) continue;
    // The least important work first: only the highest tier among the features that still serve.
    const highest = Math.max(...users.map((f) => f.tier));
    for (const f of users.filter((u) => u.tier === highest)) {
      if (coolingDown(f)) continue;
      const cell = overloaded.cell || null;
      const from = positionIn(f, cell);
      const to = stepDown(from);
      if (!to) continue;
      const key = `${f.id}\u0000${cell}`;
      const existing = plans.get(key);
      if (existing) existing.because.push({ service: overloaded.service, reason: overloaded.reason });
      else plans.set(key, { featureId: f.id, action: "throttle", cell, from, to, because: [{ service: overloaded.service, reason: overloaded.reason }] });
    }
  }

  // Give back what was shed in a cell once every service the feature uses is well there again.
  for (const f of features) {
    for (const [cell, position] of Object.entries(f.cellPositions)) {
      if (servedFraction(position) >= servedFraction(f.position) || coolingDown(f)) continue;
      const there = states.filter((s) => s.cell === cell && f.services.includes(s.service));
      if (there.some((s) => s.state !== "ok")) continue;
      plans.set(`${f.id}\u0000${cell}`, { featureId: f.id, action: "restore", cell, from: position, to: f.position.state === "on" ? ON : f.position, because: [] });
    }
  }
  return [...plans.values()];
}
