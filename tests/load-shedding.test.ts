// The front's load shedding (lib/net/load-shedding.ts): past its bounds a dashboard request
// is answered 503 with Retry-After at once, in its client's own shape, its body unread;
// probes, OFREP and static files always pass; a slot frees when its response closes,
// answered or abandoned.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { LoadShedder, requestKind, withShedding, type RequestKind } from "@/lib/net/load-shedding";

describe("requestKind", () => {
  it.each([
    ["POST", "/ofrep/v1/evaluate/flags/checkout.enabled", "ofrep"],
    ["POST", "/./ofrep/v1/evaluate/flags", "ofrep"],
    ["GET", "/api/health", "probe"],
    ["GET", "/api/ready?x=1", "probe"],
    ["POST", "/api/v1/applications/storefront/business-metrics", "ingestion"],
    ["POST", "/api/v1/applications/storefront/business-metrics/", "ingestion"],
    ["GET", "/api/v1/applications/storefront/business-metrics", "dashboard"],
    ["POST", "/api/v1/applications/storefront/business-metrics/orders", "dashboard"],
    ["GET", "/_next/static/chunks/app/page-1a2b3c.js", "asset"],
    ["GET", "/_next/image?url=x", "dashboard"],
    ["GET", "/applications/storefront", "dashboard"],
    ["GET", "/", "dashboard"],
  ] as const)("%s %s is %s", (method, url, kind) => {
    expect(requestKind(method, url)).toBe(kind);
  });
});

describe("LoadShedder", () => {
  const limits = { dashboard: 2, ingestion: 1, retryAfterSeconds: 1 };

  it("bounds each kind's work in flight apart, and a slot frees once, when its request is done", () => {
    const shedder = new LoadShedder(limits);
    const a = shedder.admit("dashboard");
    const b = shedder.admit("dashboard");
    expect([a.admit, b.admit]).toEqual([true, true]);
    expect(shedder.admit("dashboard")).toEqual({ admit: false });
    const imported = shedder.admit("ingestion");
    expect(imported.admit).toBe(true);
    expect(shedder.admit("ingestion")).toEqual({ admit: false });
    if (a.admit) {
      a.done();
      a.done(); // twice: still one slot
    }
    expect(shedder.inFlight("dashboard")).toBe(1);
    expect(shedder.admit("dashboard").admit).toBe(true);
    expect(shedder.admit("dashboard").admit).toBe(false);
    expect(shedder.shed).toEqual({ ingestion: 1, dashboard: 2 });
  });

  it("never refuses OFREP evaluations (answered from memory, no queue), probes or the build's static files, however full the dashboard is", () => {
    const shedder = new LoadShedder({ ...limits, dashboard: 1, ingestion: 1 });
    shedder.admit("dashboard");
    shedder.admit("ingestion");
    expect(shedder.admit("dashboard").admit).toBe(false);
    for (let i = 0; i < 1_000; i++) {
      expect(shedder.admit("ofrep").admit).toBe(true);
      expect(shedder.admit("probe").admit).toBe(true);
      expect(shedder.admit("asset").admit).toBe(true);
    }
    expect(shedder.inFlight("dashboard")).toBe(1);
  });
});

describe("withShedding on a real server", () => {
  let server: http.Server | null = null;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A server whose dashboard answers wait until released; OFREP answers at once. */
  async function start() {
    const shedder = new LoadShedder({ dashboard: 2, ingestion: 1, retryAfterSeconds: 1 });
    const held: (() => void)[] = [];
    const bodies: number[] = [];
    server = http.createServer(
      withShedding(shedder, (req, res, kind: RequestKind) => {
        if (kind === "ofrep" || kind === "probe" || kind === "asset") return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
        let size = 0;
        req.on("data", (chunk: Buffer) => (size += chunk.length));
        req.on("end", () => {
          bodies.push(size);
          held.push(() => res.writeHead(200).end("done"));
        });
      }),
    );
    server.keepAliveTimeout = 1;
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const until = async (check: () => boolean) => {
      while (!check()) await new Promise((r) => setTimeout(r, 5));
    };
    return { shedder, held, bodies, base, until };
  }

  it("answers past the bound at once with 503 and Retry-After, and takes requests again once the held ones are answered", async () => {
    const { shedder, held, base, until } = await start();
    const first = fetch(`${base}/applications/storefront`);
    const second = fetch(`${base}/api/v1/applications`);
    await until(() => held.length === 2);

    const page = await fetch(`${base}/applications/storefront`);
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("1");
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("The server is busy; try again in 1 s.");
    const api = await fetch(`${base}/api/v1/applications`);
    expect(api.status).toBe(503);
    expect(await api.json()).toEqual({ error: { code: "BUSY", message: "The server is busy; try again in 1 s." } });
    // probes, OFREP and the page's scripts pass even now
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect((await fetch(`${base}/_next/static/chunks/main.js`)).status).toBe(200);
    expect((await fetch(`${base}/ofrep/v1/evaluate/flags/checkout.enabled`, { method: "POST", body: "{}" })).status).toBe(200);

    for (const release of held.splice(0)) release();
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
    await until(() => shedder.inFlight("dashboard") === 0);
    const again = fetch(`${base}/applications/storefront`);
    await until(() => held.length === 1);
    held.pop()!();
    expect((await again).status).toBe(200);
  });

  it("refuses an import past its own bound without reading its body, and frees the slot of a client that went away", async () => {
    const { shedder, held, bodies, base, until } = await start();
    const url = `${base}/api/v1/applications/storefront/business-metrics`;
    const body = JSON.stringify({ points: Array.from({ length: 20_000 }, (_, i) => ({ metric: "orders", timestamp: "2026-11-01T00:00:00Z", value: i })) });
    const abort = new AbortController();
    const first = fetch(url, { method: "POST", body, headers: { "content-type": "application/json" }, signal: abort.signal }).catch(() => null);
    await until(() => held.length === 1);
    expect(bodies).toEqual([Buffer.byteLength(body)]);

    const refused = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("connection")).toBe("close"); // a large body is not even drained
    expect((await refused.json()).error.code).toBe("BUSY");
    expect(bodies).toHaveLength(1); // the handler never saw the second body
    // dashboard pages have their own bound
    const page = fetch(`${base}/`);
    await until(() => held.length === 2);

    abort.abort();
    await first;
    await until(() => shedder.inFlight("ingestion") === 0);
    const next = fetch(url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    await until(() => held.length === 3);
    for (const release of held.splice(1)) release();
    expect((await next).status).toBe(200);
    expect((await page).status).toBe(200);
  });
});
