// The OpenFeature Remote Evaluation Protocol (OFREP), answered from the snapshot:
//   POST /ofrep/v1/evaluate/flags/{key}   one flag
//   POST /ofrep/v1/evaluate/flags         every flag of the token's application, with an ETag
// Synchronous on purpose: nothing here waits on the database. It is the hottest
// path of the whole system, so answers are written once per snapshot and outcome.
import { createHash } from "node:crypto";
import { answerFor, decide, outcomeOf, type EvaluationContext, type FlagEvaluation } from "../domain/flags";
import { BoundedMemo } from "../domain/bounded-memo";
import { decodePathSegment, normalizedPath } from "../domain/url";
import type { RateLimiter } from "./rate-limit";
import type { SnapshotFlag, SnapshotStore } from "./snapshot";

export interface OfrepRequest {
  method: string;
  path: string;
  /** The only two headers OFREP looks at. */
  headers: { authorization?: string; "if-none-match"?: string };
  body: string;
}

export interface OfrepResponse {
  status: number;
  /** Flat [name, value, name, value, ...], as node:http takes them. */
  headers: string[];
  body: string;
}

export interface OfrepDeps {
  store: SnapshotStore;
  limiter: RateLimiter;
}

const PREFIX = "/ofrep/v1/evaluate/flags";
const JSON_HEADERS = ["content-type", "application/json", "cache-control", "no-store"];

/** An answer whose headers say its length: node:http sends it in one write, without chunked framing. */
function sized(status: number, headers: string[], body: string): OfrepResponse {
  return { status, headers: headers.concat("content-length", String(Buffer.byteLength(body))), body };
}

/** A JSON answer, not cached: errors here, and a FRUGAL_ROLE=ofrep front's own health and readiness (only.ts). */
export function reply(status: number, body: unknown, extra: string[] = []): OfrepResponse {
  return sized(status, extra.length ? [...JSON_HEADERS, ...extra] : JSON_HEADERS, JSON.stringify(body));
}

type Parsed = { ok: true; context: EvaluationContext } | { ok: false; errorCode: "PARSE_ERROR" | "INVALID_CONTEXT"; errorDetails: string };

/**
 * Bodies already read, by their text: a service sends the same few bodies (its users'
 * targeting keys) over and over, and its evaluation is answered in microseconds, of which
 * reading the JSON would be a good part. Small bodies only, and emptied when full, so
 * that a flood of distinct bodies costs a parse each, as it would without this.
 */
const parsedBodies = new BoundedMemo<string, Parsed>(4096);
const CACHED_BODY_LENGTH = 512;

function parseBody(text: string): Parsed {
  return text.length > CACHED_BODY_LENGTH ? readBody(text) : parsedBodies.get(text, readSharedBody);
}

/** A body read to be kept: shared by every request that sends it, so nothing downstream may change it. */
function readSharedBody(text: string): Parsed {
  const parsed = readBody(text);
  if (parsed.ok) Object.freeze(parsed.context);
  return Object.freeze(parsed);
}

/** The request body: `{ "context": { "targetingKey"?: string, "cell"?: string, ... } }`; an empty body is an empty context. */
function readBody(text: string): Parsed {
  if (text.trim() === "") return { ok: true, context: {} };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, errorCode: "PARSE_ERROR", errorDetails: "The body is not valid JSON." };
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) return { ok: false, errorCode: "PARSE_ERROR", errorDetails: 'The body must be a JSON object: {"context": {...}}.' };
  const context = (body as { context?: unknown }).context ?? {};
  if (context === null || typeof context !== "object" || Array.isArray(context)) return { ok: false, errorCode: "INVALID_CONTEXT", errorDetails: "context must be an object." };
  const { targetingKey, cell } = context as Record<string, unknown>;
  if (targetingKey !== undefined && typeof targetingKey !== "string") return { ok: false, errorCode: "INVALID_CONTEXT", errorDetails: "targetingKey must be a string." };
  if (cell !== undefined && typeof cell !== "string") return { ok: false, errorCode: "INVALID_CONTEXT", errorDetails: "cell must be a string." };
  return { ok: true, context: context as EvaluationContext };
}

