// The evaluator: given a day of cost and traffic, the features and the limits,
// which limits are breached and which switches to throttle, from the highest tier
// number upwards, until the projected cost is under the limit. Tier 1 is never
// proposed. Projections assume a feature's cost falls in step with the traffic it
// stops serving. Also proposes restoring what cost proposals throttled, once the
// cool-down has passed and the cost would stay under the limit by a margin.
import { adjust, levelOf, measure, type CostLimitDef, type Level, type ScopeFigures } from "./limits";
import { ON, positionServing, servedFraction, type SwitchPosition } from "./switches";

export interface FeatureInput {
  id: number;
  key: string;
  tier: number;
  position: SwitchPosition;
  services: readonly string[];
  /** Share of the application's revenue that depends on the feature, 0..1; null when not known. */
  revenueShare: number | null;
  /**
   * Share of its full traffic the feature served, on average, over the days the cost
   * was measured on (0..1). Cost data lags switches by up to a week: a feature
   * throttled yesterday still shows its full cost. Absent: its position now.
   */
  measuredServed?: number;
}

export interface Usage {
  costMicroUsd: number;
  requests: number;
}

export interface ServiceUsage extends Usage {
  name: string;
}

export interface LastChange {
  at: Date;
  source: "manual" | "proposal" | "automation";
  /** The feature's cost and requests before a proposal throttled it: what a restore brings back. */
  fullUsage: Usage | null;
}

export interface ProposalPolicy {
  /** Apply without a person for tiers at or above this (never tier 1); null = never. */
  autoApplyFromTier: number | null;
  cooldownMs: number;
  /** Restore only when every limit stays under breach × (1 - margin). */
  restoreMargin: number;
}

export interface EvaluationInput {
  now: Date;
  features: readonly FeatureInput[];
  services: readonly ServiceUsage[];
  application: Omit<ScopeFigures, "units"> & { units: ReadonlyMap<number, number>; revenueMicroUsd: number | null };
  limits: readonly CostLimitDef[];
  lastChanges: ReadonlyMap<number, LastChange>;
  policy: ProposalPolicy;
}

export interface LimitStatus {
  limitId: number;
  level: Level;
  value: number | null;
  /** How far over the breach level, micro-dollars (0 when under). */
  overshoot: number;
  /** Whether the proposed throttles bring it back under its breach level. */
  resolvable: boolean;
}

export interface SwitchPlan {
  featureId: number;
  action: "throttle" | "restore";
  from: SwitchPosition;
  to: SwitchPosition;
  limitIds: number[];
  /** Cost a day the change saves (negative for a restore: what it costs again). */
  savingMicroUsd: number;
  /** Requests a day no longer served (negative for a restore). */
  requestsAtRisk: number;
  /** Revenue a day that depends on the traffic no longer served; null unless both the revenue and the feature's share of it are known. */
  revenueAtRiskMicroUsd: number | null;
  /** The limits' values once the change is made. */
  projected: { limitId: number; value: number | null }[];
  autoApply: boolean;
  /** Why it is not applied automatically, when it is not. */
  manualBecause: string | null;
}

/** Percent steps tried when throttling: the most traffic that still fixes the breach is proposed. */
const STEP = 10;
const MIN_TIER_PROPOSED = 2;

/** What each feature costs and serves: its services' usage, shared evenly with other features on the same service. */
export function featureUsage(features: readonly FeatureInput[], services: readonly ServiceUsage[]): Map<number, Usage> {
  const users = new Map<string, number>();
  for (const f of features) for (const s of new Set(f.services)) users.set(s, (users.get(s) ?? 0) + 1);
  const byName = new Map(services.map((s) => [s.name, s]));
  return new Map(
    features.map((f) => {
      const usage = { costMicroUsd: 0, requests: 0 };
      for (const name of new Set(f.services)) {
        const s = byName.get(name);
        const n = users.get(name) ?? 1;
        if (!s) continue;
        usage.costMicroUsd += s.costMicroUsd / n;
        usage.requests += s.requests / n;
      }
      return [f.id, usage];
    }),
  );
}

/**
 * The measured week, corrected to where the switches stand now: a feature whose
 * position changed since is counted at its full usage times the share it serves
 * now, and the application's figures move by the difference. Without this, a
 * throttle applied this morning would look as if it had done nothing until the
 * data caught up, and the evaluator would ask for more throttling at every sync.
 */
