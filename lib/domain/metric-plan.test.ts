import { describe, expect, it } from "vitest";
import { frontDoorType, planServiceMetrics } from "./metric-plan";

const r = (type: string, arn = type) => ({ arn, type });
const plan = (types: string[], purpose: "daily" | "samples") => Object.fromEntries(planServiceMetrics(types.map((t, i) => r(t, `${t}#${i}`)), purpose).map((p) => [p.resource.arn, p.kinds]));

describe("frontDoorType", () => {
  it.each([
    [["lambda:function", "elasticloadbalancing:targetgroup", "dynamodb:table"], "elasticloadbalancing:targetgroup"],
    [["lambda:function", "apigateway:stage"], "apigateway:stage"],
    [["lambda:function", "sqs:queue"], "lambda:function"],
    [["sqs:queue", "dynamodb:table"], null],
    [[], null],
  ])("%j → %s", (types, front) => {
    expect(frontDoorType(types)).toBe(front);
  });
});

describe("planServiceMetrics", () => {
  it("reads requests, errors and p99 at the load balancer only, and throttles wherever they happen", () => {
    expect(plan(["elasticloadbalancing:targetgroup", "lambda:function", "dynamodb:table", "ecs:service"], "daily")).toEqual({
      "elasticloadbalancing:targetgroup#0": ["requests", "count4xx", "count5xx", "latencyP99Ms"],
      "lambda:function#1": ["throttles"],
      "dynamodb:table#2": ["throttles"],
    });
  });

  it("counts a Lambda behind nothing as the front door, without 4XX (Lambda has none)", () => {
    expect(plan(["lambda:function"], "daily")).toEqual({ "lambda:function#0": ["requests", "count5xx", "latencyP99Ms", "throttles"] });
  });

  it("counts a queue consumer by the messages it deleted, and reads queue health only for the overload samples", () => {
    expect(plan(["sqs:queue"], "daily")).toEqual({ "sqs:queue#0": ["queueDeleted"] });
    expect(plan(["sqs:queue"], "samples")).toEqual({ "sqs:queue#0": ["queueAgeSeconds", "queueDepth", "queueSent", "queueDeleted"] });
    expect(plan(["apigateway:stage", "sqs:queue"], "daily")).toEqual({ "apigateway:stage#0": ["requests", "count4xx", "count5xx", "latencyP99Ms"] });
  });

  it("reads p50 and retries for the samples", () => {
    expect(plan(["apigateway:stage"], "samples")).toEqual({ "apigateway:stage#0": ["requests", "count4xx", "count5xx", "latencyP50Ms", "latencyP99Ms", "retries"] });
  });

  it("reads every front door of the same type (one per cell)", () => {
    expect(Object.keys(plan(["elasticloadbalancing:targetgroup", "elasticloadbalancing:targetgroup", "elasticloadbalancing:targetgroup"], "daily"))).toHaveLength(3);
  });

  it("reads nothing for a service of only storage and compute", () => {
    expect(plan(["ecs:service", "rds:cluster", "s3:bucket"], "daily")).toEqual({});
  });
});
