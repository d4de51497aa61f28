// The one place AWS SDK clients are made: credentials (the default chain, or a
// role assumed from it), timeouts, the SDK's standard retry mode and its retry
// budget (no retry loop of Frugal's own on top), one client per service, account
// and region for the whole process, so that each client's retry budget means
// something. Endpoints come from the SDK's own AWS_ENDPOINT_URL(_<SERVICE>)
// variables, so stubs and LocalStack-style endpoints need no code here.
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/** How Frugal reaches one AWS account: the default chain, or a role assumed from it. */
export interface AwsConnection {
  /** Frugal's own id of the account (its row). */
  key: string;
  roleArn: string | null;
  externalId: string | null;
}

export interface ClientSettings {
  /** Attempts per request, the first one included (the SDK's standard retry mode). */
  maxAttempts: number;
  /** Cost Explorer's only endpoint is in us-east-1. */
  costExplorerRegion: string;
  /** Where STS is called (AWS_REGION, else the first region Frugal reads). */
  stsRegion: string;
  /** A connection must be made within this, and a request answered within that (long Cost Explorer pages included); a timeout is retried like a 5XX. */
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

const handler = (settings: ClientSettings) => new NodeHttpHandler({ connectionTimeout: settings.connectTimeoutMs, requestTimeout: settings.requestTimeoutMs, throwOnRequestTimeout: true });

type AnyClient = CostExplorerClient | CloudWatchClient | ResourceGroupsTaggingAPIClient | STSClient;
const g = globalThis as unknown as { __frugalAwsClients?: Map<string, AnyClient>; __frugalAwsCredentials?: Map<string, AwsCredentialIdentityProvider> };
const clients = (g.__frugalAwsClients ??= new Map());
const credentialCache = (g.__frugalAwsCredentials ??= new Map());

/** Refreshed this long before they expire. */
const CREDENTIAL_MARGIN_MS = 5 * 60_000;

/**
 * One set of credentials shared by every client of an account: without this each
 * client (Tagging, CloudWatch per region, Cost Explorer) would assume the role again.
 */
function shared(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | null = null;
  return async () => {
    const held = current && (await current.catch(() => null));
    if (held && (!held.expiration || held.expiration.getTime() - Date.now() > CREDENTIAL_MARGIN_MS)) return held;
    current = provider();
    return current;
  };
}

/** The default chain (env variables, shared config and SSO profiles, container and instance roles), or a role assumed from it. Keys are never stored or printed. */
export function credentialsFor(connection: AwsConnection, settings: ClientSettings): AwsCredentialIdentityProvider {
  const cacheKey = `${connection.roleArn ?? "default"}|${connection.externalId ?? ""}`;
  let provider = credentialCache.get(cacheKey);
  if (!provider) {
    const chain = fromNodeProviderChain();
    provider = connection.roleArn
      ? fromTemporaryCredentials({
          params: { RoleArn: connection.roleArn, RoleSessionName: "frugal", ...(connection.externalId ? { ExternalId: connection.externalId } : {}), DurationSeconds: 3600 },
          masterCredentials: chain,
          clientConfig: { region: settings.stsRegion, maxAttempts: settings.maxAttempts, requestHandler: handler(settings) },
        })
      : chain;
    provider = shared(provider);
    credentialCache.set(cacheKey, provider);
  }
  return provider;
}

function cached<C extends AnyClient>(kind: string, connection: AwsConnection, region: string, make: () => C): C {
  const key = `${kind}|${connection.key}|${connection.roleArn ?? ""}|${connection.externalId ?? ""}|${region}`;
  let client = clients.get(key) as C | undefined;
  if (!client) clients.set(key, (client = make()));
  return client;
}

const common = (connection: AwsConnection, settings: ClientSettings, region: string) => ({
  region,
  credentials: credentialsFor(connection, settings),
  maxAttempts: settings.maxAttempts,
  retryMode: "standard" as const,
  requestHandler: handler(settings),
});

export function costExplorer(connection: AwsConnection, settings: ClientSettings): CostExplorerClient {
  return cached("ce", connection, settings.costExplorerRegion, () => new CostExplorerClient(common(connection, settings, settings.costExplorerRegion)));
}

export function cloudWatch(connection: AwsConnection, settings: ClientSettings, region: string): CloudWatchClient {
  return cached("cw", connection, region, () => new CloudWatchClient(common(connection, settings, region)));
}

export function tagging(connection: AwsConnection, settings: ClientSettings, region: string): ResourceGroupsTaggingAPIClient {
  return cached("tag", connection, region, () => new ResourceGroupsTaggingAPIClient(common(connection, settings, region)));
}

export function sts(connection: AwsConnection, settings: ClientSettings): STSClient {
  return cached("sts", connection, settings.stsRegion, () => new STSClient(common(connection, settings, settings.stsRegion)));
}

/** For tests: forget every client and credential provider (e.g. after the endpoint variables change). */
export function resetAwsClients(): void {
  for (const client of clients.values()) client.destroy();
  clients.clear();
  credentialCache.clear();
}
