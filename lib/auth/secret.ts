import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseKind, env, sqlitePath } from "../env";

/**
 * The key that signs session cookies: BETTER_AUTH_SECRET when set; otherwise a
 * random one created on first use and kept beside the database (readable by the
 * owner only), so that a fresh clone is secure without configuration and
 * sessions survive restarts. Instances sharing a database must share the secret.
 */
export function authSecret(): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  // On PostgreSQL there is no database file to keep it beside: ./data, on this machine only (several machines set BETTER_AUTH_SECRET).
  const file = path.join(databaseKind() === "postgres" ? path.resolve("data") : path.dirname(sqlitePath()), "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim(); // another process wrote it first
    }
  }
}
