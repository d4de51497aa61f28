// "Test connection": each API Frugal uses, called once with the smallest request
// that proves the permission, and, per permission, ok or the exact AWS error with
// what to add to the policy. The Cost Explorer calls cost $0.01 each.
import { GetMetricDataCommand, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { GetCostAndUsageCommand, GetCostForecastCommand } from "@aws-sdk/client-cost-explorer";
import { GetResourcesCommand } from "@aws-sdk/client-resource-groups-tagging-api";
import { addDays, toDay } from "../../domain/day";
import { metered, Meter, type ApiName } from "../meter";
import { cloudWatch, costExplorer, tagging, type ClientSettings } from "./clients";
import { describeAwsError } from "./errors";
import { callerIdentity } from "./sts";
import type { AwsAccountConfig } from "./aws-source";

export const PERMISSIONS = ["sts:GetCallerIdentity", "sts:AssumeRole", "tag:GetResources", "ce:GetCostAndUsage", "ce:GetCostForecast", "cloudwatch:GetMetricData", "cloudwatch:ListMetrics"] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface PermissionCheck {
  permission: Permission;
  ok: boolean;
  /** ok: what was seen; not ok: the AWS error code and message. */
  detail: string;
  /** Not ok: what to add to the policy (or the role's trust policy). */
  fix: string | null;
}

export interface ConnectionTest {
  account: string;
  awsAccountId: string | null;
  checks: PermissionCheck[];
  ok: boolean;
  costMicroUsd: number;
}

const FIX: Record<Permission, string> = {
  "sts:GetCallerIdentity": "Frugal found no credentials: set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run it with an instance or task role.",
  "sts:AssumeRole": "Allow sts:AssumeRole on the role for Frugal's identity, and in the role's trust policy trust that identity (with the external id, if one is set).",
  "tag:GetResources": 'Add "tag:GetResources" to the policy (Resource "*").',
  "ce:GetCostAndUsage": 'Add "ce:GetCostAndUsage" to the policy (Resource "*"); in an organisation, read cost from the management (payer) account.',
  "ce:GetCostForecast": 'Add "ce:GetCostForecast" to the policy (Resource "*").',
  "cloudwatch:GetMetricData": 'Add "cloudwatch:GetMetricData" to the policy (Resource "*").',
  "cloudwatch:ListMetrics": 'Add "cloudwatch:ListMetrics" to the policy (Resource "*").',
};

export async function testConnection(account: AwsAccountConfig, settings: ClientSettings, now = new Date()): Promise<ConnectionTest> {
  const meter = new Meter();
  const checks: PermissionCheck[] = [];
  const region = account.regions[0] ?? "us-east-1";
  let awsAccountId: string | null = null;

  const check = async (permission: Permission, run: () => Promise<string>, soft?: (code: string) => string | null) => {
    try {
      checks.push({ permission, ok: true, detail: await run(), fix: null });
    } catch (error) {
      const failure = describeAwsError(error, permission);
      const softDetail = soft?.(failure.code) ?? null;
      if (softDetail) checks.push({ permission, ok: true, detail: softDetail, fix: null });
      else checks.push({ permission, ok: false, detail: `${failure.code}: ${failure.message}`, fix: FIX[permission] });
    }
  };

  // Who we are; with a role, this is the assumed role, so a failure there is the role's.
  await check(account.roleArn ? "sts:AssumeRole" : "sts:GetCallerIdentity", async () => {
    const identity = await callerIdentity(account, settings, meter);
    awsAccountId = identity.accountId;
    return `account ${identity.accountId} as ${identity.arn}`;
  });
  if (account.roleArn && checks[0]?.ok) checks.unshift({ permission: "sts:GetCallerIdentity", ok: true, detail: "the identity that assumes the role answered", fix: null });
  if (!checks.every((c) => c.ok)) return finish();

  const yesterday = addDays(toDay(now), -1);
  const call = <T>(api: ApiName, send: () => Promise<T>, metricsRequested = 0) => metered(meter, api, send, metricsRequested);
  if (account.readsResources) {
    await check("tag:GetResources", async () => {
      const answer = await call("tag:GetResources", () => tagging(account, settings, region).send(new GetResourcesCommand({ ResourcesPerPage: 1 })));
      return `${region}: answered (${answer.ResourceTagMappingList?.length ? "tagged resources found" : "no tagged resources on the first page"})`;
    });
    await check("cloudwatch:ListMetrics", async () => {
      await call("cloudwatch:ListMetrics", () => cloudWatch(account, settings, region).send(new ListMetricsCommand({ Namespace: "AWS/Lambda", MetricName: "Invocations" })));
      return `${region}: answered`;
    });
    await check("cloudwatch:GetMetricData", async () => {
      const end = new Date(Math.floor(now.getTime() / 300_000) * 300_000);
      await call("cloudwatch:GetMetricData", () =>
        cloudWatch(account, settings, region).send(
          new GetMetricDataCommand({
            MetricDataQueries: [{ Id: "q0", MetricStat: { Metric: { Namespace: "AWS/Lambda", MetricName: "Invocations" }, Period: 300, Stat: "Sum" } }],
            StartTime: new Date(end.getTime() - 300_000),
            EndTime: end,
          }),
        ),
        1,
      );
      return `${region}: answered`;
    });
  }
  if (account.readsCost) {
    await check("ce:GetCostAndUsage", async () => {
      const answer = await call("ce:GetCostAndUsage", () =>
        costExplorer(account, settings).send(new GetCostAndUsageCommand({ TimePeriod: { Start: yesterday, End: toDay(now) }, Granularity: "DAILY", Metrics: ["UnblendedCost"] })),
      );
      const amount = answer.ResultsByTime?.[0]?.Total?.UnblendedCost;
      return `yesterday: ${amount ? `${amount.Amount} ${amount.Unit}` : "no cost"}`;
    });
    await check(
      "ce:GetCostForecast",
      async () => {
        const answer = await call("ce:GetCostForecast", () =>
          costExplorer(account, settings).send(new GetCostForecastCommand({ TimePeriod: { Start: toDay(now), End: addDays(toDay(now), 7) }, Metric: "UNBLENDED_COST", Granularity: "DAILY" })),
        );
        return `next 7 days: ${answer.Total?.Amount ?? "?"} ${answer.Total?.Unit ?? ""}`.trim();
      },
      // Allowed, but the account has too little history for a forecast yet.
      (code) => (code === "DataUnavailableException" ? "allowed (Cost Explorer has too little history for a forecast yet)" : null),
    );
  }
  return finish();

  function finish(): ConnectionTest {
    const { apiCostMicroUsd } = meter.usage();
    return { account: account.name, awsAccountId, checks, ok: checks.every((c) => c.ok), costMicroUsd: apiCostMicroUsd };
  }
}
