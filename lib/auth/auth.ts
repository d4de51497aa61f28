// Sign-in with Better Auth: e-mail and password with sessions in the database,
// and any OpenID Connect provider configured from the environment.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { recordAudit } from "../audit/record";
import { db as defaultDb, type Db } from "../db/client";
import { env, oidcConfigured } from "../env";
import { requestAddress, sameClientAs } from "../net/addresses";
import { FAILED_SIGN_IN_WINDOW_MS, FAILED_SIGN_INS_PER_EMAIL_AND_ADDRESS, signInDelayMs } from "../domain/sign-in-limits";
import { authSecret } from "./secret";
import { MIN_PASSWORD_LENGTH } from "./users";

export const OIDC_PROVIDER_ID = "oidc";
const SIGN_IN_PATH = "/sign-in/email";
/**
 * The latest failed sign-ins for an e-mail read to count those from the caller's address: more
 * within the window means a guessing campaign from everywhere, which is held at the longest delay anyway.
 */
const RECENT_FAILURES_READ = 1_000;

/**
 * The endpoints Frugal uses over HTTP; every other one Better Auth has (update-user,
 * change-email, list-sessions, get-session...) answers 404, so nobody can rename
 * themselves unaudited or read a session token from script. Server code calls
 * auth().api directly and is not affected.
 */
const HTTP_PATHS = new Set([SIGN_IN_PATH, "/sign-out", "/ok", "/error"]);
const OIDC_PATHS = new Set(["/sign-in/oauth2", "/oauth2/callback/:providerId"]);
const allowedOverHttp = (path: string) => HTTP_PATHS.has(path) || (oidcConfigured() && OIDC_PATHS.has(path));

/** A browser sending a sign-in from another site's page: refused, and not counted against the account. */
function crossSite(request: Request | undefined): boolean {
  const origin = request?.headers.get("origin");
  if (!request || !origin || origin === "null") return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

function baseURL() {
  // Unset: whatever localhost port the server runs on (npm start, the tests).
  return (
    env.FRUGAL_BASE_URL ?? {
      allowedHosts: ["localhost:*", "127.0.0.1:*", "localhost", "127.0.0.1"],
      protocol: "http" as const,
      fallback: `http://localhost:${process.env.PORT ?? 3000}`,
    }
  );
}

export function createAuth(db: Db) {
  const secure = env.FRUGAL_BASE_URL?.startsWith("https://") ?? false;
  return betterAuth({
    appName: "Frugal",
    baseURL: baseURL(),
    basePath: "/api/auth",
    secret: authSecret(),
    database: prismaAdapter(db, { provider: "sqlite" }),
    account: { modelName: "authAccount" },
    user: {
      additionalFields: {
        // Set by admins only (lib/auth/users.ts), never by the person signing up.
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
      },
    },
    emailAndPassword: {
      enabled: true,
      // Admins create accounts (UI or `npm run frugal -- admin create`); nobody signs themselves up.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
    },
    session: {
      expiresIn: 7 * 24 * 3600,
      updateAge: 24 * 3600,
      // No cookie cache: a revoked session or a changed role takes effect on the next request.
    },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 120,
      customRules: { [SIGN_IN_PATH]: { window: 60, max: 10 } },
    },
    advanced: {
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
    },
    telemetry: { enabled: false },
    plugins: [
      ...(oidcConfigured()
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: env.OIDC_NAME,
                  discoveryUrl: env.OIDC_DISCOVERY_URL,
                  clientId: env.OIDC_CLIENT_ID as string,
                  clientSecret: env.OIDC_CLIENT_SECRET,
                  scopes: ["openid", "email", "profile"],
                  pkce: true,
                },
              ],
            }),
          ]
        : []),
      nextCookies(),
    ],
    databaseHooks: {
      session: {
        create: {
          after: async (session, context) => {
            const user = await db.user.findUnique({ where: { id: session.userId } });
            if (!user) return;
            await recordAudit(db, {
              actor: { kind: "user", userId: user.id, email: user.email },
              action: "auth.sign_in",
              object: { type: "user", id: user.id, label: user.email },
              // The client's own address, not the session's (Better Auth keeps an IPv6 client's /64 there, "2001:db8::" for "2001:db8::7").
              ip: context?.request ? requestAddress(context.request.headers) : null,
            });
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.request && !allowedOverHttp(ctx.path)) throw new APIError("NOT_FOUND", { message: "Not found." });
        if (ctx.path !== SIGN_IN_PATH) return;
        if (crossSite(ctx.request)) throw new APIError("FORBIDDEN", { message: "Sign in from Frugal's own sign-in page." });
        const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase();
        const ip = ctx.request ? requestAddress(ctx.request.headers) : null;
        const since = new Date(Date.now() - FAILED_SIGN_IN_WINDOW_MS);
        const failed = { action: "auth.sign_in_failed", objectLabel: email, at: { gt: since } };
        // "From here" is the same IPv4 address or the same IPv6 /64: a client given a /64 has all of its addresses to try from.
        const [everywhere, latest] = await Promise.all([
          db.auditEvent.count({ where: failed }),
          db.auditEvent.findMany({ where: failed, select: { ip: true }, orderBy: { id: "desc" }, take: RECENT_FAILURES_READ }),
        ]);
        const here = ip === null ? null : sameClientAs(ip);
        const fromHere = latest.filter((e) => (here === null ? e.ip === null : e.ip !== null && here(e.ip))).length;
        // Only this address is refused: someone guessing elsewhere cannot lock the owner out.
        if (fromHere >= FAILED_SIGN_INS_PER_EMAIL_AND_ADDRESS) {
          throw new APIError("TOO_MANY_REQUESTS", { message: "Too many failed sign-ins for this e-mail from this address. Try again in 15 minutes." });
        }
        const delay = signInDelayMs(everywhere);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const returned = ctx.context.returned;
        if (!isAPIError(returned)) {
          // The session lives in its httpOnly cookie; the answer's body need not carry the token for script to read.
          if (returned && typeof returned === "object" && "token" in returned) {
            const { token: _token, ...rest } = returned as Record<string, unknown>;
            return ctx.json(rest);
          }
          return;
        }
        const error = returned;
        if (error.statusCode === 429 || error.statusCode === 403) return;
        const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase().slice(0, 200);
        const ip = ctx.request ? requestAddress(ctx.request.headers) : null;
        await recordAudit(db, {
          actor: { kind: "anonymous", label: email || "(no e-mail)" },
          action: "auth.sign_in_failed",
          object: { type: "user", id: email, label: email },
          reason: error.message,
          ip,
        });
      }),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const g = globalThis as unknown as { __frugalAuth?: Auth };

export function auth(): Auth {
  return (g.__frugalAuth ??= createAuth(defaultDb()));
}
