/**
 * A link into the API (`/api/v1/…`), as the pages' exports write them: each path segment escaped
 * (a service's name may hold any character, `/` and `#` included) and the query written by
 * URLSearchParams, leaving out what is unset or empty.
 */
export function apiHref(path: readonly (string | number)[], query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return `/api/v1/${path.map((segment) => encodeURIComponent(segment)).join("/")}${search ? `?${search}` : ""}`;
}
