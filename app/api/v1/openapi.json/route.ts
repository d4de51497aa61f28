import { OPENAPI } from "@/lib/api/openapi";

/** The API's description; public, since it holds no data. */
export function GET(): Response {
  return Response.json(OPENAPI, { headers: { "cache-control": "public, max-age=300" } });
}
