// An address under /api/ that no route answers ("/api/v1/aplications"): a 404 in the API's
// error shape, naming what was asked and where the API is described, rather than Next.js's
// HTML page, which a script reads as a parse error. Every real route is more specific than
// this catch-all, so it answers only what nothing else does; a route asked with a method it
// lacks never gets here (proxy.ts answers it with 405).
import { errorResponse, NotFoundError } from "@/lib/errors";

function notFound(request: Request): Response {
  return errorResponse(new NotFoundError(`No endpoint ${request.method} ${new URL(request.url).pathname}; the API is described at /api/v1/openapi.json.`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
