// Load shedding in the front process (server.ts). Past capacity a request to the
// dashboard is turned away at once — 503 with Retry-After, before its body is read —
// instead of joining a queue in the dashboard that only grows, so that the requests it
// does take are answered in bounded time and memory, and the server is itself again as
// soon as the load drops. Work in flight to the dashboard is bounded per kind: imports of
// business-metric points (each a body of up to megabytes and a database write) have a
// small bound of their own, pages and API reads a larger one.
// OFREP is not shed here: it is answered from memory as each request arrives, so it has
// no queue to bound (its latency under a flood is the connections' count times the cost
// of one answer), and refusing one costs about what answering it does — measured by
// `npm run bench -- crush`, shedding evaluations whenever the event loop ran late refused
// up to all of them for seconds and accepted fewer, no sooner. Its limit is the rate per
// token (429 with Retry-After, which OpenFeature's providers honour).
// Liveness and readiness probes are never shed: a load balancer must not take a merely
// busy instance for a dead one. Nor are the build's static files (/_next/static/: scripts,
// styles, fonts), cheap to serve: a page whose HTML was answered must not lose its scripts.
import type http from "node:http";
import { normalizedPath } from "../domain/url";

export type RequestKind = "ofrep" | "ingestion" | "probe" | "asset" | "dashboard";

export function requestKind(method: string | undefined, url: string | undefined): RequestKind {
  const path = normalizedPath(url ?? "/");
  if (path.startsWith("/ofrep/")) return "ofrep";
  if (path === "/api/health" || path === "/api/ready") return "probe";
  if (path.startsWith("/_next/static/")) return "asset";
  if (method === "POST" && /^\/api\/v1\/applications\/[^/]+\/business-metrics\/?$/.test(path)) return "ingestion";
  return "dashboard";
}

export interface SheddingLimits {
  /** Dashboard requests (pages, API reads and writes) in flight at once. */
  dashboard: number;
  /** Imports of business-metric points in flight at once. */
  ingestion: number;
  /** What Retry-After says, in seconds. */
  retryAfterSeconds: number;
}

export type Verdict = { admit: true; done: () => void } | { admit: false };

const NOTHING = () => {};

export class LoadShedder {
  readonly #inFlight: Record<"dashboard" | "ingestion", number> = { dashboard: 0, ingestion: 0 };
  readonly shed: Record<"dashboard" | "ingestion", number> = { dashboard: 0, ingestion: 0 };

  constructor(readonly limits: SheddingLimits) {}

  inFlight(kind: "dashboard" | "ingestion"): number {
    return this.#inFlight[kind];
  }

  /** Whether to take a request of this kind now; when taken, call `done` once it is answered. */
  admit(kind: RequestKind): Verdict {
    if (kind === "probe" || kind === "ofrep" || kind === "asset") return { admit: true, done: NOTHING };
    if (this.#inFlight[kind] >= this.limits[kind]) {
      this.shed[kind]++;
      return { admit: false };
    }
    this.#inFlight[kind]++;
    let finished = false;
    return {
      admit: true,
      done: () => {
        if (finished) return;
        finished = true;
        this.#inFlight[kind]--;
      },
    };
  }
}

/** A shed request's body up to this size is read and dropped, keeping its connection; a larger one closes it. */
const DRAIN_BYTES = 256 * 1024;

/**
 * 503 in the shape its client reads: the API's error body, or a page that reloads itself
 * once Retry-After has passed. Both a shed request and one that reaches the front while the
 * dashboard is (re)starting are answered so.
 */
export function answerUnavailable(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  { code, message, retryAfterSeconds, headers = {} }: { code: string; message: string; retryAfterSeconds: number; headers?: http.OutgoingHttpHeaders },
): void {
  const all = { ...headers, "retry-after": String(retryAfterSeconds) };
  if (normalizedPath(req.url ?? "/").startsWith("/api/")) {
    res.writeHead(503, { ...all, "content-type": "application/json" }).end(JSON.stringify({ error: { code, message } }));
  } else {
    res.writeHead(503, { ...all, "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><title>Frugal</title><p>${message} This page reloads by itself.</p><script>setTimeout(()=>location.reload(),${retryAfterSeconds * 1000})</script>`);
  }
}

/**
 * The answer to a shed request: 503 with Retry-After (answerUnavailable). Its body is never
 * parsed or held: a small one is dropped as it arrives, so that the connection stays
 * usable (a client that reconnected after every refusal would cost more than the
 * refusal saved); past DRAIN_BYTES, or of unknown length, the connection is closed.
 */
export function answerShed(req: http.IncomingMessage, res: http.ServerResponse, retryAfterSeconds: number): void {
  const length = Number(req.headers["content-length"] ?? 0);
  const headers: http.OutgoingHttpHeaders = { "cache-control": "no-store" };
  if (req.headers["transfer-encoding"] !== undefined || !(length <= DRAIN_BYTES)) headers.connection = "close";
  else req.resume();
  answerUnavailable(req, res, { code: "BUSY", message: `The server is busy; try again in ${retryAfterSeconds} s.`, retryAfterSeconds, headers });
}

/**
 * A request listener that asks the shedder first: a request it takes goes to `handle`
 * (and counts as in flight until its response closes, answered or abandoned); one it
 * refuses is answered 503 at once.
 */
export function withShedding(shedder: LoadShedder, handle: (req: http.IncomingMessage, res: http.ServerResponse, kind: RequestKind) => void): http.RequestListener {
  return (req, res) => {
    const kind = requestKind(req.method, req.url);
    const verdict = shedder.admit(kind);
    if (!verdict.admit) return answerShed(req, res, shedder.limits.retryAfterSeconds);
    if (kind === "dashboard" || kind === "ingestion") res.once("close", verdict.done);
    handle(req, res, kind);
  };
}
