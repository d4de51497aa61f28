// Decoding what callers put in a URL. A malformed percent escape ("%", "%zz",
// "%E0%A4") is the caller's mistake, never an exception that reaches the server.

/** A decoded path segment, or null when its percent escapes are malformed. */
export function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The path of a request target as Next.js and browsers see it: "." and ".."
 * segments (also spelt %2e) resolved, the query dropped. A target that is not a
 * path at all comes back as it is.
 */
export function normalizedPath(target: string): string {
  if (!target.startsWith("/")) return target;
  try {
    return new URL(`http://frugal.invalid${target}`).pathname;
  } catch {
    return target;
  }
}
