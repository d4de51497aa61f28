// Cost limits: what each kind measures, and where a measure stands against its
// warning and breach levels. All money in micro-dollars.

export const LIMIT_KINDS = ["daily_spend", "month_to_date", "cost_per_million", "cost_per_unit"] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

export const LIMIT_KIND_TEXT: Record<LimitKind, string> = {
  daily_spend: "daily spend",
  month_to_date: "month projected (to date + forecast)",
  cost_per_million: "cost per 1M requests",
  cost_per_unit: "cost per business unit",
};

export interface CostLimitDef {
  id: number;
  /** null: on the whole application. */
  featureId: number | null;
  kind: LimitKind;
  /** For cost_per_unit: the business metric to divide by. */
  metricId: number | null;
  warningMicroUsd: number;
  breachMicroUsd: number;
}

/** What a limit is measured on: an average day of an application or of a feature (lib/data/limit-inputs.ts). */
export interface ScopeFigures {
  costMicroUsd: number;
  requests: number;
  /** The limit's business metric that day (cost_per_unit); null when unknown. */
  units: number | null;
  monthToDateMicroUsd: number;
  /** The rest of the month at the recent daily rate. */
  restOfMonthMicroUsd: number;
}

export type Level = "ok" | "warning" | "breach" | "no_data";

/** The value a limit compares, or null when it cannot be known (no traffic, no units). */
export function measure(kind: LimitKind, f: ScopeFigures): number | null {
  switch (kind) {
    case "daily_spend":
      return f.costMicroUsd;
    case "month_to_date":
      return f.monthToDateMicroUsd + f.restOfMonthMicroUsd;
    case "cost_per_million":
      return f.requests > 0 ? (f.costMicroUsd * 1_000_000) / f.requests : null;
    case "cost_per_unit":
      return f.units !== null && f.units > 0 ? f.costMicroUsd / f.units : null;
  }
}

export function levelOf(value: number | null, limit: Pick<CostLimitDef, "warningMicroUsd" | "breachMicroUsd">): Level {
  if (value === null) return "no_data";
  if (value >= limit.breachMicroUsd) return "breach";
  if (value >= limit.warningMicroUsd) return "warning";
  return "ok";
}

/**
 * The same day had `delta` of cost and requests not happened (negative: had more):
 * the rest of the month shrinks in proportion, what is spent stays spent, and the
 * business units are assumed unchanged (throttling a nice-to-have keeps the orders).
 */
export function adjust(f: ScopeFigures, delta: { costMicroUsd: number; requests: number }): ScopeFigures {
  const cost = f.costMicroUsd - delta.costMicroUsd;
  return {
    ...f,
    costMicroUsd: cost,
    requests: f.requests - delta.requests,
    restOfMonthMicroUsd: f.costMicroUsd > 0 ? (f.restOfMonthMicroUsd * cost) / f.costMicroUsd : f.restOfMonthMicroUsd,
  };
}
