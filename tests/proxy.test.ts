// What every page and API request passes first (proxy.ts): a server action posted
// from another site is a 403, not a 500; behind https, browsers are told to stay on it.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

let proxy: (request: NextRequest) => Response;
beforeAll(async () => {
  process.env.FRUGAL_BASE_URL = "https://frugal.example.com";
  ({ proxy } = await import("../proxy"));
});

const request = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(`https://frugal.example.com${path}`, { method: init.method ?? "GET", headers: { host: "frugal.example.com", ...init.headers } });

describe("proxy", () => {
  it.each([
    ["another site", "https://evil.example", 403],
    ["a look-alike host", "https://frugal.example.com.evil.example", 403],
    ["a malformed origin", "not a url", 403],
  ])("refuses a server action posted from %s with 403", (_name, origin, status) => {
    const response = proxy(request("/applications/storefront/tiers", { method: "POST", headers: { "next-action": "abc123", origin, cookie: "better-auth.session_token=x" } }));
    expect(response.status).toBe(status);
  });

  it("lets a same-origin server action through", () => {
    const response = proxy(request("/applications/storefront/tiers", { method: "POST", headers: { "next-action": "abc123", origin: "https://frugal.example.com", cookie: "better-auth.session_token=x" } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });

  it.each([
    ["the sign-in page", "/sign-in", 200],
    ["the tab icon it shows", "/icon.svg", 200],
    ["a page", "/limits", 307],
  ])("without a session, serves %s or sends to sign-in", (_name, path, status) => {
    expect(proxy(request(path)).status).toBe(status);
  });

  it.each([
    ["an API path", "/api/v1/applications/%E0%A4%A/services", "application/json", true],
    ["an API path with %zz", "/api/v1/report-runs/%zz", "application/json", true],
    ["a page", "/applications/storefront/services/%E0%A4", "text/html; charset=utf-8", true],
    ["a page, signed out (not sent to sign in first)", "/applications/a%", "text/html; charset=utf-8", false],
  ])("answers a malformed percent escape in %s with 400 in the caller's shape", async (_name, path, type, signedIn) => {
    const response = proxy(request(path, { headers: signedIn ? { cookie: "better-auth.session_token=x" } : {} }));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe(type);
    const body = await response.text();
    if (type === "application/json") expect(JSON.parse(body)).toMatchObject({ error: { code: "BAD_REQUEST", message: expect.stringMatching(/malformed percent escape/) } });
    else expect(body).toMatch(/<h1>Bad address<\/h1>/);
  });

  it.each(["/applications/storefront/services/caf%C3%A9", "/api/v1/applications/storefront/services/a%20b", "/applications/100%25"])("passes %s, whose escapes are whole, on to the page", (path) => {
    const response = proxy(request(path, { headers: { cookie: "better-auth.session_token=x" } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });

  it.each([
    ["PUT", "/api/v1/applications", "GET, HEAD, OPTIONS", "/api/v1/applications takes GET, not PUT."],
    ["PATCH", "/api/v1/report-schedules/3", "GET, DELETE, HEAD, OPTIONS", "/api/v1/report-schedules/3 takes GET or DELETE, not PATCH."],
    ["DELETE", "/api/v1/applications/storefront/business-metrics", "GET, POST, HEAD, OPTIONS", "/api/v1/applications/storefront/business-metrics takes GET or POST, not DELETE."],
  ])("answers %s %s with 405, the Allow header and why", async (method, path, allow, message) => {
    const response = proxy(request(path, { method, headers: { cookie: "better-auth.session_token=x" } }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allow);
    expect(await response.json()).toEqual({ error: { code: "METHOD_NOT_ALLOWED", message } });
  });

  it.each([
    ["GET", "/api/v1/applications"],
    ["HEAD", "/api/v1/applications"],
    ["OPTIONS", "/api/v1/report-schedules"],
    ["POST", "/api/v1/report-schedules"],
    ["PUT", "/api/v1/not-a-route"],
  ])("passes %s %s on to the route (or to the 404 of an address no route answers)", (method, path) => {
    expect(proxy(request(path, { method })).headers.get("x-middleware-next")).toBe("1");
  });

  it("sets HSTS when the dashboard is served over https, with the CSP", () => {
    const response = proxy(request("/", { headers: { cookie: "better-auth.session_token=x" } }));
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  });
});
