import { describe, expect, it } from "vitest";
import { bucketOf, evaluateFlag, type EvaluationContext, type FlagState } from "./flags";

const flag = (overrides: Partial<FlagState> = {}): FlagState => ({ key: "recommendations.enabled", tier: 3, state: "on", throttlePercent: null, ...overrides });

describe("evaluateFlag", () => {
  it.each<[string, Partial<FlagState>, EvaluationContext, object]>([
    ["on is true", {}, {}, { value: true, reason: "STATIC", variant: "on", metadata: { tier: 3, state: "on" } }],
    ["off is false", { state: "off" }, { targetingKey: "u1" }, { value: false, reason: "DISABLED", variant: "off", metadata: { tier: 3, state: "off" } }],
    ["a cell override wins in its cell", { cells: { "cell-b": { state: "off", throttlePercent: null } } }, { cell: "cell-b" }, { value: false, reason: "TARGETING_MATCH", variant: "off", metadata: { cell: "cell-b" } }],
    ["a cell override never serves more than the flag", { state: "off", cells: { "cell-b": { state: "throttled", throttlePercent: 50 } } }, { cell: "cell-b", targetingKey: "u1" }, { value: false, reason: "DISABLED", variant: "off" }],
    ["a throttled cell under a throttled flag keeps the smaller share", { state: "throttled", throttlePercent: 20, cells: { "cell-b": { state: "throttled", throttlePercent: 60 } } }, { cell: "cell-b", targetingKey: "u1" }, { metadata: { throttlePercent: 20 } }],
    ["other cells keep the flag's state", { cells: { "cell-b": { state: "off", throttlePercent: null } } }, { cell: "cell-a" }, { value: true, reason: "STATIC" }],
    ["throttled 100 % serves everyone", { state: "throttled", throttlePercent: 100 }, { targetingKey: "anyone" }, { value: true, reason: "SPLIT", variant: "served", metadata: { throttlePercent: 100 } }],
    ["throttled 0 % serves no one", { state: "throttled", throttlePercent: 0 }, { targetingKey: "anyone" }, { value: false, reason: "SPLIT", variant: "shed" }],
  ])("%s", (_name, state, context, expected) => {
    expect(evaluateFlag(flag(state), context)).toMatchObject({ key: "recommendations.enabled", ...expected });
  });

  it("needs a targeting key to split a throttled feature, and says why", () => {
    expect(evaluateFlag(flag({ state: "throttled", throttlePercent: 40 }), {})).toEqual({
      key: "recommendations.enabled",
      errorCode: "TARGETING_KEY_MISSING",
      errorDetails: expect.stringMatching(/serves 40 % of traffic; send a targetingKey/),
    });
  });
});

describe("throttling by targeting key", () => {
  const keys = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);
  const servedAt = (percent: number) => {
    const throttled = flag({ state: "throttled", throttlePercent: percent });
    return new Set(
      keys.filter((k) => {
        const evaluation = evaluateFlag(throttled, { targetingKey: k });
        return "value" in evaluation && evaluation.value;
      }),
    );
  };

  it.each([10, 25, 50, 90])("serves about %i %% of keys", (percent) => {
    const share = servedAt(percent).size / keys.length;
    expect(share).toBeGreaterThan(percent / 100 - 0.015);
    expect(share).toBeLessThan(percent / 100 + 0.015);
  });

  it("gives a key the same answer every time", () => {
    const once = keys.slice(0, 500).map((k) => bucketOf("f", k));
    expect(keys.slice(0, 500).map((k) => bucketOf("f", k))).toEqual(once);
  });

  it("only adds keys when the share goes up (nobody flips back and forth)", () => {
    const at30 = servedAt(30);
    const at50 = servedAt(50);
    expect([...at30].every((k) => at50.has(k))).toBe(true);
  });

  it("buckets each flag on its own, so the same users are not shed from every feature", () => {
    const a = keys.filter((k) => bucketOf("recommendations.enabled", k) < 5_000);
    const b = new Set(keys.filter((k) => bucketOf("search.enabled", k) < 5_000));
    const both = a.filter((k) => b.has(k)).length / keys.length;
    expect(both).toBeGreaterThan(0.22);
    expect(both).toBeLessThan(0.28);
  });
});

describe("outcomes", () => {
  it("name each distinct answer a flag can give, and only those", async () => {
    const { decide, outcomeOf } = await import("./flags");
    const f = flag({ state: "throttled", throttlePercent: 50, cells: { "cell-b": { state: "off", throttlePercent: null } } });
    const outcomes = new Set(Array.from({ length: 200 }, (_, i) => outcomeOf(decide(f, { targetingKey: `u${i}` }))));
    expect([...outcomes].sort()).toEqual(["served", "shed"]);
    expect(outcomeOf(decide(f, {}))).toBe("nokey");
    expect(outcomeOf(decide(f, { cell: "cell-b", targetingKey: "u1" }))).toBe("cell-b\u0000off");
    expect(outcomeOf(decide(f, { cell: "cell-a", targetingKey: "u1" }))).toMatch(/^(served|shed)$/);
  });
});
