// Cost Explorer's forecast of each application's cost to the end of the month
// (GetCostForecast), under the filter of the cost its rules win: a cost belongs to
// an application when one of its rules matches it and no other application's rule
// placed before that one does. One $0.01 request per application and account.
//
// Unlike GetCostAndUsage: the metric is UPPER_SNAKE (AMORTIZED_COST), the period
// starts today at the earliest (End exclusive), and an account with too little
// history answers DataUnavailableException — that application keeps the model's
// projection.
import { GetCostForecastCommand, type CostExplorerClient, type Expression } from "@aws-sdk/client-cost-explorer";
import { addDays, type Day } from "../../domain/day";
import { parseUsdToMicro } from "../../domain/money";
import type { TagRule } from "../../domain/tag-rules";
import { metered, type Meter } from "../meter";
import type { CostForecastAnswer } from "../types";
import { and, matchOf, or, recordTypeFilter, type CostSettings } from "./cost-explorer";
import { reasonOf } from "./errors";

/** The 90 % interval: the same width (±1.645 σ) as the model's band. */
export const PREDICTION_INTERVAL_LEVEL = 90;

/** The filter of what an application's rules win, from the account's ordered rules; undefined when it has none. */
export function applicationFilter(orderedRules: readonly TagRule[], applicationId: number, settings: CostSettings, knownTagValues: ReadonlyMap<string, ReadonlySet<string>> = new Map()): Expression | undefined {
  const terms: Expression[] = [];
  orderedRules.forEach((rule, i) => {
    if (rule.applicationId !== applicationId) return;
    const match = matchOf(rule.key, [rule.value], knownTagValues);
    if (!match) return;
    const before = orderedRules.slice(0, i).filter((r) => r.applicationId !== applicationId);
    const earlier = or(before.map((r) => matchOf(r.key, [r.value], knownTagValues)).filter((e): e is Expression => e !== undefined));
    terms.push(and([match, earlier ? { Not: earlier } : undefined]) as Expression);
  });
  const wins = or(terms);
  return wins ? and([wins, recordTypeFilter(settings)]) : undefined;
}

/** The first day of the next month: the forecast's exclusive End. */
export const monthEnd = (day: Day): Day => addDays(`${day.slice(0, 7)}-01`, 40).slice(0, 7) + "-01";

/** Each application's forecast from `today` to the month's end, summed over the accounts that read cost. */
export async function readCostForecasts(clients: readonly { client: CostExplorerClient; account: string }[], filters: ReadonlyMap<number, Expression>, today: Day, settings: CostSettings, meter: Meter): Promise<CostForecastAnswer[]> {
  const metric = settings.metric === "AmortizedCost" ? "AMORTIZED_COST" : "UNBLENDED_COST";
  const answers: CostForecastAnswer[] = [];
  for (const [applicationId, filter] of filters) {
    const sum = { mean: 0, low: 0, high: 0 };
    let failure: string | null = null;
    let answered = 0;
    for (const { client, account } of clients) {
      try {
        const answer = await metered(meter, "ce:GetCostForecast", () =>
          client.send(new GetCostForecastCommand({ TimePeriod: { Start: today, End: monthEnd(today) }, Metric: metric, Granularity: "MONTHLY", PredictionIntervalLevel: PREDICTION_INTERVAL_LEVEL, Filter: filter })),
        );
        const results = answer.ForecastResultsByTime ?? [];
        answered++;
        sum.mean += parseUsdToMicro(answer.Total?.Amount ?? "0");
        sum.low += results.reduce((a, r) => a + parseUsdToMicro(r.PredictionIntervalLowerBound ?? r.MeanValue ?? "0"), 0);
        sum.high += results.reduce((a, r) => a + parseUsdToMicro(r.PredictionIntervalUpperBound ?? r.MeanValue ?? "0"), 0);
      } catch (error) {
        // Too little history in this account for this application: nothing to add from it.
        if ((error as { name?: string }).name === "DataUnavailableException") continue;
        failure = `Forecast of ${account}: ${reasonOf(error, "ce:GetCostForecast")}`;
        break;
      }
    }
    if (failure) answers.push({ applicationId, error: failure, unavailable: false });
    else if (answered === 0) answers.push({ applicationId, error: "Cost Explorer has too little history to forecast it yet (DataUnavailableException)", unavailable: true });
    else answers.push( { applicationId, month: today.slice(0, 7), fromDay: today, meanMicroUsd: sum.mean, lowMicroUsd: Math.min(sum.low, sum.mean), highMicroUsd: Math.max(sum.high, sum.mean) });
  }
  return answers;
}
