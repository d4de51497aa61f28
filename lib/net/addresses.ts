// IP addresses Frugal reasons about: who a request really came from (behind a
// trusted reverse proxy), and where an outbound call may go (never to the
// machine's own loopback, its private network or a cloud metadata service).
import net from "node:net";

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is the IPv4 address. */
export function canonicalIp(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, "$1");
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  if (dotted) return dotted[1] as string;
  // The URL parser writes [::ffff:127.0.0.1] as [::ffff:7f00:1].
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(trimmed);
  if (!hex) return trimmed;
  const [high, low] = [parseInt(hex[1] as string, 16), parseInt(hex[2] as string, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

function familyOf(ip: string): "ipv4" | "ipv6" | null {
  const v = net.isIP(ip);
  return v === 4 ? "ipv4" : v === 6 ? "ipv6" : null;
}

/**
 * An address as people read it: IPv4 as it is, IPv6 in its short form (RFC 5952, "::1",
 * "2001:db8::7"), whatever way it was written ("0000:…:0001", "[::1]", "::FFFF:10.0.0.1");
 * null for anything that is not an address.
 */
export function readableIp(address: string): string | null {
  const ip = canonicalIp(address);
  const family = familyOf(ip);
  if (family !== "ipv6") return family ? ip : null;
  // A zone ("fe80::1%eth0") is no part of a URL's host: such an address stays as written.
  if (ip.includes("%")) return ip.toLowerCase();
  return canonicalIp(new URL(`http://[${ip}]/`).hostname.slice(1, -1));
}

/**
 * The client a request came from, as server.ts resolved it (the TCP peer, or the client behind
 * a trusted proxy) and wrote it in X-Forwarded-For: one address, nothing else, or null.
 */
export function requestAddress(headers: Headers): string | null {
  const value = headers.get("x-forwarded-for");
  return value === null || value.includes(",") ? null : readableIp(value);
}

/**
 * Which addresses count as the same client as `address`: the same IPv4 address, or the same
 * IPv6 /64 — the block one subscriber is usually given, whose every address they can use. The
 * /64 is worked out once, for comparing one caller with many stored addresses.
 */
export function sameClientAs(address: string): (other: string) => boolean {
  const ip = canonicalIp(address);
  const family = familyOf(ip);
  if (family === null) return () => false;
  if (family === "ipv4") return (other) => canonicalIp(other) === ip;
  const network = new net.BlockList();
  network.addSubnet(ip, 64, "ipv6");
  return (other) => {
    const theirs = canonicalIp(other);
    return familyOf(theirs) === "ipv6" && network.check(theirs, "ipv6");
  };
}

export class AddressListError extends Error {
  override name = "AddressListError";
}

/** A list of addresses and ranges ("10.0.0.0/8, 192.168.1.5, fd00::/8"). */
export function parseAddressList(text: string): net.BlockList {
  const list = new net.BlockList();
  for (const item of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [ip = "", bits] = item.split("/");
    const address = canonicalIp(ip);
    const family = familyOf(address);
    if (!family) throw new AddressListError(`'${item}' is not an IP address or a CIDR range`);
    if (bits === undefined) {
      list.addAddress(address, family);
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d+$/.test(bits) || prefix > (family === "ipv4" ? 32 : 128)) throw new AddressListError(`'${item}' has a bad prefix length`);
    list.addSubnet(address, prefix, family);
  }
  return list;
}

/** "10.0.0.1", "::1" or "10.0.0.0/8": an address or a range rather than a host name. */
export function isIpOrRange(text: string): boolean {
  try {
    parseAddressList(text);
    return text.trim() !== "";
  } catch {
    return false;
  }
}

export function inList(list: net.BlockList, address: string): boolean {
  const ip = canonicalIp(address);
  const family = familyOf(ip);
  return family !== null && list.check(ip, family);
}

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy; then the
 * nearest address in X-Forwarded-For that is not itself a trusted proxy (read from
 * the right, since only the part our own proxies appended can be believed).
 */
export function clientAddress(peer: string, forwardedFor: string | undefined, trusted: net.BlockList | null): string {
  const direct = canonicalIp(peer);
  if (!trusted || !forwardedFor || !inList(trusted, direct)) return direct;
  const hops = forwardedFor.split(",").map(canonicalIp);
  let nearest = direct;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!familyOf(hop)) return nearest; // a garbled entry: trust nothing further left
    nearest = hop;
    if (!inList(trusted, hop)) return hop;
  }
  return nearest;
}

/** Where no outbound call of Frugal's may go: this machine, private networks, link-local and metadata addresses. */
const FORBIDDEN = parseAddressList(
  [
    "0.0.0.0/8", // "this network"
    "10.0.0.0/8",
    "100.64.0.0/10", // carrier-grade NAT
    "127.0.0.0/8",
    "169.254.0.0/16", // link-local, the EC2/ECS metadata services
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "224.0.0.0/4", // multicast
    "240.0.0.0/4", // reserved, broadcast
    "::/128",
    "::1/128",
    "64:ff9b::/96", // NAT64: may embed any of the above
    "fc00::/7", // unique local, EC2's fd00:ec2::254 metadata
    "fe80::/10",
    "ff00::/8",
  ].join(","),
);

export function isInternalAddress(address: string): boolean {
  const ip = canonicalIp(address);
  return familyOf(ip) === null || inList(FORBIDDEN, ip);
}
