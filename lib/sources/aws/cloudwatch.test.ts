import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Meter } from "../meter";
import { emptyDiscovery, getMetricData, queriesPerCall, retriesFor, seriesFor, toQueries } from "./cloudwatch";

const discovery = emptyDiscovery();
discovery.loadBalancerOf.set("targetgroup/web-a/6d0ecf831eec9f09", "app/shop/50dc6c495c0c9188");
discovery.throttledOperationsOf.set("carts", ["PutItem", "GetItem"]);
discovery.retries.set("web\u0000cell-a", [
  { name: "Service", value: "web" },
  { name: "Cell", value: "cell-a" },
]);
const r = (arn: string, type: string, tags: Record<string, string> = {}) => ({ arn, name: "", type, region: "eu-west-1", tags });
const TG = r("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web-a/6d0ecf831eec9f09", "elasticloadbalancing:targetgroup", { service: "web", cell: "cell-a" });
const brief = (kind: Parameters<typeof seriesFor>[1], resource = TG) => seriesFor(resource, kind, discovery).map((s) => `${s.namespace} ${s.metricName} ${s.stat}${s.fill ? " FILL" : ""}${s.scale !== 1 ? ` ×${s.scale}` : ""} ${s.dimensions.map((d) => `${d.Name}=${d.Value}`).join(",")}`);

describe("seriesFor: what each resource type publishes", () => {
  it.each([
    ["requests", ["AWS/ApplicationELB RequestCount Sum TargetGroup=targetgroup/web-a/6d0ecf831eec9f09,LoadBalancer=app/shop/50dc6c495c0c9188"]],
    ["count5xx", ["AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum FILL TargetGroup=targetgroup/web-a/6d0ecf831eec9f09,LoadBalancer=app/shop/50dc6c495c0c9188"]],
    ["latencyP99Ms", ["AWS/ApplicationELB TargetResponseTime p99 ×1000 TargetGroup=targetgroup/web-a/6d0ecf831eec9f09,LoadBalancer=app/shop/50dc6c495c0c9188"]],
    ["throttles", []],
  ] as const)("a target group's %s", (kind, expected) => {
    expect(brief(kind)).toEqual(expected);
  });

  it("reads nothing for a target group whose load balancer is not known", () => {
    expect(seriesFor(r("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/other/1", "elasticloadbalancing:targetgroup"), "requests", discovery)).toEqual([]);
  });

  it.each([
    ["a REST API stage by its Name tag", r("arn:aws:apigateway:eu-west-1::/restapis/a1/stages/prod", "apigateway:stage", { Name: "shop-api" }), "count4xx", ["AWS/ApiGateway 4XXError Sum ApiName=shop-api,Stage=prod"]],
    ["a REST API stage without a Name tag", r("arn:aws:apigateway:eu-west-1::/restapis/a1/stages/prod", "apigateway:stage"), "requests", []],
    ["an HTTP API stage by its id", r("arn:aws:apigateway:eu-west-1::/apis/h77x/stages/prod", "apigateway:stage"), "count5xx", ["AWS/ApiGateway 5xx Sum ApiId=h77x,Stage=prod"]],
    ["a Lambda's requests", r("arn:aws:lambda:eu-west-1:1:function:worker", "lambda:function"), "requests", ["AWS/Lambda Invocations Sum FunctionName=worker"]],
    ["a Lambda's 5XX", r("arn:aws:lambda:eu-west-1:1:function:worker", "lambda:function"), "count5xx", ["AWS/Lambda Errors Sum FunctionName=worker"]],
    ["a queue's age", r("arn:aws:sqs:eu-west-1:1:orders", "sqs:queue"), "queueAgeSeconds", ["AWS/SQS ApproximateAgeOfOldestMessage Maximum QueueName=orders"]],
    ["a table's throttles, per throttled operation", r("arn:aws:dynamodb:eu-west-1:1:table/carts", "dynamodb:table"), "throttles", ["AWS/DynamoDB ThrottledRequests Sum TableName=carts,Operation=PutItem", "AWS/DynamoDB ThrottledRequests Sum TableName=carts,Operation=GetItem"]],
    ["an ECS service's requests", r("arn:aws:ecs:eu-west-1:1:service/shop/web", "ecs:service"), "requests", []],
  ] as const)("%s", (_name, resource, kind, expected) => {
    expect(brief(kind, resource)).toEqual(expected);
  });

  it("finds a service's published retries by service and cell", () => {
    expect(retriesFor(TG, discovery, "Frugal").map((s) => s.dimensions)).toEqual([[{ Name: "Service", Value: "web" }, { Name: "Cell", Value: "cell-a" }]]);
    expect(retriesFor({ ...TG, tags: { service: "api" } }, discovery, "Frugal")).toEqual([]);
  });
});

