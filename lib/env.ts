// The one place that reads process.env. Everything else imports `env`.
import path from "node:path";
import { z } from "zod";

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
  /** 'off' disables the sync the server runs on start and on its schedule. */
  FRUGAL_SCHEDULER: z.enum(["on", "off"]).default("on"),
  /** Days of history a sync reads. */
  FRUGAL_SYNC_DAYS: z.coerce.number().int().min(1).max(400).default(90),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
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

/** Absolute path of the SQLite file named by DATABASE_URL. */
export function sqlitePath(url: string = env.DATABASE_URL): string {
  return path.resolve(url.replace(/^file:/, ""));
}
