import { describe, expect, it } from "vitest";
import { remembered } from "./bounded-memo";

describe("remembered", () => {
  it("computes each key once while it is kept", () => {
    const cache = new Map<string, number>();
    const calls: string[] = [];
    const length = (key: string) => (calls.push(key), key.length);
    expect(remembered(cache, 3, "ab", length)).toBe(2);
    expect(remembered(cache, 3, "ab", length)).toBe(2);
    expect(remembered(cache, 3, "abc", length)).toBe(3);
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
    const cache = new Map<string, string>();
    const calls: string[] = [];
    for (const key of keys) expect(remembered(cache, limit, key, (k) => (calls.push(k), k.toUpperCase()))).toBe(key.toUpperCase());
    expect(cache.size).toBe(size);
    expect(calls).toEqual(computed);
  });
});
