import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOutboundDestination, checkOutboundUrl, postJson, type OutboundPolicy } from "./outbound";

const publicDns = (address = "52.94.236.248"): OutboundPolicy["resolve"] => async () => [{ address, family: 4 }];

describe("checkOutboundUrl: what a webhook URL may name", () => {
  const none: OutboundPolicy = { allow: [] };
  it.each([
    ["https://hooks.slack.com/services/T0/B0/x", none, null],
    ["http://hooks.slack.com/services/T0/B0/x", none, /Use https/],
    ["ftp://hooks.example.com/x", none, /Use https/],
    ["https://127.0.0.1/x", none, /private network/],
    ["https://127.1:14300/x", none, /private network/],
    ["https://2130706433/x", none, /private network/],
    ["https://0x7f.1/x", none, /private network/],
    ["https://[::1]/x", none, /private network/],
    ["https://[::ffff:127.0.0.1]/x", none, /private network/],
    ["https://169.254.169.254/latest/meta-data/", none, /private network/],
    ["https://[fd00:ec2::254]/latest", none, /private network/],
    ["https://10.0.0.5/x", none, /private network/],
    ["https://localhost:3000/x", none, /private network/],
    ["https://metadata.google.internal/x", none, /private network/],
    ["https://printer.local/x", none, /private network/],
    ["https://a:b@hooks.example.com/x", none, /no user name or password/],
    ["http://127.0.0.1:9000/hook", { allow: ["127.0.0.1"] }, null],
    ["https://10.0.0.5/x", { allow: ["10.0.0.0/8"] }, null],
    ["http://alerts.corp.example/x", { allow: ["alerts.corp.example"] }, null],
    ["http://other.corp.example/x", { allow: ["alerts.corp.example"] }, /Use https/],
  ] as const)("%s", (url, policy, refusal) => {
    if (refusal === null) expect(() => checkOutboundUrl(url, policy)).not.toThrow();
    else expect(() => checkOutboundUrl(url, policy)).toThrow(refusal);
  });
});

describe("checkOutboundDestination: where the name resolves", () => {
  it.each([
    ["52.94.236.248", null],
    ["10.0.0.7", /resolves to an address on this machine or a private network/],
    ["127.0.0.1", /private network/],
    ["169.254.169.254", /private network/],
    ["::1", /private network/],
  ])("a name resolving to %s", async (address, refusal) => {
    const check = checkOutboundDestination("https://hooks.example.com/x", { allow: [], resolve: publicDns(address) });
    if (refusal === null) await expect(check).resolves.toBeInstanceOf(URL);
    else await expect(check).rejects.toThrow(refusal);
  });

  it("refuses a name with one internal address among public ones, and a name that does not resolve", async () => {
    const mixed: OutboundPolicy = { allow: [], resolve: async () => [{ address: "52.94.236.248", family: 4 }, { address: "10.0.0.1", family: 4 }] };
    await expect(checkOutboundDestination("https://hooks.example.com/x", mixed)).rejects.toThrow(/private network/);
    const nowhere: OutboundPolicy = { allow: [], resolve: async () => Promise.reject(new Error("ENOTFOUND")) };
    await expect(checkOutboundDestination("https://nowhere.example/x", nowhere)).rejects.toThrow(/could not be resolved/);
  });
});

describe("postJson: the call itself", () => {
  let server: http.Server;
  let port: number;
  const received: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      received.push(req.url ?? "");
      if (req.url === "/redirect") res.writeHead(302, { location: "http://127.0.0.1:1/elsewhere" }).end();
      else res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const options = (policy: OutboundPolicy) => ({ policy, timeoutMs: 2_000, userAgent: "test" });

  it("refuses loopback unless allowed, before connecting", async () => {
    await expect(postJson(`http://127.0.0.1:${port}/a`, "{}", options({ allow: [] }))).rejects.toThrow(/https|private network/);
    expect(received).not.toContain("/a");
    expect(await postJson(`http://127.0.0.1:${port}/b`, "{}", options({ allow: ["127.0.0.1"] }))).toEqual({ status: 204, ok: true });
    expect(received).toContain("/b");
  });

  it("checks the address a name resolves to when connecting: a name that turned internal since it was saved is refused", async () => {
    // A name an admin allowed over http, which now resolves to loopback (DNS rebinding).
    const rebinding: OutboundPolicy = { allow: ["hooks.partner.example"], resolve: publicDns("127.0.0.1") };
    // Allowed by name: reaches it (the admin said so).
    expect(await postJson(`http://hooks.partner.example:${port}/c`, "{}", options(rebinding))).toMatchObject({ status: 204 });
    // Not allowed, over https: the lookup refuses the internal address and nothing is sent.
    await expect(postJson(`https://hooks.partner.example:${port}/d`, "{}", options({ allow: [], resolve: publicDns("127.0.0.1") }))).rejects.toThrow(/private network/);
    expect(received).not.toContain("/d");
  });

  it("does not follow redirects", async () => {
    expect(await postJson(`http://127.0.0.1:${port}/redirect`, "{}", options({ allow: ["127.0.0.1"] }))).toEqual({ status: 302, ok: false });
    expect(received).not.toContain("/elsewhere");
  });
});
