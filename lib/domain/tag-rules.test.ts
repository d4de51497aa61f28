import { describe, expect, it } from "vitest";
import { applicationNameFromArn, classify, matchApplication, orderRules, ruleMatches, tagKeysToGroupBy, type TagRule } from "./tag-rules";

const STOREFRONT_ARN = "arn:aws:resource-groups:us-east-1:123456789012:group/storefront/0a7c1e9b3d5f";
const OTHER_ARN = "arn:aws:resource-groups:us-east-1:123456789012:group/billing/99";
const keys = { serviceTagKey: "service", cellTagKey: "cell" };

const rules: TagRule[] = orderRules([
  { applicationId: 3, position: 30, key: "team", value: "*" },
  { applicationId: 1, position: 10, key: "awsApplication", value: "storefront" },
  { applicationId: 2, position: 20, key: "app", value: "fulfilment" },
  { applicationId: 4, position: 25, key: "awsApplication", value: OTHER_ARN },
]);

describe("ruleMatches", () => {
  it.each([
    ["exact value", { key: "app", value: "fulfilment" }, { app: "fulfilment" }, true],
    ["other value", { key: "app", value: "fulfilment" }, { app: "fulfillment" }, false],
    ["values are case-sensitive, as AWS tags are", { key: "app", value: "fulfilment" }, { app: "Fulfilment" }, false],
    ["key missing", { key: "app", value: "fulfilment" }, { team: "x" }, false],
    ["key=* with a value", { key: "team", value: "*" }, { team: "data" }, true],
    ["key=* with an empty value (Cost Explorer's untagged 'team$')", { key: "team", value: "*" }, { team: "" }, false],
    ["key=* without the key", { key: "team", value: "*" }, {}, false],
    ["awsApplication by full ARN", { key: "awsApplication", value: STOREFRONT_ARN }, { awsApplication: STOREFRONT_ARN }, true],
    ["awsApplication by application name", { key: "awsApplication", value: "storefront" }, { awsApplication: STOREFRONT_ARN }, true],
    ["awsApplication name of another application", { key: "awsApplication", value: "storefront" }, { awsApplication: OTHER_ARN }, false],
    ["awsApplication value that is not an ARN", { key: "awsApplication", value: "storefront" }, { awsApplication: "storefront" }, true],
    ["a name rule does not match inside other keys' ARNs", { key: "owner", value: "storefront" }, { owner: STOREFRONT_ARN }, false],
  ])("%s", (_name, rule, tags, expected) => {
    expect(ruleMatches(rule, tags)).toBe(expected);
  });
});

describe("matchApplication: the first matching rule wins", () => {
  it.each([
    ["only the awsApplication tag", { awsApplication: STOREFRONT_ARN }, 1],
    ["awsApplication beats a later app= rule", { awsApplication: STOREFRONT_ARN, app: "fulfilment" }, 1],
    ["app= beats a later team=* rule", { app: "fulfilment", team: "platform" }, 2],
    ["an ARN rule placed before team=*", { awsApplication: OTHER_ARN, team: "platform" }, 4],
    ["team=* alone", { team: "platform" }, 3],
    ["no tags at all (untagged)", {}, null],
    ["tags no rule looks at", { Name: "bastion", env: "prod" }, null],
    ["an unknown awsApplication ARN", { awsApplication: "arn:aws:resource-groups:us-east-1:1:group/legacy/1" }, null],
  ])("%s", (_name, tags, expected) => {
    expect(matchApplication(tags, rules)).toBe(expected);
  });

  it("orders rules by position, whatever order they are stored in", () => {
    expect(rules.map((r) => r.position)).toEqual([10, 20, 25, 30]);
  });
});

describe("classify", () => {
  it("names the service and cell inside an application", () => {
    expect(classify({ app: "fulfilment", service: "inventory", cell: "cell-b" }, rules, keys)).toEqual({ applicationId: 2, service: "inventory", cell: "cell-b" });
  });
  it("puts an application resource without a service tag in its shared pool", () => {
    expect(classify({ app: "fulfilment", service: "" }, rules, keys)).toEqual({ applicationId: 2, service: null, cell: null });
  });
  it("ignores a service tag on an unallocated resource", () => {
    expect(classify({ service: "orphan", cell: "cell-a" }, rules, keys)).toEqual({ applicationId: null, service: null, cell: "cell-a" });
  });
  it("honours configured tag keys", () => {
    expect(classify({ app: "fulfilment", svc: "shipping", az: "a" }, rules, { serviceTagKey: "svc", cellTagKey: "az" })).toEqual({ applicationId: 2, service: "shipping", cell: "a" });
  });
});

describe("applicationNameFromArn", () => {
  it.each([
    [STOREFRONT_ARN, "storefront"],
    ["arn:aws:resource-groups:eu-west-1:123456789012:group/CC_Payments_App", "CC_Payments_App"],
    ["arn:aws-cn:resource-groups:cn-north-1:123456789012:group/shop/abc", "shop"],
    ["arn:aws:lambda:us-east-1:123456789012:function:storefront", null],
    ["storefront", null],
  ])("%s → %s", (arn, name) => {
    expect(applicationNameFromArn(arn)).toBe(name);
  });
});

it("groups cost by every key the rules use, in rule order, plus the service key", () => {
  expect(tagKeysToGroupBy(rules, keys)).toEqual(["awsApplication", "app", "team", "service"]);
});