describe("calls", () => {
  const day = { start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-11-01T00:00:00Z"), periodSeconds: 86_400 };
  it.each([
    ["31 days of daily points", day, 500],
    ["400 days of daily points", { ...day, start: new Date("2025-09-27T00:00:00Z") }, 252],
    ["3 hours of minutes", { start: new Date("2026-11-26T11:00:00Z"), end: new Date("2026-11-26T14:00:00Z"), periodSeconds: 60 }, 500],
    ["2 days of minutes", { start: new Date("2026-11-24T14:00:00Z"), end: new Date("2026-11-26T14:00:00Z"), periodSeconds: 60 }, 35],
  ])("%s: %i queries a call, within 100,800 datapoints", (_name, window, expected) => {
    expect(queriesPerCall(window)).toBe(expected);
  });

  it("wraps a count CloudWatch leaves out when zero in FILL, with its input not returned", () => {
    const specs = seriesFor(TG, "count5xx", discovery);
    expect(toQueries(specs, day)).toEqual([
      { Id: "m0", MetricStat: { Metric: { Namespace: "AWS/ApplicationELB", MetricName: "HTTPCode_Target_5XX_Count", Dimensions: specs[0]!.dimensions }, Period: 86_400, Stat: "Sum" }, ReturnData: false },
      { Id: "q0", Expression: "FILL(m0, 0)", Period: 86_400 },
    ]);
  });

  const cw = mockClient(CloudWatchClient);
  beforeEach(() => cw.reset());
  // The unit project runs files one after another in one process: the client gets its own send back after this file.
  afterAll(() => cw.restore());
  const client = new CloudWatchClient({ region: "eu-west-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });

  it("follows NextToken, joins each series' pages in time order, scales seconds to milliseconds, and bills metrics, not expressions", async () => {
    const ts = (d: string) => new Date(`${d}T00:00:00Z`);
    cw.on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: "q0", Timestamps: [ts("2026-10-02")], Values: [0.25], StatusCode: "PartialData" }, { Id: "q1", Timestamps: [], Values: [], StatusCode: "PartialData" }], NextToken: "n1" })
      .resolvesOnce({ MetricDataResults: [{ Id: "q0", Timestamps: [ts("2026-10-01")], Values: [0.5], StatusCode: "Complete" }, { Id: "q1", Timestamps: [ts("2026-10-01")], Values: [3], StatusCode: "Complete" }] });
    const meter = new Meter();
    const specs = [...seriesFor(TG, "latencyP99Ms", discovery), ...seriesFor(TG, "count5xx", discovery)];
    const answers = await getMetricData(client, specs, day, meter);
    expect(answers).toEqual([
      { points: [{ ts: ts("2026-10-01"), value: 500 }, { ts: ts("2026-10-02"), value: 250 }], incomplete: null },
      { points: [{ ts: ts("2026-10-01"), value: 3 }], incomplete: null },
    ]);
    expect(cw.commandCalls(GetMetricDataCommand)[1]!.args[0].input).toMatchObject({ NextToken: "n1", ScanBy: "TimestampAscending" });
    // Two pages of two metrics (the FILL expression is free): 4 metrics requested.
    expect(meter.usage().byApi).toEqual([expect.objectContaining({ api: "cloudwatch:GetMetricData", calls: 2, metricsRequested: 4, costMicroUsd: 40 })]);
  });

  it("says a series is incomplete when CloudWatch answers PartialData without a next page, or InternalError", async () => {
    cw.on(GetMetricDataCommand).resolvesOnce({ MetricDataResults: [{ Id: "q0", Timestamps: [], Values: [], StatusCode: "InternalError" }] });
    const [answer] = await getMetricData(client, seriesFor(TG, "requests", discovery), day, new Meter());
    expect(answer!.incomplete).toMatch(/InternalError/);
  });
});
