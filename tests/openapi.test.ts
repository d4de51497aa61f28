// The OpenAPI document names every route of the JSON API, with the methods it answers and no other:
// a route added without its description fails here (as /api/v1/audit once was missing).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPENAPI } from "../lib/api/openapi";

function routes(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? routes(full) : e.name === "route.ts" ? [full] : [];
  });
}

describe("the OpenAPI document", () => {
  const files = routes("app/api/v1").filter((f) => !f.includes("openapi.json"));

  it.each(files.map((f) => [f]))("describes %s, with each method it exports", (file) => {
    const url = `/${path.dirname(file).replace(/^app\//, "").replace(/\[(\w+)\]/g, "{$1}")}`;
    const described = (OPENAPI.paths as Record<string, Record<string, unknown>>)[url];
    expect(described, url).toBeDefined();
    const source = fs.readFileSync(file, "utf8");
    // Both ways: proxy.ts answers a method the document lacks with 405 (lib/api/allowed-methods.ts).
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      expect(described![method.toLowerCase()] !== undefined, `${method} ${url}`).toBe(new RegExp(`export const ${method}\\b`).test(source));
    }
  });
});
