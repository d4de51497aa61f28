// Where a kill switch stands: on, throttled to a share of traffic, or off.

export const SWITCH_STATES = ["on", "throttled", "off"] as const;
export type SwitchState = (typeof SWITCH_STATES)[number];

export interface SwitchPosition {
  state: SwitchState;
  /** Share of traffic still served while throttled, 0-100; null otherwise. */
  throttlePercent: number | null;
}

export const ON: SwitchPosition = { state: "on", throttlePercent: null };
export const OFF: SwitchPosition = { state: "off", throttlePercent: null };

/** A flag key as services ask for it: e.g. recommendations.enabled */
export const FLAG_KEY = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** Share of the feature's full traffic served, 0..1. */
export function servedFraction(p: SwitchPosition): number {
  if (p.state === "on") return 1;
  if (p.state === "off") return 0;
  return Math.min(100, Math.max(0, p.throttlePercent ?? 0)) / 100;
}

/** A served share as a position: 100 % is on, 0 % is off. */
export function positionServing(percent: number): SwitchPosition {
  if (percent >= 100) return ON;
  if (percent <= 0) return OFF;
  return { state: "throttled", throttlePercent: Math.round(percent) };
}

export function samePosition(a: SwitchPosition, b: SwitchPosition): boolean {
  return a.state === b.state && (a.state !== "throttled" || a.throttlePercent === b.throttlePercent);
}

export function describePosition(p: SwitchPosition): string {
  return p.state === "throttled" ? `throttled to ${p.throttlePercent}\u00a0%` : p.state;
}

/** A cell's own position, if it has one (own properties only: "constructor" is just an unknown cell). */
export function cellPosition(cells: Readonly<Record<string, SwitchPosition>>, cell: string): SwitchPosition | undefined {
  return Object.hasOwn(cells, cell) ? cells[cell] : undefined;
}

/** A cell name as services send it in the OFREP context and owners pick it: letters, digits, '.', '_' and '-', starting with a letter or digit. */
export const CELL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Reads stored per-cell positions ({ "cell-b": { state, throttlePercent } }), keeping only well-formed entries. */
export function parseCellPositions(value: unknown): Record<string, SwitchPosition> {
  const out: Record<string, SwitchPosition> = {};
  if (!value || typeof value !== "object" || Array.isArray(value)) return out;
  for (const [cell, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!raw || typeof raw !== "object" || !CELL_NAME.test(cell)) continue;
    const { state, throttlePercent } = raw as { state?: unknown; throttlePercent?: unknown };
    if (state === "on" || state === "off") out[cell] = { state, throttlePercent: null };
    else if (state === "throttled" && typeof throttlePercent === "number") out[cell] = { state, throttlePercent };
  }
  return out;
}

/**
 * The share of its full traffic a feature served on average over [start, end),
 * walking back from where it stands now through its changes (newest first, each
 * with the position it left).
 */
export function averageServed(now: SwitchPosition, changesNewestFirst: readonly { at: number; from: SwitchPosition }[], start: number, end: number): number {
  if (end <= start) return servedFraction(now);
  let position = now;
  let cursor = end;
  let total = 0;
  for (const change of changesNewestFirst) {
    if (change.at >= end) {
      position = change.from;
      continue;
    }
    if (change.at <= start) break;
    total += servedFraction(position) * (cursor - change.at);
    cursor = change.at;
    position = change.from;
  }
  total += servedFraction(position) * (cursor - start);
  return total / (end - start);
}
