// OFREP on plain node:http: the fast path the custom server (server.ts) takes for
// /ofrep/*, and what the tests run a real server with.
import http from "node:http";
import { handleOfrep, type OfrepDeps } from "./handler";

/** Evaluation bodies are small; anything past this is refused unread. */
const MAX_BODY_BYTES = 64 * 1024;

/** What to do with a request whose handling threw: answer 500 and keep serving. */
export type OnError = (res: http.ServerResponse, error: unknown) => void;

const answer500: OnError = (res) => {
  if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ errorCode: "GENERAL", errorDetails: "Something went wrong." }));
  else res.destroy();
};

export function ofrepNodeHandler(deps: OfrepDeps, onError: OnError = answer500) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES && !refused) {
        refused = true;
        res.writeHead(413, { "content-type": "application/json", connection: "close" }).end(JSON.stringify({ errorCode: "GENERAL", errorDetails: "The body is too large." }));
        req.destroy();
      } else if (!refused) chunks.push(chunk);
    });
    req.on("end", () => {
      if (refused) return;
      try {
        const body = chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks).toString("utf8");
        const headers = { authorization: req.headers.authorization, "if-none-match": req.headers["if-none-match"] };
        const response = handleOfrep({ method: req.method ?? "GET", path: req.url ?? "/", headers, body }, deps);
        res.writeHead(response.status, response.headers).end(response.body);
      } catch (error) {
        onError(res, error);
      }
    });
    req.on("error", () => res.destroy());
  };
}

export function createOfrepServer(deps: OfrepDeps, onError?: OnError): http.Server {
  return http.createServer(ofrepNodeHandler(deps, onError));
}
