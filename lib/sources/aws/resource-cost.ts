// Cost per resource from Cost Explorer (GetCostAndUsageWithResources): the
// account's resource-level data, which it must enable (Billing → Cost Management
// preferences), for the last 14 days only, daily. The API requires the filter
// SERVICE = "Amazon Elastic Compute Cloud - Compute" (the SDK's model says so), so
// what it gives is each EC2 instance's cost, grouped by RESOURCE_ID ("i-0abc…").
// Every page is a $0.01 request, repeated exactly as GetCostAndUsage's.
import { GetCostAndUsageWithResourcesCommand, type CostExplorerClient, type Expression, type GetCostAndUsageWithResourcesCommandInput, type GetCostAndUsageWithResourcesCommandOutput } from "@aws-sdk/client-cost-explorer";
import { addDays, type DayRange } from "../../domain/day";
import { parseUsdToMicro } from "../../domain/money";
import { metered, type Meter } from "../meter";
import type { ResourceCostAnswer, ResourceCostLine } from "../types";
import { and, recordTypeFilter, type CostSettings } from "./cost-explorer";
import { describeAwsError, reasonOf } from "./errors";

export const EC2_COMPUTE = "Amazon Elastic Compute Cloud - Compute";
const MAX_PAGES = 200;

/** The answer of an account that has not enabled resource-level data (or has none yet): not a failure, a setting. */
function notEnabled(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? "";
  const message = error instanceof Error ? error.message : "";
  return name === "DataUnavailableException" || (name === "ValidationException" && /resource/i.test(message) && /(enable|opt)/i.test(message));
}

export async function readResourceCosts(clients: readonly { client: CostExplorerClient; account: string }[], range: DayRange, settings: CostSettings, meter: Meter): Promise<ResourceCostAnswer> {
  const lines: ResourceCostLine[] = [];
  const records = recordTypeFilter(settings);
  const service: Expression = { Dimensions: { Key: "SERVICE", Values: [EC2_COMPUTE] } };
  let enabledSomewhere = false;
  let reason = "";
  for (const { client, account } of clients) {
    const input: GetCostAndUsageWithResourcesCommandInput = {
      TimePeriod: { Start: range.from, End: addDays(range.to, 1) },
      Granularity: "DAILY",
      Metrics: [settings.metric],
      Filter: and([service, records]),
      GroupBy: [{ Type: "DIMENSION", Key: "RESOURCE_ID" }],
    };
    try {
      let token: string | undefined;
      let pages = 0;
      do {
        const answer: GetCostAndUsageWithResourcesCommandOutput = await metered(meter, "ce:GetCostAndUsageWithResources", () => client.send(new GetCostAndUsageWithResourcesCommand({ ...input, ...(token ? { NextPageToken: token } : {}) })));
        for (const r of answer.ResultsByTime ?? []) {
          const day = r.TimePeriod?.Start?.slice(0, 10);
          if (!day) continue;
          for (const g of r.Groups ?? []) {
            const resource = g.Keys?.[0];
            const amount = g.Metrics?.[settings.metric]?.Amount;
            // "NoResourceId": usage Cost Explorer cannot tie to an instance.
            if (!resource || resource === "NoResourceId" || amount === undefined) continue;
            const costMicroUsd = parseUsdToMicro(amount);
            if (costMicroUsd !== 0) lines.push({ day, resource, costMicroUsd });
          }
        }
        token = answer.NextPageToken || undefined;
        if (++pages >= MAX_PAGES && token) throw new Error(`more than ${MAX_PAGES} pages of resource-level cost`);
      } while (token);
      enabledSomewhere = true;
    } catch (error) {
      if (describeAwsError(error, "ce:GetCostAndUsageWithResources").missingPermission) {
        reason = `Frugal may not read ${account}'s cost per resource: ${reasonOf(error, "ce:GetCostAndUsageWithResources")}`;
        continue;
      }
      if (notEnabled(error)) {
        reason = `${account} has not enabled Cost Explorer's resource-level data (Billing → Cost Management preferences → "Resource-level data at daily granularity"): ${reasonOf(error, "ce:GetCostAndUsageWithResources")}`;
        continue;
      }
      return { gap: { part: "resourceCost", reason: `Cost per resource of ${account}: ${reasonOf(error, "ce:GetCostAndUsageWithResources")}` } };
    }
  }
  return enabledSomewhere ? { lines } : { unavailable: reason || "No account reads cost." };
}
