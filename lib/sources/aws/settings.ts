// How Frugal reaches AWS, from the environment and an AwsAccount row: kept apart from the
// clients, so that code which only shows an account's settings does not load the SDK.
import { awsRegions, env } from "../../env";
import type { AwsAccountConfig } from "./aws-source";
import type { ClientSettings } from "./clients";

export function awsClientSettings(): ClientSettings {
  return {
    maxAttempts: env.FRUGAL_AWS_MAX_ATTEMPTS,
    costExplorerRegion: "us-east-1",
    stsRegion: env.AWS_REGION ?? awsRegions()[0] ?? "us-east-1",
    connectTimeoutMs: 3_000,
    requestTimeoutMs: env.FRUGAL_AWS_REQUEST_TIMEOUT_MS,
  };
}

export function awsAccountConfig(row: { id: number; name: string; awsAccountId: string | null; roleArn: string | null; externalId: string | null; regions: string | null; readsCost: boolean; readsResources: boolean }): AwsAccountConfig {
  const own = (row.regions ?? "").split(",").map((r) => r.trim()).filter(Boolean);
  return {
    key: String(row.id),
    name: row.name,
    awsAccountId: row.awsAccountId,
    roleArn: row.roleArn,
    externalId: row.externalId,
    regions: own.length ? own : awsRegions(),
    readsCost: row.readsCost,
    readsResources: row.readsResources,
  };
}
