// Secrets Frugal must keep readable for itself (webhook URLs: whoever has one can
// post to the channel) are stored encrypted with a key derived from the auth
// secret, so that a copy of the database alone does not give them away.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "./secret";

const PREFIX = "enc:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function key(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "frugal", "stored secrets v1", 32));
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function sealText(plain: string, secret: string = authSecret()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export class SealError extends Error {
  override name = "SealError";
}

/** The plain text; a value stored before encryption came in is returned as it is. */
export function openText(stored: string, secret: string = authSecret()): string {
  if (!isSealed(stored)) return stored;
  const bytes = Buffer.from(stored.slice(PREFIX.length), "base64url");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(secret), bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SealError("A stored secret cannot be read with this instance's auth secret (was BETTER_AUTH_SECRET changed?).");
  }
}
