// A local HTTP stand-in for AWS, speaking the protocols the SDK v3 clients speak:
//   Cost Explorer and Tagging: AWS JSON 1.1 (x-amz-target), CloudWatch: AWS JSON 1.0
//   with query compatibility (errors in x-amzn-query-error), STS: the query protocol
//   (form body, XML answers). Reached through AWS_ENDPOINT_URL. It reads the SigV4
//   Authorization header for the access key and region, answers from the synthetic
//   accounts, records every call, and injects faults on request: throttling, 5XX,
//   access denied, slow answers, expired pagination tokens.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { getMetricData, listMetrics } from "./cloudwatch";
import { getCostAndUsage, getCostAndUsageWithResources, getCostForecast, StubError } from "./cost-explorer";
import type { StubAccount, StubIdentity, StubRole } from "./model";

export type StubApi = "ce:GetCostAndUsage" | "ce:GetCostForecast" | "ce:GetCostAndUsageWithResources" | "tag:GetResources" | "cloudwatch:GetMetricData" | "cloudwatch:ListMetrics" | "sts:GetCallerIdentity" | "sts:AssumeRole";

export interface StubCall {
  api: StubApi;
  accessKeyId: string;
  region: string;
  input: Record<string, unknown>;
  /** What the stub answered: 200, or the error's status. */
  status: number;
  error: string | null;
}

export type Fault = { kind: "throttle" } | { kind: "server" } | { kind: "denied" } | { kind: "slow"; ms: number } | { kind: "expired-token" };

export interface FaultRule {
  api: StubApi;
  /** The calls of this API (counted from 1) it applies to; all when absent. */
  calls?: number[];
  /** Only requests that carry a pagination token (a failure in the middle of paging). */
  paging?: boolean;
  fault: Fault;
}

export interface StubOptions {
  identities: StubIdentity[];
  roles?: StubRole[];
  /** Groups on one Cost Explorer page. */
  groupsPerPage?: number;
  /** Resources on one Tagging page (at most what the request asks, 100). */
  resourcesPerPage?: number;
  /** The stub's clock, in epoch seconds: CloudWatch has no datapoint after it (default: the real time). */
  now?: () => number;
}

const TARGETS: Record<string, StubApi> = {
  "AWSInsightsIndexService.GetCostAndUsage": "ce:GetCostAndUsage",
  "AWSInsightsIndexService.GetCostForecast": "ce:GetCostForecast",
  "AWSInsightsIndexService.GetCostAndUsageWithResources": "ce:GetCostAndUsageWithResources",
  "ResourceGroupsTaggingAPI_20170126.GetResources": "tag:GetResources",
  "GraniteServiceVersion20100801.GetMetricData": "cloudwatch:GetMetricData",
  "GraniteServiceVersion20100801.ListMetrics": "cloudwatch:ListMetrics",
};

const THROTTLE_CODE: Record<string, string> = { ce: "LimitExceededException", tag: "ThrottledException", cloudwatch: "Throttling", sts: "Throttling" };
const DENIED_CODE: Record<string, string> = { ce: "AccessDeniedException", tag: "AccessDeniedException", cloudwatch: "AccessDenied", sts: "AccessDenied" };

export class AwsStub {
  readonly calls: StubCall[] = [];
  readonly faults: FaultRule[] = [];
  #server: http.Server | null = null;
  #issued = new Map<string, StubRole>();
  readonly #counts = new Map<StubApi, number>();

  constructor(readonly options: StubOptions) {}

