// The one place that reads process.env. Everything else imports `env`.
import path from "node:path";
import { z } from "zod";
import { isIpOrRange } from "./net/addresses";

const schema = z.object({
  DATABASE_URL: z
    .string()
    .default("file:./data/frugal.db")
    .refine((url) => url.startsWith("file:") || /^postgres(ql)?:\/\//.test(url), {
      message: "SQLite ('file:./data/frugal.db') or PostgreSQL ('postgres://user:password@host:5432/frugal')",
    }),
  FRUGAL_SOURCE: z.enum(["demo", "aws"]).default("demo"),
  FRUGAL_DEMO_SEED: z.coerce.number().int().default(42),
  /** Cron expression for the periodic sync (UTC). */
  FRUGAL_SYNC_CRON: z.string().default("*/30 * * * *"),
  /**
   * Cron expression for the overload signals between syncs (UTC): 1-minute samples, incidents, notifications.
   * Unset: every 2 minutes on the demo, every 5 on AWS (each run asks CloudWatch for every sampled metric).
   */
  FRUGAL_SIGNALS_CRON: z.string().optional(),
  /** 'off' disables the sync the server runs on start and on its schedule. */
  FRUGAL_SCHEDULER: z.enum(["on", "off"]).default("on"),
  /**
   * What `npm start` runs here: 'web' (OFREP and the dashboard), 'worker' (the jobs: sync, overload
   * signals, limits, webhooks), 'all' (both, as separate processes; the default) or 'ofrep' (OFREP
   * alone, for instances that a load balancer sends /ofrep/* to).
   */
  FRUGAL_ROLE: z.enum(["web", "worker", "all", "ofrep"]).default("all"),
  /**
   * 'auto': on a machine that lets this process use two CPUs or more, the worker is kept on the
   * last of them (taskset), so that a job never takes the CPU a request is waiting for; 'off': the
   * worker runs on any CPU.
   */
  FRUGAL_WORKER_CPU: z.enum(["auto", "off"]).default("auto"),
  /** The address `npm start` listens on; unset, every address of both families. (Not HOSTNAME, which Docker sets to the container's id.) */
  FRUGAL_HOST: z.string().trim().min(1).optional(),
  /** Set by server.ts on the processes it starts ('dashboard', 'worker'); not for people to set. */
  FRUGAL_PROCESS: z.enum(["dashboard", "worker"]).optional(),
  /** Days of history kept (Cost Explorer keeps 13 months and the current one). */
  FRUGAL_SYNC_DAYS: z.coerce.number().int().min(1).max(400).default(90),
  /** The region the SDK uses by default; the first region Frugal reads when FRUGAL_AWS_REGIONS is unset. */
  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "not an AWS region, e.g. eu-west-1").optional(),
  /** Regions whose resources and metrics Frugal reads, comma-separated; default AWS_REGION. */
  FRUGAL_AWS_REGIONS: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.split(",").every((r) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(r.trim())), { message: "list AWS regions, comma-separated, e.g. eu-west-1,us-east-1" }),
  /** Cost Explorer's metric: amortized (reservations and savings plans spread over their term) or unblended. */
  FRUGAL_AWS_COST_METRIC: z.enum(["AmortizedCost", "UnblendedCost"]).default("AmortizedCost"),
  /** Count credits and refunds in cost (left out by default, so a credit does not hide what a service costs). */
  /** Cost Explorer's own month-end forecast per application, read at most daily ($0.01 an application a day); "off": Frugal's model only. */
  FRUGAL_AWS_FORECAST: z.enum(["daily", "off"]).default("daily"),
  FRUGAL_AWS_INCLUDE_CREDITS: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** Cost Explorer days still estimated are read again once their last read is this old (it refreshes ~3 times a day). */
  FRUGAL_COST_REFRESH_HOURS: z.coerce.number().min(1).max(48).default(8),
  /** Attempts per AWS request, the first included (the SDK's standard retry mode and retry budget). */
  FRUGAL_AWS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(6),
  /** How long an AWS request may take before it is abandoned (and retried as a transient failure). */
  FRUGAL_AWS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /** Where services publish a Retries count (dimensions Service and, optionally, Cell). */
  FRUGAL_RETRIES_NAMESPACE: z.string().min(1).max(255).default("Frugal"),
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
  /** Dashboard requests (pages, API) the front passes on at once per instance; past it, 503 with Retry-After. */
  FRUGAL_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  /** Imports of business-metric points (API pushes) in flight at once per instance; past it, 503 with Retry-After. */
  FRUGAL_MAX_IMPORTS_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000).default(4),
  /** Reverse proxies whose X-Forwarded-For is believed (comma list of addresses and CIDR ranges); unset: none, the TCP peer is the client. */
  FRUGAL_TRUSTED_PROXIES: z
    .string()
    .default("")
    .refine((v) => v.split(",").every((item) => item.trim() === "" || isIpOrRange(item)), { message: "list IP addresses or CIDR ranges, comma-separated" }),
  /** Webhook hosts (names, addresses or ranges) that may be reached although they are internal (loopback, private, link-local). */
  FRUGAL_WEBHOOK_ALLOW: z.string().default(""),
  /** Where report e-mail goes out: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. Unset: reports are made and shown, not mailed. */
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || /^smtps?:\/\/[^\s]+$/.test(v), { message: "an SMTP URL, e.g. smtp://user:password@mail.example.com:587" }),
  /** The From of report e-mail, e.g. "Frugal <frugal@example.com>". */
  FRUGAL_MAIL_FROM: z.string().default("Frugal <frugal@localhost>"),
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

/** The overload signals' schedule: the setting, or every 2 minutes on the demo and every 5 on AWS. */
export function signalsCron(e: Env = env): string {
  return e.FRUGAL_SIGNALS_CRON ?? (e.FRUGAL_SOURCE === "aws" ? "*/5 * * * *" : "*/2 * * * *");
}

/** The regions Frugal reads on AWS. */
export function awsRegions(e: Env = env): string[] {
  const listed = listSetting(e.FRUGAL_AWS_REGIONS ?? "");
  return listed.length ? listed : [e.AWS_REGION ?? "us-east-1"];
}

/** A comma-separated setting as a list, blanks dropped. */
export function listSetting(value: string): string[] {
  return value.split(",").map((v) => v.trim()).filter(Boolean);
}

export function oidcConfigured(e: Env = env): boolean {
  return Boolean(e.OIDC_DISCOVERY_URL && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET);
}

/** Where people reach this dashboard, for links in messages (webhooks, e-mail). */
export function publicBaseUrl(): string {
  return env.FRUGAL_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

/** Report e-mail is on when an SMTP server is configured. */
export function mailConfigured(e: Env = env): boolean {
  return Boolean(e.SMTP_URL);
}

export type DatabaseKind = "sqlite" | "postgres";

export function databaseKind(url: string = env.DATABASE_URL): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

/** DATABASE_URL as logs may show it: a PostgreSQL password masked. */
export function databaseLabel(url: string = env.DATABASE_URL): string {
  if (databaseKind(url) === "sqlite") return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

/** Absolute path of the SQLite file named by DATABASE_URL. */
export function sqlitePath(url: string = env.DATABASE_URL): string {
  return path.resolve(url.replace(/^file:/, ""));
}
