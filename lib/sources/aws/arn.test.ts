import { describe, expect, it } from "vitest";
import { apiStageOf, parseArn } from "./arn";

describe("parseArn", () => {
  it.each([
    ["arn:aws:lambda:eu-west-1:123456789012:function:checkout-api", { type: "lambda:function", name: "checkout-api", region: "eu-west-1", accountId: "123456789012" }],
    ["arn:aws:lambda:eu-west-1:123456789012:function:checkout-api:live", { type: "lambda:function", name: "checkout-api", resource: "checkout-api:live" }],
    ["arn:aws:sqs:us-east-1:123456789012:orders-queue", { type: "sqs:queue", name: "orders-queue", resource: "orders-queue" }],
    ["arn:aws:dynamodb:eu-west-1:123456789012:table/carts", { type: "dynamodb:table", name: "carts" }],
    [
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-cell-a/6d0ecf831eec9f09",
      { type: "elasticloadbalancing:targetgroup", name: "web-cell-a", resource: "targetgroup/web-cell-a/6d0ecf831eec9f09" },
    ],
    ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188", { type: "elasticloadbalancing:loadbalancer", name: "shop", resource: "loadbalancer/app/shop/50dc6c495c0c9188" }],
    ["arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod", { type: "apigateway:stage", name: "a1b2c3/prod", accountId: "" }],
    ["arn:aws:apigateway:eu-west-1::/apis/x9y8/stages/$default", { type: "apigateway:stage", name: "x9y8/$default" }],
    ["arn:aws:apigateway:eu-west-1::/restapis/a1b2c3", { type: "apigateway:restapi", name: "a1b2c3" }],
    ["arn:aws:ecs:eu-west-1:123456789012:service/shop/checkout", { type: "ecs:service", name: "checkout" }],
    ["arn:aws:rds:eu-west-1:123456789012:cluster:aurora-shop", { type: "rds:cluster", name: "aurora-shop" }],
    ["arn:aws:s3:::my-bucket", { type: "s3:bucket", name: "my-bucket", region: "" }],
    ["arn:aws-cn:sagemaker:cn-north-1:123456789012:endpoint/reco", { partition: "aws-cn", type: "sagemaker:endpoint", name: "reco" }],
  ])("%s", (arn, expected) => {
    expect(parseArn(arn)).toMatchObject(expected);
  });

  it.each(["", "not-an-arn", "arn:aws:lambda", "arn:aws::eu-west-1:1:x"])("refuses %j", (arn) => {
    expect(parseArn(arn)).toBeNull();
  });

  it("finds the API and stage of REST and HTTP API stages", () => {
    expect(apiStageOf(parseArn("arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod")!)).toEqual({ kind: "rest", apiId: "a1b2c3", stage: "prod" });
    expect(apiStageOf(parseArn("arn:aws:apigateway:eu-west-1::/apis/x9y8/stages/$default")!)).toEqual({ kind: "http", apiId: "x9y8", stage: "$default" });
    expect(apiStageOf(parseArn("arn:aws:lambda:eu-west-1:1:function:f")!)).toBeNull();
  });
});
