import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { TagRule } from "../../domain/tag-rules";
import { Meter } from "../meter";
import { mapBreakdownResults, mapGroupedResults, mapTotals, planCostQueries, readDailyCost, splitTagKey } from "./cost-explorer";

const settings = { metric: "AmortizedCost", includeCredits: false } as const;
const rule = (position: number, key: string, value: string, applicationId = position): TagRule => ({ position, key, value, applicationId });
const NO_CREDITS = { Not: { Dimensions: { Key: "RECORD_TYPE", Values: ["Credit", "Refund"] } } };

describe("planCostQueries", () => {
  it("makes one query per run of same-key rules (and one per breakdown under the same filter), each excluding what earlier runs matched, then the unallocated line and the total", () => {
    const all = planCostQueries([rule(1, "team", "platform"), rule(2, "team", "data"), rule(3, "app", "*"), rule(4, "team", "ops")], "service", settings, new Map(), ["env", "team"], "cell");
    const breakdowns = (key: string) => [
      [`SERVICE under ${key}`, `${key}+SERVICE`],
      [`REGION under ${key}`, `${key}+REGION`],
      [`LINKED_ACCOUNT under ${key}`, `${key}+LINKED_ACCOUNT`],
      [`cell (tag cell) under ${key}`, `${key}+cell`],
      [`tag env under ${key}`, `${key}+env`],
      // Grouping by the rule's own key twice would be refused: by it alone.
      [`tag team under ${key}`, key === "team" ? "team" : `${key}+team`],
    ];
    expect(all.map((p) => [p.label, p.groupBy.map((g) => g.Key).join("+")])).toEqual([
      ["rules on team", "team+service"],
      ...breakdowns("team"),
      ["rules on app", "app+service"],
      ...breakdowns("app"),
      ["rules on team", "team+service"],
      ...breakdowns("team"),
      ["unallocated", ""],
      ["total", ""],
    ]);
    // Each breakdown reads exactly what its rules' query reads.
    for (let i = 0; i < 21; i += 7) for (let j = 1; j < 7; j++) expect(all[i + j]!.filter).toEqual(all[i]!.filter);
    expect(all.slice(1, 7).map((p) => p.dimension)).toEqual(["awsService", "region", "account", "cell", "tag:env", "tag:team"]);
    expect(all[2]!.groupBy).toEqual([{ Type: "TAG", Key: "team" }, { Type: "DIMENSION", Key: "REGION" }]);
    expect(all[5]!.groupBy).toEqual([{ Type: "TAG", Key: "team" }, { Type: "TAG", Key: "env" }]);
    const plans = all.filter((p) => p.kind !== "breakdown");
    expect(plans[0]!.filter).toEqual({ And: [{ Tags: { Key: "team", Values: ["data", "platform"], MatchOptions: ["EQUALS"] } }, NO_CREDITS] });
    const has = (key: string) => ({ Not: { Tags: { Key: key, MatchOptions: ["ABSENT"] } } });
    expect(plans[1]!.filter).toEqual({ And: [has("app"), { Not: { Tags: { Key: "team", Values: ["data", "platform"], MatchOptions: ["EQUALS"] } } }, NO_CREDITS] });
    expect(plans[2]!.filter).toEqual({
      And: [{ Tags: { Key: "team", Values: ["ops"], MatchOptions: ["EQUALS"] } }, { Not: { Or: [{ Tags: { Key: "team", Values: ["data", "platform"], MatchOptions: ["EQUALS"] } }, has("app")] } }, NO_CREDITS],
    });
    expect(plans[3]!.filter).toEqual({ And: [{ Not: { Or: [{ Tags: { Key: "team", Values: ["data", "platform"], MatchOptions: ["EQUALS"] } }, has("app"), { Tags: { Key: "team", Values: ["ops"], MatchOptions: ["EQUALS"] } }] } }, NO_CREDITS] });
    expect(plans[4]!.filter).toEqual(NO_CREDITS);
  });

  it("needs only the total when there are no rules, and no record filter when credits count", () => {
    expect(planCostQueries([], "service", { metric: "UnblendedCost", includeCredits: true })).toEqual([{ label: "total", kind: "total", groupBy: [], filter: undefined }]);
  });

  it("groups a rule on the service tag itself by that key alone (Cost Explorer takes at most two keys)", () => {
    expect(planCostQueries([rule(1, "service", "checkout")], "service", settings)[0]!.groupBy).toEqual([{ Type: "TAG", Key: "service" }]);
  });

  it("turns an awsApplication rule that names the application into the ARNs the account's resources carry", () => {
    const arns = new Map([["awsApplication", new Set(["arn:aws:resource-groups:eu-west-1:111122223333:group/Shop/abc", "arn:aws:resource-groups:eu-west-1:111122223333:group/Other/def"])]]);
    const [plan] = planCostQueries([rule(1, "awsApplication", "Shop")], "service", settings, arns);
    expect(plan!.filter).toEqual({ And: [{ Tags: { Key: "awsApplication", Values: ["Shop", "arn:aws:resource-groups:eu-west-1:111122223333:group/Shop/abc"], MatchOptions: ["EQUALS"] } }, NO_CREDITS] });
  });
});