  get url(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error("the stub is not listening");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<this> {
    this.#server = http.createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(port, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** Calls of one API (and what they asked for). */
  of(api: StubApi): StubCall[] {
    return this.calls.filter((c) => c.api === api);
  }

  reset(): void {
    this.calls.length = 0;
    this.faults.length = 0;
    this.#counts.clear();
  }

  /** The accounts an access key sees: its own, or the assumed role's. */
  #accountsOf(accessKeyId: string): StubAccount[] {
    const role = this.#issued.get(accessKeyId);
    if (role) return [role.account];
    const identity = this.options.identities.find((i) => i.accessKeyId === accessKeyId);
    return identity ? [identity.account] : [];
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    // AWS4-HMAC-SHA256 Credential=AKID/20261129/eu-west-1/monitoring/aws4_request, ...
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ""));
    const target = String(req.headers["x-amz-target"] ?? "");
    const isSts = String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    const form = isSts ? new URLSearchParams(body) : null;
    const api: StubApi | undefined = isSts ? (form?.get("Action") === "AssumeRole" ? "sts:AssumeRole" : "sts:GetCallerIdentity") : TARGETS[target];
    const family = api?.split(":")[0] ?? "ce";
    const call: StubCall = { api: api ?? ("unknown" as StubApi), accessKeyId: scope?.[1] ?? "", region: scope?.[2] ?? "", input: isSts ? Object.fromEntries(form ?? []) : safeJson(body), status: 200, error: null };
    this.calls.push(call);
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      if (isSts) {
        res.writeHead(status, { "content-type": "text/xml", ...headers });
        res.end(payload as string);
      } else {
        res.writeHead(status, { "content-type": family === "cloudwatch" ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1", ...headers });
        res.end(JSON.stringify(payload));
      }
    };
    const fail = (error: StubError) => {
      call.error = error.code;
      if (isSts) return reply(error.status, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>stub</RequestId></ErrorResponse>`);
      const headers: Record<string, string> = family === "cloudwatch" ? { "x-amzn-query-error": `${error.code};${error.status >= 500 ? "Receiver" : "Sender"}` } : {};
      return reply(error.status, { __type: error.code, message: error.message }, headers);
    };

    try {
      if (!api) throw new StubError("UnknownOperationException", `stub: unknown target '${target}'`);
      if (!scope) throw new StubError("MissingAuthenticationTokenException", "Request is missing Authentication Token", 403);
      const n = (this.#counts.get(api) ?? 0) + 1;
      this.#counts.set(api, n);
      const paging = Boolean(call.input.NextPageToken || call.input.NextToken || call.input.PaginationToken);
      for (const rule of this.faults) {
        if (rule.api !== api || (rule.calls && !rule.calls.includes(n)) || (rule.paging && !paging)) continue;
        const f = rule.fault;
        if (f.kind === "slow") await new Promise((r) => setTimeout(r, f.ms));
        if (f.kind === "throttle") throw new StubError(THROTTLE_CODE[family] as string, "Rate exceeded");
        if (f.kind === "server") throw new StubError(family === "cloudwatch" ? "InternalServiceError" : "InternalServerErrorException", "Internal failure", 500);
        if (f.kind === "denied") throw new StubError(DENIED_CODE[family] as string, `User: arn:aws:iam::000000000000:user/frugal is not authorized to perform: ${api} because no identity-based policy allows the ${api} action`, family === "cloudwatch" || family === "sts" ? 403 : 400);
        if (f.kind === "expired-token") throw new StubError(api === "tag:GetResources" ? "PaginationTokenExpiredException" : "InvalidNextTokenException", "The pagination token has expired");
      }
      const accounts = this.#accountsOf(call.accessKeyId);
      if (api.startsWith("sts:")) return reply(200, this.#sts(api, form as URLSearchParams, call.accessKeyId));
      if (accounts.length === 0) throw new StubError("UnrecognizedClientException", "The security token included in the request is invalid.", 400);
      switch (api) {
        case "ce:GetCostAndUsage":
          return reply(200, getCostAndUsage(accounts, call.input, { groupsPerPage: this.options.groupsPerPage ?? 1000, tokenTtlMs: 15 * 60_000 }));
        case "ce:GetCostAndUsageWithResources":
          return reply(200, getCostAndUsageWithResources(accounts, call.input, { groupsPerPage: this.options.groupsPerPage ?? 1000, tokenTtlMs: 15 * 60_000 }, new Date(this.options.now?.() ?? Date.now()).toISOString().slice(0, 10)));
        case "ce:GetCostForecast":
          return reply(200, getCostForecast(accounts, call.input, new Date(this.options.now?.() ?? Date.now()).toISOString().slice(0, 10)));
        case "tag:GetResources":
          return reply(200, this.#resources(accounts, call.region, call.input));
        case "cloudwatch:GetMetricData":
          return reply(200, getMetricData(accounts, call.region, call.input, this.options.now?.()));
        case "cloudwatch:ListMetrics":
          return reply(200, listMetrics(accounts, call.region, call.input));
      }
    } catch (error) {
      if (error instanceof StubError) return fail(error);
      return fail(new StubError("InternalFailure", error instanceof Error ? error.message : String(error), 500));
    }
  }

  /**
   * Each listing's resources, taken at its first page; its token names the listing and the offset.
   * Filtering the whole account again for every page made listing 100,000 resources take 40 s of
   * the stub's time (10,000 took 0.4 s), which the bench then counted as the sync's. The last 16
   * listings are kept: a page asked again (a retry) still finds its listing.
   */
  readonly #listings = new Map<number, readonly { arn: string; tags: Record<string, string> }[]>();
  #listingsStarted = 0;

  #resources(accounts: StubAccount[], region: string, input: Record<string, unknown>) {
    const perPage = Math.min(Number(input.ResourcesPerPage ?? 100), this.options.resourcesPerPage ?? 100);
    const [listing, offset] = input.PaginationToken ? (Buffer.from(String(input.PaginationToken), "base64url").toString().split(":").map(Number) as [number, number]) : [this.#startListing(accounts, region), 0];
    const all = this.#listings.get(listing);
    if (!all) throw new StubError("PaginationTokenExpiredException", "The pagination token has expired");
    return {
      ResourceTagMappingList: all.slice(offset, offset + perPage).map((r) => ({ ResourceARN: r.arn, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) })),
      PaginationToken: offset + perPage < all.length ? Buffer.from(`${listing}:${offset + perPage}`).toString("base64url") : "",
    };
  }

  #startListing(accounts: StubAccount[], region: string): number {
    const listing = ++this.#listingsStarted;
    this.#listings.set(listing, accounts.flatMap((a) => a.resources.filter((r) => r.region === region)));
    this.#listings.delete(listing - 16);
    return listing;
  }

  #sts(api: StubApi, form: URLSearchParams, accessKeyId: string): string {
    const ns = "https://sts.amazonaws.com/doc/2011-06-15/";
    if (api === "sts:GetCallerIdentity") {
      const role = this.#issued.get(accessKeyId);
      const identity = this.options.identities.find((i) => i.accessKeyId === accessKeyId);
      const account = role?.account ?? identity?.account;
      if (!account) throw new StubError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
      const arn = role ? `${role.roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")}/frugal` : (identity?.arn as string);
      return `<GetCallerIdentityResponse xmlns="${ns}"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDASTUB</UserId><Account>${account.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
    }
    const roleArn = form.get("RoleArn") ?? "";
    const role = this.options.roles?.find((r) => r.roleArn === roleArn);
    if (!role || !role.trusted.includes(accessKeyId) || (role.externalId ?? null) !== (form.get("ExternalId") ?? null)) {
      throw new StubError("AccessDenied", `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    }
    const key = `ASIASTUB${String(this.#issued.size + 1).padStart(8, "0")}`;
    this.#issued.set(key, role);
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    return `<AssumeRoleResponse xmlns="${ns}"><AssumeRoleResult><Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>stub-secret</SecretAccessKey><SessionToken>stub-session</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROASTUB:frugal</AssumedRoleId><Arn>${roleArn}/frugal</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></AssumeRoleResponse>`;
  }
}

function safeJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text || "{}") as Record<string, unknown>;
  } catch {
    return {};
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
