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
    ["/ofrep/v1/evaluate/flags/recommendations.enabled?x=/../y", "/ofrep/v1/evaluate/flags/recommendations.enabled"],
    ["/.well-known/x", "/.well-known/x"],
    ["/a/...", "/a/..."],
    ["/a/..", "/"],
    ["/a/.", "/a/"],
    ["/a#b/../c", "/a"],
    ["/a\\..\\ofrep", "/ofrep"],
  ])("%s → %s", (target, path) => {
    expect(normalizedPath(target)).toBe(path);
  });

  it("reads every target as the URL parser does, its fast path included", () => {
    const parsed = (target: string) => new URL(`http://frugal.invalid${target}`).pathname;
    const alphabet = ["/", ".", "a", "-", "%", "2", "e", "?", "#", "\\", "~", "\t", " "];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const target = "/" + Array.from({ length: 1 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      expect(normalizedPath(target), target).toBe(parsed(target));
    }
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
