// How a kill switch answers one OFREP evaluation. Pure: the OFREP handler feeds it
// the switch from its in-memory snapshot and the caller's evaluation context.
import { cellPosition, servedFraction, type SwitchPosition } from "./switches";

export interface FlagState extends SwitchPosition {
  key: string;
  tier: number;
  /** Positions for single cells (load shedding confined to a cell); one applies only where it serves less than the flag's own. */
  cells?: Readonly<Record<string, SwitchPosition>>;
}

export interface EvaluationContext {
  targetingKey?: string;
  cell?: string;
  [attribute: string]: unknown;
}

export type FlagReason = "STATIC" | "DISABLED" | "SPLIT" | "TARGETING_MATCH";

export type FlagEvaluation =
  | { key: string; value: boolean; reason: FlagReason; variant: "on" | "off" | "served" | "shed"; metadata: Record<string, string | number | boolean> }
  | { key: string; errorCode: "TARGETING_KEY_MISSING"; errorDetails: string };

/** Buckets per flag: 10,000 gives throttle steps of 0.01 %. */
const BUCKETS = 10_000;

/**
 * A caller's bucket for a flag, 0..9999: the same targeting key always lands in the
 * same bucket, so a throttled feature serves the same users from one request to the
 * next, and raising the share only adds users (bucket < share, a growing prefix).
 */
export function bucketOf(flagKey: string, targetingKey: string): number {
  // FNV-1a over flagKey, a NUL, targetingKey (without building the joined string),
  // then a final avalanche (murmur3 fmix32) so that similar keys spread out.
  let h = 0x811c9dc5;
  for (let i = 0; i < flagKey.length; i++) {
    h ^= flagKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h = Math.imul(h, 0x01000193); // the NUL separator
  for (let i = 0; i < targetingKey.length; i++) {
    h ^= targetingKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % BUCKETS;
}

/**
 * What an evaluation comes to, before the answer is written: which position applies
 * (the flag's, or its cell's), and for a throttled one whether this caller is served.
 * Few outcomes per flag: the OFREP handler caches the written answer per outcome.
 */
export interface Decision {
  position: SwitchPosition;
  /** The cell whose override applied; null when the flag's own position did. */
  cell: string | null;
  /** For a throttled position: whether this targeting key is served; null otherwise or without a key. */
  served: boolean | null;
}

export function decide(flag: FlagState, context: EvaluationContext): Decision {
  // Own properties only: a cell called "constructor" or "__proto__" is just an unknown cell.
  const candidate = typeof context.cell === "string" && flag.cells ? cellPosition(flag.cells, context.cell) : undefined;
  // A cell can only shed more: turning the whole feature off also turns it off in a shed cell.
  const override = candidate && servedFraction(candidate) < servedFraction(flag) ? candidate : undefined;
  const position = override ?? flag;
  const cell = override ? (context.cell as string) : null;
  if (position.state !== "throttled" || typeof context.targetingKey !== "string" || context.targetingKey === "") return { position, cell, served: null };
  return { position, cell, served: bucketOf(flag.key, context.targetingKey) < servedFraction(position) * BUCKETS };
}

/** A short name for a decision's outcome, unique per flag: the cache key of its answer. */
export function outcomeOf(decision: Decision): string {
  const variant = decision.position.state === "throttled" ? (decision.served === null ? "nokey" : decision.served ? "served" : "shed") : decision.position.state;
  return decision.cell === null ? variant : `${decision.cell}\u0000${variant}`;
}

export function answerFor(flag: FlagState, decision: Decision): FlagEvaluation {
  const { position, cell } = decision;
  const metadata: Record<string, string | number | boolean> = { tier: flag.tier, state: position.state };
  if (position.state === "throttled") metadata.throttlePercent = position.throttlePercent ?? 0;
  if (cell !== null) metadata.cell = cell;
  if (position.state === "on") return { key: flag.key, value: true, reason: cell ? "TARGETING_MATCH" : "STATIC", variant: "on", metadata };
  if (position.state === "off") return { key: flag.key, value: false, reason: cell ? "TARGETING_MATCH" : "DISABLED", variant: "off", metadata };
  if (decision.served === null) {
    return { key: flag.key, errorCode: "TARGETING_KEY_MISSING", errorDetails: `'${flag.key}' serves ${position.throttlePercent ?? 0} % of traffic; send a targetingKey (a user or session id) to be placed in or out.` };
  }
  return { key: flag.key, value: decision.served, reason: "SPLIT", variant: decision.served ? "served" : "shed", metadata };
}

export function evaluateFlag(flag: FlagState, context: EvaluationContext): FlagEvaluation {
  return answerFor(flag, decide(flag, context));
}
