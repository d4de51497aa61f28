import type { Db, Prisma } from "../db/client";

type Client = Db | Prisma.TransactionClient;

/** Who acted: a principal (users and tokens fit), the system itself, or someone not signed in. */
export type AuditActor =
  | { kind: "user"; userId: string; email: string }
  | { kind: "token"; tokenId: number; name: string }
  | { kind: "system"; label: string }
  | { kind: "anonymous"; label: string };

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  object?: { type: string; id: string | number; label?: string };
  applicationId?: number | null;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  reason?: string | null;
  ip?: string | null;
}

function actorColumns(actor: AuditEntry["actor"]) {
  switch (actor.kind) {
    case "user":
      return { actorType: "user", actorId: actor.userId, actorLabel: actor.email };
    case "token":
      return { actorType: "token", actorId: String(actor.tokenId), actorLabel: `token ${actor.name}` };
    default:
      return { actorType: actor.kind, actorId: null, actorLabel: actor.label };
  }
}

/** Appends an entry to the audit log. Pass the transaction that makes the change, so both land or neither. */
export async function recordAudit(client: Client, entry: AuditEntry): Promise<void> {
  await client.auditEvent.create({
    data: {
      ...actorColumns(entry.actor),
      action: entry.action,
      objectType: entry.object?.type ?? null,
      objectId: entry.object ? String(entry.object.id) : null,
      objectLabel: entry.object?.label ?? null,
      applicationId: entry.applicationId ?? null,
      before: entry.before,
      after: entry.after,
      reason: entry.reason ?? null,
      ip: entry.ip ?? null,
    },
  });
}

/** The fields of a settings object that a change touched, each side as it was: for an audit entry's before and after. */
export function changedFields<T extends object>(before: T, after: T): { changed: (keyof T)[]; before: Record<string, unknown>; after: Record<string, unknown> } {
  const changed = (Object.keys(after) as (keyof T)[]).filter((k) => before[k] !== after[k]);
  return { changed, before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])) };
}
