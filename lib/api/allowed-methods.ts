// Which methods a path of the JSON API takes, read from its OpenAPI document (which
// tests/openapi.test.ts keeps equal to what each route exports). Next.js answers a route
// asked with a method it lacks with a bare 405: no body and no Allow header, which HTTP
// requires. proxy.ts answers it instead, from this.
import { OPENAPI } from "./openapi";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Each path template as a pattern ({id} is one segment), with the methods it describes. */
const ROUTES = Object.entries(OPENAPI.paths as Record<string, Record<string, unknown>>).map(([template, operations]) => ({
  pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "[^/]+")}$`),
  methods: METHODS.filter((m) => m.toLowerCase() in operations),
}));

/**
 * The methods of the API route `pathname` belongs to, as an Allow header lists them (HEAD
 * with GET, and OPTIONS, which Next.js answers for every route), or null when no described
 * route matches (then the request goes on as it came).
 */
export function allowedMethods(pathname: string): string[] | null {
  const route = ROUTES.find((r) => r.pattern.test(pathname));
  if (!route) return null;
  return [...route.methods, ...(route.methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
}
