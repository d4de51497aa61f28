import { describe, expect, it } from "vitest";
import { allowedMethods } from "./allowed-methods";

describe("allowedMethods", () => {
  it.each([
    ["/api/v1/applications", ["GET", "HEAD", "OPTIONS"]],
    ["/api/v1/applications/storefront/business-metrics", ["GET", "POST", "HEAD", "OPTIONS"]],
    ["/api/v1/report-schedules/12", ["GET", "DELETE", "HEAD", "OPTIONS"]],
    ["/api/v1/applications/storefront/services/checkout/resources", ["GET", "HEAD", "OPTIONS"]],
    // {id} is one segment: a deeper path is not that route.
    ["/api/v1/applications/storefront/extra/business-metrics", null],
    ["/api/v1/applications/", null],
    ["/api/v1/nope", null],
    ["/api/health", null],
  ])("%s takes %j", (path, methods) => {
    expect(allowedMethods(path)).toEqual(methods);
  });
});
