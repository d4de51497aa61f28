// Against the real server `npm start` runs (front process + dashboard): requests
// an attacker or a broken client would send, and what a service deployed right
// after its token was made sees.
import net from "node:net";
import { expect, test } from "@playwright/test";
import { flagsToken } from "./cli";
import { stateOf } from "./roles";

const PORT = Number(process.env.E2E_PORT ?? 3100);

/** Sends the request line as written: no client-side clean-up of the path. A POST of `{}` unless told. */
function raw(target: string, token: string | null, method: "POST" | "GET" = "POST"): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(PORT, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      if (answer.includes("\r\n\r\n")) socket.destroy();
    });
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    const body = method === "POST" ? "content-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}" : "connection: close\r\n\r\n";
    // write, not end: a client that half-closes is answered only where the front answers at once (OFREP), not where it proxies.
    socket.write(`${method} ${target} HTTP/1.1\r\nhost: localhost:${PORT}\r\n${token ? `authorization: Bearer ${token}\r\n` : ""}${body}`);
  });
}

test("a flags token made with the CLI works on OFREP at once; a malformed key is a 400 and the server keeps serving", async ({ request }) => {
  const token = flagsToken("storefront", "deployed-right-after");
  // No wait: the service's first evaluation comes as soon as it has the token.
  const first = await request.post("/ofrep/v1/evaluate/flags/checkout.enabled", { headers: { Authorization: `Bearer ${token}` }, data: { context: {} } });
  expect(first.status()).toBe(200);
  expect(await first.json()).toMatchObject({ key: "checkout.enabled", value: true });

  expect(await raw("/ofrep/v1/evaluate/flags/rollout-50%", token)).toBe(400);
  expect(await raw("/ofrep/v1/evaluate/flags/%E0%A4", token)).toBe(400);
  // Dot segments reach the front process's handler, not a second runtime in the dashboard.
  expect(await raw("/./ofrep/v1/evaluate/flags/checkout.enabled", token)).toBe(200);
  expect(await raw("/api/../ofrep/v1/evaluate/flags/checkout.enabled", token)).toBe(200);

  expect((await request.get("/api/health")).status()).toBe(200);
  expect((await request.post("/ofrep/v1/evaluate/flags/checkout.enabled", { headers: { Authorization: `Bearer ${token}` }, data: { context: {} } })).status()).toBe(200);
});

test("a malformed percent escape in a page's or the API's path is a 400 (not Next.js's bare 500), before sign-in is asked for", async ({ request }) => {
  for (const target of ["/api/v1/applications/storefront/services/%E0%A4%A", "/api/v1/report-runs/%zz", "/applications/storefront/services/%E0%A4", "/reports/runs/%zz"]) {
    expect(await raw(target, null, "GET"), target).toBe(400);
  }
  const api = await request.get("/api/v1/report-runs/%zz");
  expect(await api.json()).toMatchObject({ error: { code: "BAD_REQUEST", message: expect.stringMatching(/malformed percent escape/) } });
  expect((await request.get("/api/health")).status()).toBe(200);
});

test("an API address no route answers is a 404 in the API's error shape; a route asked with a method it lacks is a 405 saying which it takes", async ({ request }) => {
  const typo = await request.get("/api/v1/aplications");
  expect(typo.status()).toBe(404);
  expect(await typo.json()).toEqual({ error: { code: "NOT_FOUND", message: "No endpoint GET /api/v1/aplications; the API is described at /api/v1/openapi.json." } });
  const deeper = await request.post("/api/v1/applications/storefront/nope", { data: {} });
  expect(deeper.status()).toBe(404);
  expect((await deeper.json()).error.code).toBe("NOT_FOUND");
  const put = await request.put("/api/v1/applications");
  expect(put.status()).toBe(405);
  expect(put.headers().allow).toBe("GET, HEAD, OPTIONS");
  expect((await put.json()).error).toEqual({ code: "METHOD_NOT_ALLOWED", message: "/api/v1/applications takes GET, not PUT." });
});

test.describe("signed in", () => {
  test.use({ storageState: stateOf("viewer") });

  test("after sign-in, only a path on this site is followed", async ({ request }) => {
    for (const next of ["/%5Cevil.example", "//evil.example", "https://evil.example/", "/%09/evil.example"]) {
      const response = await request.get(`/sign-in?next=${next}`, { maxRedirects: 0 });
      expect(response.status()).toBe(307);
      expect(response.headers().location).toBe("/");
    }
    const inside = await request.get("/sign-in?next=/limits", { maxRedirects: 0 });
    expect(inside.headers().location).toBe("/limits");
  });
});