describe("mapping Cost Explorer's answers", () => {
  const page = [
    {
      TimePeriod: { Start: "2026-11-24", End: "2026-11-25" },
      Total: {},
      Groups: [
        { Keys: ["team$platform", "service$auth"], Metrics: { AmortizedCost: { Amount: "12.3456789012", Unit: "USD" } } },
        { Keys: ["team$platform", "service$"], Metrics: { AmortizedCost: { Amount: "0.0000004", Unit: "USD" } } },
        { Keys: ["team$a$b", "service$"], Metrics: { AmortizedCost: { Amount: "-1.5000005", Unit: "USD" } } },
      ],
      Estimated: true,
    },
  ];

  it("splits tag keys on the first $ only, keeps the untagged value empty, parses amounts exactly and drops what rounds to nothing", () => {
    expect(splitTagKey("team$a$b")).toEqual(["team", "a$b"]);
    expect(splitTagKey("service$")).toEqual(["service", ""]);
    expect(mapGroupedResults(page, "AmortizedCost")).toEqual([
      { day: "2026-11-24", tags: { team: "platform", service: "auth" }, costMicroUsd: 12_345_679, estimated: true },
      { day: "2026-11-24", tags: { team: "a$b", service: "" }, costMicroUsd: -1_500_001, estimated: true },
    ]);
  });

  it("reads a breakdown's second key as its value: a dimension's as it is, a tag's after the $ (untagged: ''), the rule's own tag when grouped by it alone", () => {
    const at = (keys: string[], amount = "1") => [{ TimePeriod: { Start: "2026-11-24", End: "2026-11-25" }, Groups: [{ Keys: keys, Metrics: { AmortizedCost: { Amount: amount, Unit: "USD" } } }], Estimated: false }];
    const line = (tags: Record<string, string>, dimension: string, value: string) => [{ day: "2026-11-24", tags, dimension, value, costMicroUsd: 1_000_000, estimated: false }];
    expect(mapBreakdownResults(at(["app$shop", "NoRegion"]), "AmortizedCost", "region")).toEqual(line({ app: "shop" }, "region", "NoRegion"));
    expect(mapBreakdownResults(at(["app$shop", "env$prod$eu"]), "AmortizedCost", "tag:env")).toEqual(line({ app: "shop" }, "tag:env", "prod$eu"));
    expect(mapBreakdownResults(at(["app$shop", "env$"]), "AmortizedCost", "tag:env")).toEqual(line({ app: "shop" }, "tag:env", ""));
    expect(mapBreakdownResults(at(["app$shop"]), "AmortizedCost", "tag:app")).toEqual(line({ app: "shop" }, "tag:app", "shop"));
    // A dimension with no value, or an amount that rounds to nothing, is no line.
    expect(mapBreakdownResults(at(["app$shop", ""]), "AmortizedCost", "awsService")).toEqual([]);
    expect(mapBreakdownResults(at(["app$shop", "AWS Lambda"], "0.0000001"), "AmortizedCost", "awsService")).toEqual([]);
  });

  it("reads an ungrouped answer's Total as the day's total, zero included", () => {
    expect(mapTotals([{ TimePeriod: { Start: "2026-11-24", End: "2026-11-25" }, Total: { AmortizedCost: { Amount: "101.9341743611", Unit: "USD" } }, Estimated: false }, { TimePeriod: { Start: "2026-11-25", End: "2026-11-26" }, Total: {}, Estimated: true }], "AmortizedCost")).toEqual([
      { day: "2026-11-24", costMicroUsd: 101_934_174, estimated: false },
      { day: "2026-11-25", costMicroUsd: 0, estimated: true },
    ]);
  });
});

