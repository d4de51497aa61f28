// Load shedding in the front process (server.ts). Past capacity a request is turned
// away at once — 503 with Retry-After, before its body is read — instead of joining
// a queue that only grows, so that the requests it does take are answered in bounded
// time and memory, and the server is itself again as soon as the load drops.
// Two signals, checked in the order a request arrives:
// - work in flight to the dashboard, counted per kind: imports of business-metric
//   points (each holds a body of up to megabytes and a database write) have a small
//   bound of their own, pages and API reads a larger one;
// - the front's own event loop: when it runs late (OFREP answering past what one core
//   can do), new OFREP evaluations and dashboard requests are shed until it catches up.
// Liveness and readiness probes are never shed: a load balancer must not take a
// merely busy instance for a dead one.
import type http from "node:http";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { normalizedPath } from "../domain/url";

export type RequestKind = "ofrep" | "ingestion" | "probe" | "dashboard";

export function requestKind(method: string | undefined, url: string | undefined): RequestKind {
  const path = normalizedPath(url ?? "/");
  if (path.startsWith("/ofrep/")) return "ofrep";
  if (path === "/api/health" || path === "/api/ready") return "probe";
  if (method === "POST" && /^\/api\/v1\/applications\/[^/]+\/business-metrics\/?$/.test(path)) return "ingestion";
  return "dashboard";
}

/** How late this process's event loop runs: the longest delay seen in the last window. */
export class EventLoopLag {
  readonly #histogram: IntervalHistogram;
  readonly #timer: NodeJS.Timeout;
  #ms = 0;

  constructor(windowMs = 200) {
    this.#histogram = monitorEventLoopDelay({ resolution: 10 });
    this.#histogram.enable();
    this.#timer = setInterval(() => {
      // nanoseconds; the resolution itself is not lateness
      this.#ms = Math.max(0, this.#histogram.max / 1e6 - 10);
      this.#histogram.reset();
    }, windowMs);
    this.#timer.unref();
  }

  get ms(): number {
    return this.#ms;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#histogram.disable();
  }
}

export interface SheddingLimits {
  /** Dashboard requests (pages, API reads and writes) in flight at once. */
  dashboard: number;
  /** Imports of business-metric points in flight at once. */
  ingestion: number;
  /** Past this lateness of the event loop (ms), OFREP and dashboard requests are shed. */
  maxLagMs: number;
  /** What Retry-After says, in seconds. */
  retryAfterSeconds: number;
}

export type Verdict = { admit: true; done: () => void } | { admit: false; reason: "in-flight" | "lag" };

const NOTHING = () => {};

export class LoadShedder {
  readonly #inFlight: Record<"dashboard" | "ingestion", number> = { dashboard: 0, ingestion: 0 };
  readonly shed: Record<RequestKind, number> = { ofrep: 0, ingestion: 0, probe: 0, dashboard: 0 };

  constructor(
    readonly limits: SheddingLimits,
    private readonly lagMs: () => number,
  ) {}

  inFlight(kind: "dashboard" | "ingestion"): number {
    return this.#inFlight[kind];
  }

  /** Whether to take a request of this kind now; when taken, call `done` once it is answered. */
  admit(kind: RequestKind): Verdict {
    if (kind === "probe") return { admit: true, done: NOTHING };
    if (this.lagMs() > this.limits.maxLagMs) return this.#refuse(kind, "lag");
    if (kind === "ofrep") return { admit: true, done: NOTHING };
    if (this.#inFlight[kind] >= this.limits[kind]) return this.#refuse(kind, "in-flight");
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

  #refuse(kind: RequestKind, reason: "in-flight" | "lag"): Verdict {
    this.shed[kind]++;
    return { admit: false, reason };
  }
}

/** A shed request's body up to this size is read and dropped, keeping its connection; a larger one closes it. */
const DRAIN_BYTES = 256 * 1024;

/**
 * The answer to a shed request: 503 with Retry-After, in the shape its client reads
 * (OFREP's error body, the API's, or a page that reloads itself). Its body is never
 * parsed or held: a small one is dropped as it arrives, so that the connection stays
 * usable (a client that reconnected after every refusal would cost more than the
 * refusal saved); past DRAIN_BYTES, or of unknown length, the connection is closed.
 */
export function answerShed(req: http.IncomingMessage, res: http.ServerResponse, kind: RequestKind, retryAfterSeconds: number): void {
  const message = `The server is busy; try again in ${retryAfterSeconds} s.`;
  const length = Number(req.headers["content-length"] ?? 0);
  const headers: http.OutgoingHttpHeaders = { "retry-after": String(retryAfterSeconds), "cache-control": "no-store" };
  if (req.headers["transfer-encoding"] !== undefined || !(length <= DRAIN_BYTES)) headers.connection = "close";
  else req.resume();
  if (kind === "ofrep") {
    res.writeHead(503, { ...headers, "content-type": "application/json" }).end(JSON.stringify({ errorCode: "GENERAL", errorDetails: message }));
  } else if (normalizedPath(req.url ?? "/").startsWith("/api/")) {
    res.writeHead(503, { ...headers, "content-type": "application/json" }).end(JSON.stringify({ error: { code: "BUSY", message } }));
  } else {
    res.writeHead(503, { ...headers, "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><title>Frugal</title><p>${message} This page reloads by itself.</p><script>setTimeout(()=>location.reload(),${retryAfterSeconds * 1000})</script>`);
  }
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
    if (!verdict.admit) return answerShed(req, res, kind, shedder.limits.retryAfterSeconds);
    res.once("close", verdict.done);
    handle(req, res, kind);
  };
}