export function currentUsage(input: EvaluationInput): { usage: Map<number, Usage>; full: Map<number, Usage | null>; application: EvaluationInput["application"] } {
  const measured = featureUsage(input.features, input.services);
  const usage = new Map<number, Usage>();
  const full = new Map<number, Usage | null>();
  let application = input.application;
  for (const f of input.features) {
    const u = measured.get(f.id) ?? { costMicroUsd: 0, requests: 0 };
    const served = servedFraction(f.position);
    const m = f.measuredServed ?? served;
    const fullUsage = m > 0 ? { costMicroUsd: u.costMicroUsd / m, requests: u.requests / m } : (input.lastChanges.get(f.id)?.fullUsage ?? null);
    full.set(f.id, fullUsage);
    if (Math.abs(m - served) < 1e-9 || !fullUsage) {
      usage.set(f.id, u);
      continue;
    }
    const now = { costMicroUsd: fullUsage.costMicroUsd * served, requests: fullUsage.requests * served };
    usage.set(f.id, now);
    application = { ...application, ...adjust({ ...application, units: null }, { costMicroUsd: u.costMicroUsd - now.costMicroUsd, requests: u.requests - now.requests }), units: application.units };
  }
  return { usage, full, application };
}

function scopeFigures(limit: CostLimitDef, input: EvaluationInput, usage: Map<number, Usage>): ScopeFigures {
  const app = input.application;
  const units = limit.metricId !== null ? (app.units.get(limit.metricId) ?? null) : null;
  if (limit.featureId === null) return { ...app, units };
  const u = usage.get(limit.featureId) ?? { costMicroUsd: 0, requests: 0 };
  // A feature's month follows its share of the application's day.
  const share = app.costMicroUsd > 0 ? u.costMicroUsd / app.costMicroUsd : 0;
  return { costMicroUsd: u.costMicroUsd, requests: u.requests, units, monthToDateMicroUsd: app.monthToDateMicroUsd * share, restOfMonthMicroUsd: app.restOfMonthMicroUsd * share };
}

/** The cost and requests of a feature's current usage that a move from `from` to `to` takes away. */
function deltaFor(u: Usage, from: SwitchPosition, to: SwitchPosition): Usage {
  const s0 = servedFraction(from);
  const s1 = servedFraction(to);
  if (s0 <= 0) return { costMicroUsd: 0, requests: 0 };
  const removed = 1 - s1 / s0;
  return { costMicroUsd: u.costMicroUsd * removed, requests: u.requests * removed };
}

interface Step {
  featureId: number;
  to: SwitchPosition;
  limitId: number;
}

/** Throttles, highest tier first, until the limit's projected value is under its breach level. */
function planFor(limit: CostLimitDef, input: EvaluationInput, usage: Map<number, Usage>): { steps: Step[]; resolvable: boolean } {
  let figures = scopeFigures(limit, input, usage);
  const over = (f: ScopeFigures) => {
    const v = measure(limit.kind, f);
    return v !== null && v >= limit.breachMicroUsd;
  };
  const candidates = input.features
    .filter((f) => (limit.featureId === null || f.id === limit.featureId) && f.tier >= MIN_TIER_PROPOSED && f.position.state !== "off")
    .sort((a, b) => b.tier - a.tier || (usage.get(b.id)?.costMicroUsd ?? 0) - (usage.get(a.id)?.costMicroUsd ?? 0) || a.key.localeCompare(b.key));
  const steps: Step[] = [];
  for (const f of candidates) {
    if (!over(figures)) break;
    const u = usage.get(f.id) ?? { costMicroUsd: 0, requests: 0 };
    const servedNow = Math.round(servedFraction(f.position) * 100);
    let fixedAt: SwitchPosition | null = null;
    for (let percent = Math.ceil(servedNow / STEP) * STEP - STEP; percent >= 0; percent -= STEP) {
      const to = positionServing(percent);
      if (!over(adjust(figures, deltaFor(u, f.position, to)))) {
        fixedAt = to;
        break;
      }
    }
    const to = fixedAt ?? positionServing(0);
    const before = measure(limit.kind, figures);
    const after = measure(limit.kind, adjust(figures, deltaFor(u, f.position, to)));
    // A feature cheaper per request than the rest makes a ratio worse when throttled: leave it.
    if (fixedAt === null && (after === null || before === null || after >= before)) continue;
    steps.push({ featureId: f.id, to, limitId: limit.id });
    figures = adjust(figures, deltaFor(u, f.position, to));
  }
  return { steps, resolvable: !over(figures) };
}

function automation(feature: FeatureInput, input: EvaluationInput): { autoApply: boolean; manualBecause: string | null } {
  const { policy, now } = input;
  if (policy.autoApplyFromTier === null) return { autoApply: false, manualBecause: "automatic apply is off for this application" };
  const fromTier = Math.max(MIN_TIER_PROPOSED, policy.autoApplyFromTier);
  if (feature.tier < fromTier) return { autoApply: false, manualBecause: `automatic apply covers tier ${fromTier} and above` };
  const last = input.lastChanges.get(feature.id);
  if (last && now.getTime() - last.at.getTime() < policy.cooldownMs) {
    return { autoApply: false, manualBecause: `changed ${Math.round((now.getTime() - last.at.getTime()) / 60_000)} min ago; the cool-down is ${Math.round(policy.cooldownMs / 60_000)} min` };
  }
  return { autoApply: true, manualBecause: null };
}