describe("readDailyCost", () => {
  const ce = mockClient(CostExplorerClient);
  beforeEach(() => ce.reset());
  // The unit project runs files one after another in one process: the client gets its own send back after this file.
  afterAll(() => ce.restore());
  const client = new CostExplorerClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
  const collect = async (chunks: AsyncIterable<unknown>) => {
    const out: unknown[] = [];
    for await (const c of chunks) out.push(c);
    return out;
  };
  const day = (d: string, amount: string) => ({ TimePeriod: { Start: d, End: d }, Total: { AmortizedCost: { Amount: amount, Unit: "USD" } }, Groups: [], Estimated: false });

  it("follows NextPageToken with the same request each time, and bills every page", async () => {
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce({ ResultsByTime: [{ TimePeriod: { Start: "2026-11-24", End: "2026-11-25" }, Groups: [{ Keys: ["team$x", "service$a"], Metrics: { AmortizedCost: { Amount: "1", Unit: "USD" } } }] }], NextPageToken: "p2" })
      .resolvesOnce({ ResultsByTime: [{ TimePeriod: { Start: "2026-11-24", End: "2026-11-25" }, Groups: [{ Keys: ["team$x", "service$b"], Metrics: { AmortizedCost: { Amount: "2", Unit: "USD" } } }] }] })
      .resolvesOnce({ ResultsByTime: [{ TimePeriod: { Start: "2026-11-24", End: "2026-11-25" }, Groups: [{ Keys: ["team$x", "AWS Lambda"], Metrics: { AmortizedCost: { Amount: "2.5", Unit: "USD" } } }, { Keys: ["team$x", "Amazon DynamoDB"], Metrics: { AmortizedCost: { Amount: "0.5", Unit: "USD" } } }] }] })
      .resolvesOnce({ ResultsByTime: [{ TimePeriod: { Start: "2026-11-24", End: "2026-11-25" }, Groups: [{ Keys: ["team$x", "eu-west-1"], Metrics: { AmortizedCost: { Amount: "3", Unit: "USD" } } }] }] })
      .resolvesOnce({ ResultsByTime: [{ TimePeriod: { Start: "2026-11-24", End: "2026-11-25" }, Groups: [{ Keys: ["team$x", "111122223333"], Metrics: { AmortizedCost: { Amount: "3", Unit: "USD" } } }] }] })
      .resolvesOnce({ ResultsByTime: [day("2026-11-24", "5")] })
      .resolvesOnce({ ResultsByTime: [day("2026-11-24", "8")] });
    const meter = new Meter();
    const plans = planCostQueries([rule(1, "team", "x")], "service", settings);
    const chunks = await collect(readDailyCost(client, plans, [{ from: "2026-11-24", to: "2026-11-24" }], settings, meter, "acme"));
    expect(chunks).toEqual([
      { lines: [{ day: "2026-11-24", tags: { team: "x", service: "a" }, costMicroUsd: 1_000_000, estimated: false }] },
      { lines: [{ day: "2026-11-24", tags: { team: "x", service: "b" }, costMicroUsd: 2_000_000, estimated: false }] },
      {
        breakdownLines: [
          { day: "2026-11-24", tags: { team: "x" }, dimension: "awsService", value: "AWS Lambda", costMicroUsd: 2_500_000, estimated: false },
          { day: "2026-11-24", tags: { team: "x" }, dimension: "awsService", value: "Amazon DynamoDB", costMicroUsd: 500_000, estimated: false },
        ],
      },
      { breakdownLines: [{ day: "2026-11-24", tags: { team: "x" }, dimension: "region", value: "eu-west-1", costMicroUsd: 3_000_000, estimated: false }] },
      { breakdownLines: [{ day: "2026-11-24", tags: { team: "x" }, dimension: "account", value: "111122223333", costMicroUsd: 3_000_000, estimated: false }] },
      { lines: [{ day: "2026-11-24", tags: {}, costMicroUsd: 5_000_000, estimated: false }] },
      { totals: [{ day: "2026-11-24", costMicroUsd: 8_000_000, estimated: false }] },
    ]);
    const inputs = ce.commandCalls(GetCostAndUsageCommand).map((c) => c.args[0].input);
    expect(inputs[0]).toMatchObject({ TimePeriod: { Start: "2026-11-24", End: "2026-11-25" }, Granularity: "DAILY", Metrics: ["AmortizedCost"] });
    const { NextPageToken, ...second } = inputs[1]!;
    expect(NextPageToken).toBe("p2");
    expect(second).toEqual(inputs[0]);
    expect(meter.usage().byApi).toEqual([expect.objectContaining({ api: "ce:GetCostAndUsage", calls: 7, costMicroUsd: 70_000 })]);
  });

  it("turns a failure after the SDK's retries into a gap over the whole range, with the permission to add", async () => {
    ce.on(GetCostAndUsageCommand).rejects(Object.assign(new Error("User is not authorized to perform ce:GetCostAndUsage"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400, attempts: 1 } }));
    const chunks = await collect(readDailyCost(client, planCostQueries([], "service", settings), [{ from: "2026-11-01", to: "2026-11-30" }], settings, new Meter(), "acme"));
    expect(chunks).toEqual([{ gap: { part: "cost", from: "2026-11-01", to: "2026-11-30", reason: expect.stringMatching(/^Cost of acme: AccessDeniedException: .*\(allow ce:GetCostAndUsage in the policy Frugal uses\)$/) } }]);
  });
});
