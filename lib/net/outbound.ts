// Outbound HTTP to addresses people type in (webhooks): never to this machine,
// its private network or a metadata service, checked on the addresses the name
// resolves to when the connection is made (so DNS cannot be switched between the
// check and the call), no redirects followed, a deadline on the whole exchange.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { canonicalIp, inList, isInternalAddress, isIpOrRange, parseAddressList } from "./addresses";

export class OutboundRefusedError extends Error {
  override name = "OutboundRefusedError";
}

export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface OutboundPolicy {
  /** Host names (exact) and addresses or ranges that may be reached even though they are internal. */
  allow: readonly string[];
  resolve?: Resolve;
}

const systemResolve: Resolve = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** The allow list split into host names and address ranges. */
function allowed(policy: OutboundPolicy) {
  const hosts = new Set<string>();
  const ranges: string[] = [];
  for (const entry of policy.allow.map((e) => e.trim()).filter(Boolean)) {
    if (isIpOrRange(entry)) ranges.push(entry);
    else hosts.add(entry.toLowerCase());
  }
  const list = parseAddressList(ranges.join(","));
  return { host: (name: string) => hosts.has(name.toLowerCase()), address: (ip: string) => inList(list, ip) };
}

/** The URL's host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** What can be said without DNS: the scheme, and a host that is an internal address or name. */
export function checkOutboundUrl(raw: string, policy: OutboundPolicy): URL {
  if (!URL.canParse(raw)) throw new OutboundRefusedError("That is not a URL.");
  const url = new URL(raw);
  const ok = allowed(policy);
  const host = hostOf(url);
  const hostAllowed = ok.host(host) || ok.address(host);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && hostAllowed)) throw new OutboundRefusedError("Use https (plain http only for hosts an admin allows in FRUGAL_WEBHOOK_ALLOW).");
  if (url.username || url.password) throw new OutboundRefusedError("Put no user name or password in the URL.");
  if (hostAllowed) return url;
  const literal = canonicalIp(host);
  if (isIpOrRange(literal) && isInternalAddress(literal)) throw new OutboundRefusedError("That address is on this machine or a private network; an admin can allow it in FRUGAL_WEBHOOK_ALLOW.");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local")) {
    throw new OutboundRefusedError("That host is on this machine or a private network; an admin can allow it in FRUGAL_WEBHOOK_ALLOW.");
  }
  return url;
}

/** Resolves the host and refuses when any of its addresses is internal (and not allowed). */
export async function checkOutboundDestination(raw: string, policy: OutboundPolicy): Promise<URL> {
  const url = checkOutboundUrl(raw, policy);
  const ok = allowed(policy);
  const host = hostOf(url);
  if (ok.host(host) || ok.address(host)) return url;
  let addresses: { address: string }[];
  try {
    addresses = await (policy.resolve ?? systemResolve)(host);
  } catch {
    throw new OutboundRefusedError(`The host ${host} could not be resolved.`);
  }
  if (addresses.length === 0 || addresses.some((a) => isInternalAddress(a.address) && !ok.address(a.address))) {
    throw new OutboundRefusedError(`${host} resolves to an address on this machine or a private network; an admin can allow it in FRUGAL_WEBHOOK_ALLOW.`);
  }
  return url;
}

/** A lookup for node:http that only ever connects to addresses the policy allows. */
function guardedLookup(policy: OutboundPolicy, hostAllowed: boolean): LookupFunction {
  const ok = allowed(policy);
  return (hostname, options, callback) => {
    (policy.resolve ?? systemResolve)(hostname).then(
      (found) => {
        const usable = found.filter((a) => hostAllowed || !isInternalAddress(a.address) || ok.address(a.address));
        if (usable.length === 0 || usable.length < found.length) {
          callback(new OutboundRefusedError(`${hostname} resolves to an address on this machine or a private network.`), "", 4);
          return;
        }
        if (options.all) callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
        else callback(null, (usable[0] as { address: string }).address, (usable[0] as { family: number }).family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, "", 4),
    );
  };
}

export interface OutboundResponse {
  status: number;
  ok: boolean;
}

/** POSTs a JSON body; the answer's body is read and dropped (at most 64 KiB). Redirects are not followed. */
export async function postJson(raw: string, body: string, options: { policy: OutboundPolicy; timeoutMs: number; userAgent: string; headers?: Record<string, string> }): Promise<OutboundResponse> {
  const url = checkOutboundUrl(raw, options.policy);
  const ok = allowed(options.policy);
  const host = hostOf(url);
  const hostAllowed = ok.host(host) || ok.address(host);
  const client = url.protocol === "https:" ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...options.headers, "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": options.userAgent },
        lookup: guardedLookup(options.policy, hostAllowed),
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > 64 * 1024) response.destroy();
        });
        response.on("close", () => {
          const status = response.statusCode ?? 0;
          resolve({ status, ok: status >= 200 && status < 300 });
        });
        response.on("error", () => undefined);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
