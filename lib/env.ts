// The one place that reads process.env. Everything else imports `env`.
import path from "node:path";
import { z } from "zod";
import { isIpOrRange } from "./net/addresses";

const schema = z.object({
  DATABASE_URL: z
    .string()
    .default("file:./data/frugal.db")
    .refine((url) => url.startsWith("file:"), {
      message: "only SQLite ('file:./path.db') is supported so far",
    }),
  FRUGAL_SOURCE: z.enum(["demo", "aws"]).default("demo"),
  FRUGAL_DEMO_SEED: z.coerce.number().int().default(42),
  /** Cron expression for the periodic sync (UTC). */
  FRUGAL_SYNC_CRON: z.string().default("*/30 * * * *"),
  /** Cron expression for the overload signals between syncs (UTC): 1-minute samples, incidents, notifications. */
  FRUGAL_SIGNALS_CRON: z.string().default("*/2 * * * *"),
  /** 'off' disables the sync the server runs on start and on its schedule. */
  FRUGAL_SCHEDULER: z.enum(["on", "off"]).default("on"),
  /** Days of history a sync reads. */
  FRUGAL_SYNC_DAYS: z.coerce.number().int().min(1).max(400).default(90),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Signs sessions. Without it, a random one is kept beside the database (see lib/auth/secret.ts). */
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
  /** The address people use, e.g. https://frugal.example.com. Unset: any localhost / 127.0.0.1 port over http. */
  FRUGAL_BASE_URL: z.url().optional(),
  /** Single sign-on with any OpenID Connect provider (Okta, Entra ID, Google, Keycloak): all three or none. */
  OIDC_DISCOVERY_URL: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().default("Single sign-on"),
  /** OFREP evaluations a flags token may make per second (burst: twice that). */
  FRUGAL_OFREP_RATE_LIMIT: z.coerce.number().positive().default(1000),
  /** Reverse proxies whose X-Forwarded-For is believed (comma list of addresses and CIDR ranges); unset: none, the TCP peer is the client. */
  FRUGAL_TRUSTED_PROXIES: z
    .string()
    .default("")
    .refine((v) => v.split(",").every((item) => item.trim() === "" || isIpOrRange(item)), { message: "list IP addresses or CIDR ranges, comma-separated" }),
  /** Webhook hosts (names, addresses or ranges) that may be reached although they are internal (loopback, private, link-local). */
  FRUGAL_WEBHOOK_ALLOW: z.string().default(""),
  /** How often the OFREP snapshot of switch states is refreshed from the database. */
  FRUGAL_OFREP_REFRESH_MS: z.coerce.number().int().min(200).max(60_000).default(2000),
}).refine((e) => [e.OIDC_DISCOVERY_URL, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length % 3 === 0, {
  message: "set OIDC_DISCOVERY_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together",
  path: ["OIDC_DISCOVERY_URL"],
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env: Env = load();

/** A comma-separated setting as a list, blanks dropped. */
export function listSetting(value: string): string[] {
  return value.split(",").map((v) => v.trim()).filter(Boolean);
}

export function oidcConfigured(e: Env = env): boolean {
  return Boolean(e.OIDC_DISCOVERY_URL && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET);
}

/** Absolute path of the SQLite file named by DATABASE_URL. */
export function sqlitePath(url: string = env.DATABASE_URL): string {
  return path.resolve(url.replace(/^file:/, ""));
}
