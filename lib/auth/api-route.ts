// The one way to write a route handler: authenticate, refuse cross-site writes,
// parse the path, find the object it names, authorize against it, then parse the
// query and body and run. Authorizing before reading the body means a caller who
// may not act learns nothing from validation messages. A handler that does not go
// through here lacks ROUTE_SPEC, and tests/route-authorization.test.ts fails.
import type { ZodType } from "zod";
import { db as defaultDb, type Db } from "../db/client";
import { authorize, type Action, type Principal, type Target } from "../domain/authorization";
import { AppError, BadRequestError, errorResponse, ForbiddenError, NotFoundError, PayloadTooLargeError, UnauthorizedError } from "../errors";
import type { Admission } from "../api/admission";
import { principalForRequest } from "./principal";

export const ROUTE_SPEC = Symbol.for("frugal.routeSpec");
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface Resolved<O> {
  target: Target;
  object: O;
}

export interface RouteContext<P, Q, B, O> {
  request: Request;
  principal: Principal;
  via: "session" | "token";
  params: P;
  query: Q;
  body: B;
  object: O;
  db: Db;
}

export interface RouteSpec<P, Q, B, O> {
  permission: Action;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** Largest body accepted, in bytes (default 1 MiB); past it the answer is 413. */
  maxBodyBytes?: number;
  /** Bounds how many of these run at once; past it the answer is 503 with Retry-After, before the body is read. */
  admission?: Admission;
  /** Finds the object the path names; null means it does not exist (404). Default: the account. */
  resolve?: (ctx: { params: P; principal: Principal; db: Db }) => Promise<Resolved<O> | null>;
  handler: (ctx: RouteContext<P, Q, B, O>) => Promise<Response | object>;
}

export interface RouteMeta {
  permission: Action;
}

type NextContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = ((request: Request, context: NextContext) => Promise<Response>) & { [ROUTE_SPEC]: RouteMeta };

export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return errorResponse(error);
  console.error("[frugal] unhandled error in a route handler:", error instanceof Error ? error.stack : error);
  return errorResponse(new AppError(500, "INTERNAL", "Something went wrong on the server; its log has the details."));
}

export function parseWith<T>(schema: ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = issues[0];
  const said = `Invalid ${where}${first ? `: ${first.path ? `${first.path}: ` : ""}${first.message}` : ""}`;
  // Schemas' own messages are sentences ("Give the schedule a name."): one full stop, not two.
  throw new BadRequestError(/[.!?]$/.test(said) ? said : `${said}.`, issues);
}

/** A browser sending the session cookie from another site must not change anything. */
function assertSameOrigin(request: Request) {
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  if (origin) {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost !== host) throw new ForbiddenError("Cross-site request refused.", "CSRF");
    return;
  }
  if (fetchSite !== "same-origin") throw new ForbiddenError("Cross-site request refused: send the Origin header, or use an API token.", "CSRF");
}

async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new PayloadTooLargeError(`The body is ${declared} bytes; the most is ${maxBytes}.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new PayloadTooLargeError(`The body is larger than ${maxBytes} bytes.`);
  if (text.trim() === "") throw new BadRequestError("The body is empty; send JSON.", undefined, "PARSE_ERROR");
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError("The body is not valid JSON.", undefined, "PARSE_ERROR");
  }
}

export function apiRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined, O = null>(spec: RouteSpec<P, Q, B, O>): RouteHandler {
  const handler = async (request: Request, context: NextContext): Promise<Response> => {
    try {
      const db = defaultDb();
      const credential = await principalForRequest(db, request);
      if (!credential) {
        throw new UnauthorizedError(request.headers.has("authorization") ? "The API token is unknown or revoked." : undefined);
      }
      if (credential.via === "session" && !SAFE_METHODS.has(request.method)) assertSameOrigin(request);

      const params = spec.params ? parseWith(spec.params, await context.params, "path") : ({} as P);
      const resolved = spec.resolve ? await spec.resolve({ params, principal: credential.principal, db }) : ({ target: { kind: "account" }, object: null as O } satisfies Resolved<O>);
      if (!resolved) throw new NotFoundError();
      const decision = authorize(credential.principal, spec.permission, resolved.target);
      if (!decision.allowed) throw decision.status === 404 ? new NotFoundError() : new ForbiddenError(decision.reason);

      const run = async () => {
        const query = spec.query ? parseWith(spec.query, Object.fromEntries(new URL(request.url).searchParams), "query") : ({} as Q);
        const body = spec.body ? parseWith(spec.body, await readJson(request, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), "body") : (undefined as B);
        return spec.handler({ request, principal: credential.principal, via: credential.via, params, query, body, object: resolved.object, db });
      };
      const result = spec.admission ? await spec.admission.run(run) : await run();
      return result instanceof Response ? result : Response.json(result, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
  return Object.assign(handler, { [ROUTE_SPEC]: { permission: spec.permission } });
}
