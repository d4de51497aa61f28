// Decoding what callers put in a URL. A malformed percent escape ("%", "%zz",
// "%E0%A4") is the caller's mistake, never an exception that reaches the server.

/** A decoded path segment, or null when its percent escapes are malformed. */
export function decodePathSegment(segment: string): string | null {
  if (!segment.includes("%")) return segment; // nothing to decode (OFREP's hot path)
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

const PLAIN_PATH = /^\/[A-Za-z0-9._~\-/]*$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

/**
 * The path of a request target as Next.js and browsers see it: "." and ".."
 * segments (also spelt %2e) resolved, the query dropped. A target that is not a
 * path at all comes back as it is.
 */
export function normalizedPath(target: string): string {
  if (!target.startsWith("/")) return target;
  // The common case without a URL parser (OFREP's hot path): plain segment characters, no
  // "." or ".." segment, so nothing to resolve; only the query is dropped.
  const query = target.indexOf("?");
  const path = query < 0 ? target : target.slice(0, query);
  if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) return path;
  try {
    return new URL(`http://frugal.invalid${target}`).pathname;
  } catch {
    return target;
  }
}

const NOWHERE = "http://frugal.invalid";

/**
 * Where to send someone after signing in: a path on this site, or "/". Parsed the
 * way a browser will follow it, so "/\evil.example", "//evil.example", a tab in
 * the slashes or an absolute URL elsewhere all come back as "/".
 */
export function sameOriginPath(next: string | null | undefined): string {
  if (!next) return "/";
  let url: URL;
  try {
    url = new URL(next, NOWHERE);
  } catch {
    return "/";
  }
  return url.origin === NOWHERE ? `${url.pathname}${url.search}${url.hash}` : "/";
}
