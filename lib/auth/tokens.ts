// API tokens for machines: per application, one scope each, shown once, stored
// as a SHA-256 hash (the token carries 128 random bits, so a slow hash adds nothing),
// and signed (token-format.ts) so that OFREP takes a brand-new token at once.
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import type { Principal, TokenScope } from "../domain/authorization";
import { isTokenScope } from "../domain/authorization";
import { recordAudit, type AuditActor } from "../audit/record";
import { signalOfrepChange } from "../ofrep/signal";
import { authSecret } from "./secret";
import { mintToken, TOKEN_PREFIX, tokenSigningKey } from "./token-format";
import { usageRecorder } from "./token-usage";

const PREFIX_SHOWN = 12;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

let signingKey: Buffer | null = null;
export function signingKeyOfThisInstance(): Buffer {
  return (signingKey ??= tokenSigningKey(authSecret()));
}

export interface ApiTokenView {
  id: number;
  applicationId: number;
  name: string;
  scope: TokenScope;
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export class TokenInputError extends Error {
  override name = "TokenInputError";
}

/** Creates a token and audits it; returns the token itself, which is never readable again. */
export async function createApiToken(
  db: Db,
  input: { applicationId: number; name: string; scope: string; actor: AuditActor },
): Promise<{ token: string; view: ApiTokenView }> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 80) throw new TokenInputError("A token needs a name of 1 to 80 characters.");
  if (!isTokenScope(input.scope)) throw new TokenInputError(`Unknown scope '${input.scope}'; use read, ingest or flags.`);
  const token = mintToken(signingKeyOfThisInstance(), { applicationId: input.applicationId, scope: input.scope });
  const row = await db.$transaction(async (tx) => {
    const app = await tx.application.findUniqueOrThrow({ where: { id: input.applicationId } });
    const created = await tx.apiToken.create({
      data: {
        applicationId: app.id,
        name,
        scope: input.scope,
        tokenHash: hashToken(token),
        prefix: token.slice(0, PREFIX_SHOWN),
        createdById: input.actor.kind === "user" ? input.actor.userId : null,
      },
      include: { createdBy: { select: { email: true } } },
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: "token.created",
      object: { type: "token", id: created.id, label: `${name} (${created.prefix}…)` },
      applicationId: app.id,
      after: { name, scope: input.scope, application: app.slug },
    });
    return created;
  });
  if (row.scope === "flags") signalOfrepChange(); // usable for OFREP at once, not at the next refresh
  return { token, view: toView(row) };
}

export async function revokeApiToken(db: Db, tokenId: number, actor: AuditActor, reason?: string): Promise<ApiTokenView> {
  const view = await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findUniqueOrThrow({ where: { id: tokenId }, include: { createdBy: { select: { email: true } } } });
    if (token.revokedAt) return toView(token);
    const revoked = await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() }, include: { createdBy: { select: { email: true } } } });
    await recordAudit(tx, {
      actor,
      action: "token.revoked",
      object: { type: "token", id: tokenId, label: `${token.name} (${token.prefix}…)` },
      applicationId: token.applicationId,
      before: { revoked: false },
      after: { revoked: true },
      reason: reason ?? null,
    });
    return toView(revoked);
  });
  signalOfrepChange(); // refused by OFREP at once
  return view;
}

export async function listApiTokens(db: Db, applicationId: number): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({
    where: { applicationId },
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    include: { createdBy: { select: { email: true } } },
  });
  return rows.map(toView);
}

/**
 * The principal a bearer token stands for, or null when it is unknown or revoked.
 * That it was used is recorded later, in a batch (token-usage.ts): a request never
 * waits for that write.
 */
export async function principalForToken(db: Db, token: string): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt || !isTokenScope(row.scope)) return null;
  usageRecorder(db).note(row.id);
  return { kind: "token", tokenId: row.id, name: row.name, applicationId: row.applicationId, scope: row.scope };
}

function toView(row: {
  id: number;
  applicationId: number;
  name: string;
  scope: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { email: string } | null;
}): ApiTokenView {
  return {
    id: row.id,
    applicationId: row.applicationId,
    name: row.name,
    scope: isTokenScope(row.scope) ? row.scope : "read",
    prefix: row.prefix,
    createdBy: row.createdBy?.email ?? null,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
