import { describe, expect, it } from "vitest";
import { breakdownValueLabel, checkTagKey, exploredKeysCost, isBreakdownDimension, parseExploredTagKeys, parseTagKeyList } from "./breakdown";

describe("tag keys to explore", () => {
  it.each([
    ["team", null],
    ["cost-center", null],
    ["Cost Centre/EU @2026 +=._", null],
    ["équipe", null],
    ["", "not empty"],
    [" team", "no space at either end"],
    ["aws:createdBy", "AWS-generated keys"],
    ["team#1", "characters AWS does not allow"],
    ["k".repeat(128), null],
    ["k".repeat(129), "at most 128"],
  ])("%j: %s", (key, problem) => {
    const found = checkTagKey(key);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it("reads a typed list: commas or new lines, blanks and repeats dropped, at most five", () => {
    expect(parseTagKeyList("team, cost-center\n\nteam,")).toEqual({ keys: ["team", "cost-center"] });
    expect(parseTagKeyList("")).toEqual({ keys: [] });
    expect(parseTagKeyList("a,b,c,d,e,f")).toEqual({ error: expect.stringContaining("At most 5") });
    expect(parseTagKeyList("team,aws:cloudformation:stack-name")).toEqual({ error: expect.stringContaining("AWS-generated") });
  });

  it("reads the stored list, leaving out anything it cannot use", () => {
    expect(parseExploredTagKeys('["team","cost-center"]')).toEqual(["team", "cost-center"]);
    expect(parseExploredTagKeys('["team", 3, "aws:x"]')).toEqual(["team"]);
    expect(parseExploredTagKeys("not json")).toEqual([]);
    expect(parseExploredTagKeys(null)).toEqual([]);
  });

  it("knows the breakdown dimensions", () => {
    expect(["awsService", "region", "account", "tag:team"].every(isBreakdownDimension)).toBe(true);
    expect(["service", "application", "tag:", "tag:aws:x", "zone"].some(isBreakdownDimension)).toBe(false);
  });

  it.each([
    ["region", "NoRegion", "No region"],
    ["region", "global", "Global"],
    ["region", "eu-west-1", "eu-west-1"],
    ["tag:team", "", "(no team)"],
    ["account", "", "(none)"],
  ])("shows %s %j as %j", (dimension, value, label) => expect(breakdownValueLabel(dimension, value)).toBe(label));
});

describe("what exploring a tag key costs", () => {
  // 3 rule keys, cost read 90 times a month (every 8 hours), 14 queries a read today (3 × 4 + 2).
  const base = { ruleKeys: 3, costReadsPerMonth: 90, queriesPerRead: 14 };
  it.each([
    ["one key added", [], ["team"], { queriesPerRead: 3, requestsPerMonth: 270, microUsdPerMonth: 2_700_000, rereadRequests: 17, rereadMicroUsd: 170_000 }],
    ["two keys added", [], ["team", "env"], { queriesPerRead: 6, requestsPerMonth: 540, microUsdPerMonth: 5_400_000, rereadRequests: 20, rereadMicroUsd: 200_000 }],
    ["one removed: cheaper, and the kept days are read again without it", ["team", "env"], ["team"], { queriesPerRead: -3, requestsPerMonth: -270, microUsdPerMonth: -2_700_000, rereadRequests: 11, rereadMicroUsd: 110_000 }],
    ["one swapped for another: same price, read again", ["team"], ["env"], { queriesPerRead: 0, requestsPerMonth: 0, microUsdPerMonth: 0, rereadRequests: 14, rereadMicroUsd: 140_000 }],
    ["nothing changed", ["team"], ["team"], { queriesPerRead: 0, requestsPerMonth: 0, microUsdPerMonth: 0, rereadRequests: 0, rereadMicroUsd: 0 }],
  ])("%s", (_, before, after, expected) => {
    expect(exploredKeysCost({ ...base, before, after })).toEqual(expected);
  });
});