/** The answer for this caller, headers and all, written once per outcome and reused for the life of the snapshot. */
function answer(entry: SnapshotFlag, context: EvaluationContext): OfrepResponse {
  const decision = decide(entry.flag, context);
  const outcome = outcomeOf(decision);
  let written = entry.answers.get(outcome);
  if (!written) {
    const evaluation = answerFor(entry.flag, decision);
    written = sized("errorCode" in evaluation ? 400 : 200, JSON_HEADERS, JSON.stringify(evaluation));
    entry.answers.set(outcome, written);
  }
  return written;
}

export function handleOfrep(request: OfrepRequest, { store, limiter }: OfrepDeps): OfrepResponse {
  const path = normalizedPath(request.path);
  if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return reply(404, { errorCode: "GENERAL", errorDetails: `No such OFREP endpoint: ${path}` });
  if (request.method !== "POST") return reply(405, { errorCode: "GENERAL", errorDetails: "OFREP evaluations are POST requests." }, ["allow", "POST"]);

  const auth = /^Bearer\s+(\S+)$/i.exec((request.headers.authorization ?? "").trim());
  if (!auth) return reply(401, { errorCode: "GENERAL", errorDetails: "Send a flags token: Authorization: Bearer <token>." }, ["www-authenticate", 'Bearer realm="frugal-ofrep"']);
  const snapshot = store.current();
  if (!snapshot) return reply(503, { errorCode: "GENERAL", errorDetails: "Switch states are not loaded yet; try again in a moment." }, ["retry-after", "1"]);
  const token = store.tokenFor(auth[1] as string, snapshot);
  if (!token) return reply(401, { errorCode: "GENERAL", errorDetails: "The token is unknown or revoked." }, ["www-authenticate", 'Bearer realm="frugal-ofrep"']);
  if (token.scope !== "flags") return reply(403, { errorCode: "GENERAL", errorDetails: `This token's scope is '${token.scope}'; OFREP needs a 'flags' token.` });
  const now = Date.now();
  const allowed = limiter.take(token.hash, now);
  if (!allowed.ok) return reply(429, { errorCode: "GENERAL", errorDetails: "Too many evaluations for this token; slow down." }, ["retry-after", String(allowed.retryAfterSeconds)]);
  store.noteTokenUse(token.tokenId);

  // Past two refresh intervals the database has not been answering: say how old the answer is.
  const age = now - snapshot.loadedAt;
  const stale = age > store.staleAfterMs ? ["x-frugal-snapshot-age-ms", String(age)] : [];
  const flags = snapshot.flags.get(token.applicationId);
  const key = path === PREFIX ? null : decodePathSegment(path.slice(PREFIX.length + 1));
  if (key === null && path !== PREFIX) return reply(400, { errorCode: "PARSE_ERROR", errorDetails: "The flag key in the path has a malformed percent escape; encode it with encodeURIComponent." }, stale);
  const parsed = parseBody(request.body);
  if (!parsed.ok) return reply(400, { ...(key !== null ? { key } : {}), errorCode: parsed.errorCode, errorDetails: parsed.errorDetails }, stale);

  if (key !== null) {
    const entry = flags?.get(key);
    if (!entry) return reply(404, { key, errorCode: "FLAG_NOT_FOUND", errorDetails: `No flag '${key}' in this token's application.` }, stale);
    const written = answer(entry, parsed.context);
    return stale.length ? { ...written, headers: written.headers.concat(stale) } : written;
  }

  const evaluations = [...(flags?.values() ?? [])].sort((a, b) => a.flag.key.localeCompare(b.flag.key)).map((entry): FlagEvaluation => answerFor(entry.flag, decide(entry.flag, parsed.context)));
  const body = JSON.stringify({ flags: evaluations });
  const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
  const match = request.headers["if-none-match"];
  if (match && match.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) return { status: 304, headers: ["etag", etag, "cache-control", "no-cache", ...stale], body: "" };
  return sized(200, ["content-type", "application/json", "cache-control", "no-cache", "etag", etag, ...stale], body);
}
