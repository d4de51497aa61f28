// What an API token says about itself. A token carries its application, scope and
// the second it was made, signed with a key derived from the auth secret, so that
// the OFREP server can accept a token made a moment ago by another process before
// its snapshot of the database has caught up, without ever asking the database.
// Tokens are still stored (hashed), listed and revoked in the database: the
// signature only bridges the first seconds of a token's life.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import type { TokenScope } from "../domain/authorization";

export const TOKEN_PREFIX = "frg_";
const VERSION = 1;
const SCOPES: readonly TokenScope[] = ["read", "ingest", "flags"];
const RANDOM_BYTES = 16;
const MAC_BYTES = 16;
/** Where each field sits: 16 random bytes, version, scope, application id, issued-at seconds, then the MAC. */
const AT = { version: RANDOM_BYTES, scope: RANDOM_BYTES + 1, application: RANDOM_BYTES + 2, issued: RANDOM_BYTES + 6 };
const BODY_BYTES = RANDOM_BYTES + 10;

/** How long after it was made a token is taken on its signature alone. */
export const SIGNED_TOKEN_GRACE_SECONDS = 120;
/** Clock difference between the process that made a token and the one reading it. */
const CLOCK_SKEW_SECONDS = 30;

export function tokenSigningKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "frugal", "api token signature v1", 32));
}

function mac(key: Buffer, body: Buffer): Buffer {
  return createHmac("sha256", key).update(body).digest().subarray(0, MAC_BYTES);
}

export function mintToken(key: Buffer, claims: { applicationId: number; scope: TokenScope; now?: Date }): string {
  // Random bytes first, so that the prefix shown to people tells tokens apart.
  const body = Buffer.alloc(BODY_BYTES);
  randomBytes(RANDOM_BYTES).copy(body, 0);
  body.writeUInt8(VERSION, AT.version);
  body.writeUInt8(SCOPES.indexOf(claims.scope), AT.scope);
  body.writeUInt32BE(claims.applicationId, AT.application);
  body.writeUInt32BE(Math.floor((claims.now ?? new Date()).getTime() / 1000), AT.issued);
  return TOKEN_PREFIX + Buffer.concat([body, mac(key, body)]).toString("base64url");
}

export interface SignedClaims {
  applicationId: number;
  scope: TokenScope;
  issuedAt: Date;
}

/** The claims of a well-signed token made within the grace period; null for anything else (old-style tokens included). */
export function freshSignedClaims(key: Buffer, token: string, now = new Date()): SignedClaims | null {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const encoded = token.slice(TOKEN_PREFIX.length);
  const bytes = Buffer.from(encoded, "base64url");
  // One spelling per token: another encoding of the same bytes would hash differently and dodge a revocation.
  if (bytes.toString("base64url") !== encoded) return null;
  if (bytes.length !== BODY_BYTES + MAC_BYTES || bytes.readUInt8(AT.version) !== VERSION) return null;
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(mac(key, body), bytes.subarray(BODY_BYTES))) return null;
  const scope = SCOPES[bytes.readUInt8(AT.scope)];
  if (!scope) return null;
  const issuedSeconds = bytes.readUInt32BE(AT.issued);
  const age = now.getTime() / 1000 - issuedSeconds;
  if (age > SIGNED_TOKEN_GRACE_SECONDS || age < -CLOCK_SKEW_SECONDS) return null;
  return { applicationId: bytes.readUInt32BE(AT.application), scope, issuedAt: new Date(issuedSeconds * 1000) };
}
