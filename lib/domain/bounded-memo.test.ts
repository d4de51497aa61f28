import { describe, expect, it } from "vitest";
import { BoundedMemo } from "./bounded-memo";

describe("BoundedMemo", () => {
  it("computes each key once while it is kept", () => {
    const memo = new BoundedMemo<string, number>(3);
    const calls: string[] = [];
    const length = (key: string) => (calls.push(key), key.length);
    expect(memo.get("ab", length)).toBe(2);
    expect(memo.get("ab", length)).toBe(2);
    expect(memo.get("abc", length)).toBe(3);
    expect(calls).toEqual(["ab", "abc"]);
  });

  it.each([
    // [limit, keys asked in turn, size after, keys computed]
    [2, ["a", "b"], 2, ["a", "b"]],
    [2, ["a", "b", "c"], 1, ["a", "b", "c"]],
    [2, ["a", "b", "c", "a"], 2, ["a", "b", "c", "a"]],
    [2, ["a", "b", "a", "b"], 2, ["a", "b"]],
    [1, ["a", "a", "b", "b"], 1, ["a", "b"]],
  ] as const)("with room for %i, after %j: %i kept, computed %j", (limit, keys, size, computed) => {
    const memo = new BoundedMemo<string, string>(limit);
    const calls: string[] = [];
    for (const key of keys) expect(memo.get(key, (k) => (calls.push(k), k.toUpperCase()))).toBe(key.toUpperCase());
    expect(memo.size).toBe(size);
    expect(calls).toEqual(computed);
  });

  it("does not keep a computed undefined", () => {
    const memo = new BoundedMemo<string, number | undefined>(2);
    let calls = 0;
    expect(memo.get("a", () => (calls++, undefined))).toBeUndefined();
    expect(memo.get("a", () => (calls++, undefined))).toBeUndefined();
    expect([calls, memo.size]).toEqual([2, 0]);
  });
});
