import { describe, expect, it } from "vitest";
import { decodePathSegment, normalizedPath, sameOriginPath } from "./url";

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

describe("sameOriginPath: where sign-in may send someone", () => {
  it.each([
    ["/applications/storefront?range=7", "/applications/storefront?range=7"],
    ["/", "/"],
    ["/limits#pending", "/limits#pending"],
    [undefined, "/"],
    ["", "/"],
    ["/\\evil.example", "/"],
    ["/\\/evil.example", "/"],
    ["//evil.example", "/"],
    ["///evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["https://evil.example/", "/"],
    ["http:evil.example", "/evil.example"],
    ["javascript:alert(1)", "/"],
    ["evil.example", "/evil.example"],
    ["/%5Cevil.example", "/%5Cevil.example"],
    ["/../../etc", "/etc"],
  ])("%j → %j", (next, path) => {
    expect(sameOriginPath(next)).toBe(path);
  });
});