function projectedAll(input: EvaluationInput, usage: Map<number, Usage>, featureId: number, delta: Usage, limits: readonly CostLimitDef[]) {
  return limits.map((l) => {
    const applies = l.featureId === null || l.featureId === featureId;
    const figures = scopeFigures(l, input, usage);
    return { limitId: l.id, value: measure(l.kind, applies ? adjust(figures, delta) : figures) };
  });
}

function revenueAtRisk(input: EvaluationInput, feature: FeatureInput, to: SwitchPosition): number | null {
  const revenue = input.application.revenueMicroUsd;
  if (revenue === null || feature.revenueShare === null) return null;
  return Math.round(revenue * feature.revenueShare * Math.max(0, servedFraction(feature.position) - servedFraction(to)));
}

export function evaluate(measured: EvaluationInput): { statuses: LimitStatus[]; plans: SwitchPlan[] } {
  const current = currentUsage(measured);
  const input = { ...measured, application: current.application };
  const usage = current.usage;
  const featureById = new Map(input.features.map((f) => [f.id, f]));
  const statuses: LimitStatus[] = [];
  const steps: Step[] = [];
  for (const limit of input.limits) {
    const value = measure(limit.kind, scopeFigures(limit, input, usage));
    const level = levelOf(value, limit);
    const plan = level === "breach" ? planFor(limit, input, usage) : { steps: [], resolvable: true };
    steps.push(...plan.steps);
    statuses.push({ limitId: limit.id, level, value, overshoot: value === null ? 0 : Math.max(0, value - limit.breachMicroUsd), resolvable: plan.resolvable });
  }

  // Several limits may want the same switch: the most restrictive wins.
  const merged = new Map<number, { to: SwitchPosition; limitIds: number[] }>();
  for (const step of steps) {
    const current = merged.get(step.featureId);
    if (!current) merged.set(step.featureId, { to: step.to, limitIds: [step.limitId] });
    else {
      if (servedFraction(step.to) < servedFraction(current.to)) current.to = step.to;
      if (!current.limitIds.includes(step.limitId)) current.limitIds.push(step.limitId);
    }
  }
  const plans: SwitchPlan[] = [...merged].map(([featureId, { to, limitIds }]) => {
    const f = featureById.get(featureId) as FeatureInput;
    const u = usage.get(featureId) ?? { costMicroUsd: 0, requests: 0 };
    const delta = deltaFor(u, f.position, to);
    return {
      featureId,
      action: "throttle",
      from: f.position,
      to,
      limitIds,
      savingMicroUsd: Math.round(delta.costMicroUsd),
      requestsAtRisk: Math.round(delta.requests),
      revenueAtRiskMicroUsd: revenueAtRisk(input, f, to),
      projected: projectedAll(input, usage, featureId, delta, input.limits),
      ...automation(f, input),
    };
  });

  // Restores: only what cost proposals or the automation throttled, after the cool-down, with margin.
  for (const f of input.features) {
    const last = input.lastChanges.get(f.id);
    if (f.position.state === "on" || merged.has(f.id) || !last || last.source === "manual" || !last.fullUsage) continue;
    if (input.now.getTime() - last.at.getTime() < input.policy.cooldownMs) continue;
    const full = last.fullUsage;
    const now = usage.get(f.id) ?? { costMicroUsd: 0, requests: 0 };
    const back = { costMicroUsd: -Math.max(0, full.costMicroUsd - now.costMicroUsd), requests: -Math.max(0, full.requests - now.requests) };
    const relevant = input.limits.filter((l) => l.featureId === null || l.featureId === f.id);
    const projected = projectedAll(input, usage, f.id, back, relevant);
    const safe = projected.every((p) => {
      const limit = relevant.find((l) => l.id === p.limitId) as CostLimitDef;
      return p.value === null || p.value <= limit.breachMicroUsd * (1 - input.policy.restoreMargin);
    });
    if (!safe) continue;
    plans.push({
      featureId: f.id,
      action: "restore",
      from: f.position,
      to: ON,
      limitIds: relevant.map((l) => l.id),
      savingMicroUsd: Math.round(back.costMicroUsd),
      requestsAtRisk: Math.round(back.requests),
      revenueAtRiskMicroUsd: null,
      projected,
      ...automation(f, input),
    });
  }
  return { statuses, plans };
}
