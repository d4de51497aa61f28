import { describe, expect, it } from "vitest";
import { apiHref } from "./api-href";

describe("apiHref", () => {
  it.each([
    { what: "a path alone", path: ["unallocated"], query: {}, href: "/api/v1/unallocated" },
    { what: "a number in the path", path: ["report-runs", 42], query: { format: "csv" }, href: "/api/v1/report-runs/42?format=csv" },
    {
      what: "a service name with a slash, a space, a # and a ?",
      path: ["applications", "storefront", "services", "a/b c#d?e"],
      query: { format: "csv" },
      href: "/api/v1/applications/storefront/services/a%2Fb%20c%23d%3Fe?format=csv",
    },
    { what: "unset and empty values left out", path: ["audit"], query: { action: undefined, actor: "", app: "storefront", format: "csv" }, href: "/api/v1/audit?app=storefront&format=csv" },
    { what: "& and = inside a value", path: ["audit"], query: { actor: "a&b=c" }, href: "/api/v1/audit?actor=a%26b%3Dc" },
  ])("$what", ({ path, query, href }) => {
    expect(apiHref(path, query)).toBe(href);
  });

  it("reads back as the same path segments and query", () => {
    const url = new URL(apiHref(["applications", "shop", "services", "ünï/cødé"], { from: "2026-11-01", to: "2026-11-30" }), "http://x");
    expect(url.pathname.split("/").map(decodeURIComponent)).toEqual(["", "api", "v1", "applications", "shop", "services", "ünï/cødé"]);
    expect(Object.fromEntries(url.searchParams)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
  });
});
