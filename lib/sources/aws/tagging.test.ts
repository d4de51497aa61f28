import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Meter } from "../meter";
import { listTaggedResources, mapResourceTagMappings } from "./tagging";

const tag = mockClient(ResourceGroupsTaggingAPIClient);
beforeEach(() => tag.reset());
// The unit project runs files one after another in one process: the client gets its own send back after this file.
afterAll(() => tag.restore());
const client = new ResourceGroupsTaggingAPIClient({ region: "eu-west-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const mapping = (arn: string, tags: Record<string, string> = {}) => ({ ResourceARN: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) });
const collect = async (it: AsyncIterable<unknown>) => {
  const out: unknown[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe("mapResourceTagMappings", () => {
  it("parses each ARN into its type and name, prefers the Name tag, keeps previously tagged resources with no tags, and drops what is not an ARN", () => {
    expect(
      mapResourceTagMappings(
        [
          mapping("arn:aws:lambda:eu-west-1:111122223333:function:checkout", { service: "checkout", Name: "Checkout API" }),
          mapping("arn:aws:sqs:eu-west-1:111122223333:orders"),
          mapping("arn:aws:apigateway:eu-west-1::/apis/h77x/stages/prod", { service: "api" }),
          { ResourceARN: "not-an-arn", Tags: [] },
          { Tags: [] },
        ],
        "eu-west-1",
      ),
    ).toEqual([
      { arn: "arn:aws:lambda:eu-west-1:111122223333:function:checkout", name: "Checkout API", type: "lambda:function", region: "eu-west-1", tags: { service: "checkout", Name: "Checkout API" } },
      { arn: "arn:aws:sqs:eu-west-1:111122223333:orders", name: "orders", type: "sqs:queue", region: "eu-west-1", tags: {} },
      { arn: "arn:aws:apigateway:eu-west-1::/apis/h77x/stages/prod", name: "h77x/prod", type: "apigateway:stage", region: "eu-west-1", tags: { service: "api" } },
    ]);
  });
});

describe("listTaggedResources", () => {
  it("follows the token through short and empty pages until it is empty", async () => {
    tag
      .on(GetResourcesCommand)
      .resolvesOnce({ ResourceTagMappingList: [mapping("arn:aws:sqs:eu-west-1:1:a")], PaginationToken: "t1" })
      .resolvesOnce({ ResourceTagMappingList: [], PaginationToken: "t2" })
      .resolvesOnce({ ResourceTagMappingList: [mapping("arn:aws:sqs:eu-west-1:1:b"), mapping("arn:aws:sqs:eu-west-1:1:c")], PaginationToken: "" });
    const meter = new Meter();
    const pages = await collect(listTaggedResources(client, "eu-west-1", meter, "acme"));
    expect((pages as { name: string }[][]).map((p) => p.map((r) => r.name))).toEqual([["a"], ["b", "c"]]);
    expect(tag.commandCalls(GetResourcesCommand).map((c) => c.args[0].input)).toEqual([{ ResourcesPerPage: 100 }, { ResourcesPerPage: 100, PaginationToken: "t1" }, { ResourcesPerPage: 100, PaginationToken: "t2" }]);
    expect(meter.usage().byApi).toEqual([expect.objectContaining({ api: "tag:GetResources", calls: 3, costMicroUsd: 0 })]);
  });

  it("keeps what it listed and yields a gap when a token expires half way", async () => {
    tag
      .on(GetResourcesCommand)
      .resolvesOnce({ ResourceTagMappingList: [mapping("arn:aws:sqs:eu-west-1:1:a")], PaginationToken: "t1" })
      .rejectsOnce(Object.assign(new Error("The pagination token has expired"), { name: "PaginationTokenExpiredException", $metadata: { attempts: 1 } }));
    const pages = await collect(listTaggedResources(client, "eu-west-1", new Meter(), "acme"));
    expect(pages).toHaveLength(2);
    expect(pages[1]).toEqual({ gap: { part: "resources", reason: expect.stringMatching(/acme in eu-west-1: PaginationTokenExpiredException/) } });
  });
});
