import { describe, expect, it } from "vitest";
import { applicationFilter, monthEnd } from "./cost-forecast";

const rule = (applicationId: number, position: number, key: string, value: string) => ({ applicationId, position, key, value });
const settings = { metric: "AmortizedCost", includeCredits: true } as const;
const tag = (key: string, value: string) => ({ Tags: { Key: key, Values: [value], MatchOptions: ["EQUALS"] } });

describe("an application's forecast filter: the cost its rules win", () => {
  // 1: team=platform; 2: app=* (any app tag); 1 again: service=auth (after 2, so app-tagged auth cost is 2's).
  const rules = [rule(1, 10, "team", "platform"), rule(2, 20, "app", "*"), rule(1, 30, "service", "auth")];

  it("is each of its rules, less what other applications' earlier rules take", () => {
    expect(applicationFilter(rules, 1, settings)).toEqual({
      Or: [tag("team", "platform"), { And: [tag("service", "auth"), { Not: { Not: { Tags: { Key: "app", MatchOptions: ["ABSENT"] } } } }] }],
    });
    expect(applicationFilter(rules, 2, settings)).toEqual({ And: [{ Not: { Tags: { Key: "app", MatchOptions: ["ABSENT"] } } }, { Not: tag("team", "platform") }] });
  });

  it("leaves credits and refunds out unless they count, and is nothing for an application without rules", () => {
    expect(applicationFilter([rule(1, 10, "team", "platform")], 1, { metric: "AmortizedCost", includeCredits: false })).toEqual({ And: [tag("team", "platform"), { Not: { Dimensions: { Key: "RECORD_TYPE", Values: ["Credit", "Refund"] } } }] });
    expect(applicationFilter(rules, 3, settings)).toBeUndefined();
  });
});

describe("the forecast's end", () => {
  it.each([
    ["2026-11-30", "2026-12-01"],
    ["2026-12-01", "2027-01-01"],
    ["2028-02-29", "2028-03-01"],
    ["2026-01-31", "2026-02-01"],
  ])("from %s runs to %s (exclusive)", (day, end) => expect(monthEnd(day)).toBe(end));
});
