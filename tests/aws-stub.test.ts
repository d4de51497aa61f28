// The AWS stub that the adapters and the bench are tested against must keep AWS's rules, or the
// tests would pass against an AWS that does not exist: a listing's pages continue the listing
// they began, and Cost Explorer refuses a malformed filter whatever the account holds.
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCostAndUsage } from "./aws-stub/cost-explorer";
import { largeAccount, LARGE_REGION } from "./aws-stub/large-account";
import { AwsStub } from "./aws-stub/server";

describe("the AWS stub's resource listing", () => {
  const account = largeAccount({ services: 25, days: 2, today: "2026-11-26" });
  const stub = new AwsStub({ identities: [{ accessKeyId: "AKIASTUB", account, arn: `arn:aws:iam::${account.accountId}:user/frugal` }] });
  let client: ResourceGroupsTaggingAPIClient;
  beforeAll(async () => {
    await stub.start(0);
    client = new ResourceGroupsTaggingAPIClient({ region: LARGE_REGION, endpoint: stub.url, credentials: { accessKeyId: "AKIASTUB", secretAccessKey: "stub" }, maxAttempts: 1 });
  });
  afterAll(() => stub.stop());

  const page = (PaginationToken?: string) => client.send(new GetResourcesCommand({ ResourcesPerPage: 100, PaginationToken }));

  it("pages through the listing as it was at its first page, and a new listing sees what changed", async () => {
    const before = account.resources.map((r) => r.arn);
    const first = await page();
    // A resource tagged while the listing runs: AWS's token goes on with the listing it began.
    account.resources.unshift({ arn: `arn:aws:lambda:${LARGE_REGION}:${account.accountId}:function:late`, region: LARGE_REGION, tags: { service: "late" } });
    const arns = (first.ResourceTagMappingList ?? []).map((m) => m.ResourceARN);
    for (let token = first.PaginationToken; token; ) {
      const next = await page(token);
      arns.push(...(next.ResourceTagMappingList ?? []).map((m) => m.ResourceARN));
      token = next.PaginationToken;
    }
    expect(arns).toEqual(before);
    expect((await page()).ResourceTagMappingList?.[0]?.ResourceARN).toMatch(/function:late$/);
  });

  it("refuses a token of no listing it began, as AWS refuses an expired one", async () => {
    await expect(page(Buffer.from("9999:100").toString("base64url"))).rejects.toMatchObject({ name: "PaginationTokenExpiredException" });
  });
});

describe("the AWS stub's Cost Explorer filters", () => {
  const query = (Filter: unknown) => () => getCostAndUsage([], { TimePeriod: { Start: "2026-11-01", End: "2026-11-02" }, Granularity: "DAILY", Metrics: ["UnblendedCost"], Filter } as never, { groupsPerPage: 100, tokenTtlMs: 60_000 });

  it.each([
    ["two roots in one node", { Tags: { Key: "team", Values: ["a"] }, Dimensions: { Key: "SERVICE", Values: ["AWS Lambda"] } }, /more than one roots/],
    ["no root", {}, /more than one roots.*: none/],
    ["And of one expression", { And: [{ Tags: { Key: "team", Values: ["a"] } }] }, /And needs at least two/],
    ["Or of one expression, nested under Not", { Not: { Or: [{ Tags: { Key: "team", Values: ["a"] } }] } }, /Or needs at least two/],
    ["two roots deep inside an And", { And: [{ Tags: { Key: "team", Values: ["a"] } }, { Not: { Tags: { Key: "x" }, Dimensions: { Key: "REGION", Values: ["us-east-1"] } } }] }, /more than one roots/],
  ])("refuses %s, though the account has no line item to test it on", (_, filter, message) => {
    expect(query(filter)).toThrow(message);
  });

  it("takes a well-formed filter of any depth", () => {
    expect(query({ And: [{ Tags: { Key: "team", Values: ["a"] } }, { Not: { Or: [{ Dimensions: { Key: "REGION", Values: ["us-east-1"] } }, { Tags: { Key: "x", MatchOptions: ["ABSENT"] } }] } }] })).not.toThrow();
  });
});
