// Runs before every page and API request: a fresh CSP nonce (Next.js applies it
// to its own scripts), and pages without a session cookie go to the sign-in page.
// The cookie is only looked at here; the session itself is checked on the server
// by every page (lib/auth/guard.ts) and handler (lib/auth/api-route.ts).
import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { allowedMethods } from "@/lib/api/allowed-methods";
import { decodePathSegment } from "@/lib/domain/url";
import { env } from "@/lib/env";
import { AppError, BadRequestError, errorResponse } from "@/lib/errors";

/** Paths served without a session: the sign-in page, and the tab icon it shows. */
const PUBLIC_PAGES = new Set(["/sign-in", "/icon.svg"]);

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React and recharts set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** The host a browser addressed: what an Origin header must match. */
function requestHost(request: NextRequest): string {
  return request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? request.nextUrl.host;
}

/** A server action posted from another site. Next.js refuses it too, but as a 500; this says 403. */
function foreignServerAction(request: NextRequest): boolean {
  if (request.method !== "POST" || !request.headers.has("next-action")) return false;
  const origin = request.headers.get("origin");
  if (!origin) return false; // same-origin fetches without Origin: the action itself authenticates
  try {
    return new URL(origin).host !== requestHost(request);
  } catch {
    return true;
  }
}

const MALFORMED_PATH = "The address has a malformed percent escape (such as '%zz', or a character cut off after '%E0%A4'); encode each part of the path with encodeURIComponent.";

/**
 * A path Next.js cannot decode ("/applications/%E0%A4%A", "/x/%zz"): Next.js answers it
 * with a bare 500 and logs nothing, though the mistake is the caller's. Here it is a
 * 400 in the shape the caller reads: the API's error JSON, or a short page.
 */
function malformedPath(pathname: string, isApi: boolean): Response | null {
  if (!pathname.includes("%") || pathname.split("/").every((segment) => decodePathSegment(segment) !== null)) return null;
  if (isApi) return errorResponse(new BadRequestError(MALFORMED_PATH));
  const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bad address · Frugal</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5"><h1>Bad address</h1><p>${MALFORMED_PATH}</p><p><a href="/">Go to the applications</a></p></body></html>`;
  return new NextResponse(page, { status: 400, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

const EITHER = new Intl.ListFormat("en", { type: "disjunction" });

/** An API route asked with a method it does not take: 405 with the Allow header HTTP asks for, and why, in the API's error JSON. */
function methodNotAllowed(request: NextRequest, pathname: string): Response | null {
  const allowed = allowedMethods(pathname);
  if (!allowed || allowed.includes(request.method)) return null;
  const message = `${pathname} takes ${EITHER.format(allowed.filter((m) => m !== "HEAD" && m !== "OPTIONS"))}, not ${request.method}.`;
  const response = errorResponse(new AppError(405, "METHOD_NOT_ALLOWED", message));
  response.headers.set("allow", allowed.join(", "));
  return response;
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (foreignServerAction(request)) {
    return new NextResponse("Cross-site request refused.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const isPage = !pathname.startsWith("/api/") && !pathname.startsWith("/ofrep/");
  const refused = malformedPath(pathname, !isPage) ?? (isPage ? null : methodNotAllowed(request, pathname));
  if (refused) return refused;
  if (isPage && !PUBLIC_PAGES.has(pathname) && !getSessionCookie(request)) {
    const signIn = new URL("/sign-in", request.url);
    if (pathname !== "/") signIn.searchParams.set("next", pathname + search);
    return NextResponse.redirect(signIn);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  // Served over https (FRUGAL_BASE_URL says so): browsers keep to https for a year.
  if (env.FRUGAL_BASE_URL?.startsWith("https://")) response.headers.set("strict-transport-security", "max-age=31536000; includeSubDomains");
  return response;
}

export const config = {
  // Not for static files; OFREP answers machines and is kept off this path to stay fast.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|ofrep/).*)"],
};
