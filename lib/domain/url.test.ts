import { describe, expect, it } from "vitest";
import { decodePathSegment, normalizedPath } from "./url";

describe("decodePathSegment", () => {
  it.each([
    ["recommendations.enabled", "recommendations.enabled"],
    ["a%20b", "a b"],
    ["caf%C3%A9", "café"],
    ["rollout-50%", null],
    ["%", null],
    ["%zz", null],
    ["%E0%A4", null],
    ["%C0%AF", null],
  ])("%s → %s", (segment, decoded) => {
    expect(decodePathSegment(segment)).toBe(decoded);
  });
});

describe("normalizedPath", () => {
  it.each([
    ["/ofrep/v1/evaluate/flags", "/ofrep/v1/evaluate/flags"],
    ["/./ofrep/v1/evaluate/flags", "/ofrep/v1/evaluate/flags"],
    ["/%2e/ofrep/v1/evaluate/flags", "/ofrep/v1/evaluate/flags"],
    ["/x/../ofrep/v1/evaluate/flags?a=1", "/ofrep/v1/evaluate/flags"],
    ["/api/../ofrep/v1", "/ofrep/v1"],
    ["//ofrep/v1", "//ofrep/v1"],
    ["*", "*"],
  ])("%s → %s", (target, path) => {
    expect(normalizedPath(target)).toBe(path);
  });
});
