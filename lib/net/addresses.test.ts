import { describe, expect, it } from "vitest";
import { canonicalIp, clientAddress, isInternalAddress, parseAddressList, readableIp, requestAddress, sameClientAs } from "./addresses";

describe("isInternalAddress: where no outbound call may go", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.255.255.254", true],
    ["::1", true],
    ["[::1]", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["10.0.0.1", true],
    ["172.16.0.1", true],
    ["172.31.255.255", true],
    ["172.32.0.1", false],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["fd00:ec2::254", true],
    ["fe80::1", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["224.0.0.1", true],
    ["255.255.255.255", true],
    ["64:ff9b::a00:1", true],
    ["8.8.8.8", false],
    ["52.94.236.248", false],
    ["::ffff:8.8.8.8", false],
    ["2606:4700:4700::1111", false],
    ["not an address", true],
  ])("%s → %s", (address, internal) => {
    expect(isInternalAddress(address)).toBe(internal);
  });
});

describe("clientAddress: the caller behind trusted proxies", () => {
  const proxies = parseAddressList("10.0.0.0/8, 127.0.0.1");
  it.each([
    ["no trusted proxies: the peer, whatever the header says", "203.0.113.5", "1.2.3.4", null, "203.0.113.5"],
    ["an untrusted peer's header is ignored", "203.0.113.5", "1.2.3.4", proxies, "203.0.113.5"],
    ["a trusted proxy's header names the client", "10.1.1.1", "198.51.100.7", proxies, "198.51.100.7"],
    ["two trusted hops", "127.0.0.1", "198.51.100.7, 10.2.2.2", proxies, "198.51.100.7"],
    ["a spoofed left part stays unbelieved", "10.1.1.1", "6.6.6.6, 198.51.100.7", proxies, "198.51.100.7"],
    ["garbage stops the walk at the last good hop", "10.1.1.1", "x-garbage, 10.3.3.3", proxies, "10.3.3.3"],
    ["an IPv4-mapped peer", "::ffff:10.1.1.1", "198.51.100.7", proxies, "198.51.100.7"],
    ["no header", "10.1.1.1", undefined, proxies, "10.1.1.1"],
  ] as const)("%s", (_name, peer, header, trusted, client) => {
    expect(clientAddress(peer, header, trusted)).toBe(client);
  });

  it("refuses a list entry that is not an address", () => {
    expect(() => parseAddressList("10.0.0.0/8, proxy.example")).toThrow(/not an IP address/);
    expect(() => parseAddressList("10.0.0.0/33")).toThrow(/prefix/);
    expect(canonicalIp(" [::ffff:192.0.2.1] ")).toBe("192.0.2.1");
  });
});

describe("readableIp: an address as the audit log shows it", () => {
  it.each([
    ["::1", "::1"],
    ["0000:0000:0000:0000:0000:0000:0000:0001", "::1"],
    ["[::1]", "::1"],
    ["2001:DB8:0:0:0:0:0:7", "2001:db8::7"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:0db8:0000:0007:0000:0000:0000:0000", "2001:db8:0:7::"],
    ["::ffff:10.0.0.1", "10.0.0.1"],
    ["::ffff:a00:1", "10.0.0.1"],
    ["198.51.100.7", "198.51.100.7"],
    ["fe80::1%eth0", "fe80::1%eth0"],
    ["", null],
    ["not an address", null],
    ["10.0.0.1, 10.0.0.2", null],
  ])("%j → %j", (written, shown) => {
    expect(readableIp(written)).toBe(shown);
  });
});

describe("requestAddress: the one client server.ts names in X-Forwarded-For", () => {
  it.each([
    [{ "x-forwarded-for": "::1" }, "::1"],
    [{ "x-forwarded-for": " 203.0.113.5 " }, "203.0.113.5"],
    [{ "x-forwarded-for": "203.0.113.5, 10.0.0.1" }, null],
    [{ "x-forwarded-for": "unknown" }, null],
    [{}, null],
  ])("%j → %j", (headers, address) => {
    expect(requestAddress(new Headers(headers))).toBe(address);
  });
});

describe("sameClientAs: one IPv4 address, or one IPv6 /64", () => {
  it.each([
    ["203.0.113.5", "203.0.113.5", true],
    ["203.0.113.5", "203.0.113.6", false],
    ["::ffff:203.0.113.5", "203.0.113.5", true],
    ["2001:db8:0:7::1", "2001:db8:0:7:ffff:ffff:ffff:ffff", true],
    ["2001:db8:0:7::1", "2001:0db8:0000:0007:0000:0000:0000:0000", true],
    ["2001:db8:0:7::1", "2001:db8:0:8::1", false],
    ["::1", "127.0.0.1", false],
    ["unknown", "unknown", false],
  ])("%s and %s → %s", (a, b, same) => {
    expect(sameClientAs(a)(b)).toBe(same);
    expect(sameClientAs(b)(a)).toBe(same);
  });
});
