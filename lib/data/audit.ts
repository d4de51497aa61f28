import type { Db, Prisma } from "../db/client";
import { readableIp } from "../net/addresses";

export interface AuditFilters {
  action?: string;
  actor?: string;
  applicationId?: number;
  from?: string;
  to?: string;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorType: string;
  actorLabel: string;
  action: string;
  objectType: string | null;
  objectLabel: string | null;
  application: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  ip: string | null;
}

export const AUDIT_PAGE_SIZE = 50;
/** The most entries one answer of the API holds; `before` pages on from there (or `all=true` streams every one as CSV). */
export const AUDIT_ANSWER_MAX = 10_000;

function auditWhere(filters: AuditFilters, before?: number): Prisma.AuditEventWhereInput {
  return {
    ...(filters.action ? { action: { startsWith: filters.action } } : {}),
    ...(filters.actor ? { actorLabel: { contains: filters.actor } } : {}),
    ...(filters.applicationId ? { applicationId: filters.applicationId } : {}),
    ...(filters.from || filters.to
      ? { at: { ...(filters.from ? { gte: new Date(`${filters.from}T00:00:00Z`) } : {}), ...(filters.to ? { lt: new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000) } : {}) } }
      : {}),
    ...(before ? { id: { lt: before } } : {}),
  };
}

/** How many entries match, on every page of them: what the page says, and whether one export holds them all. */
export function countAudit(db: Db, filters: AuditFilters): Promise<number> {
  return db.auditEvent.count({ where: auditWhere(filters) });
}

type AuditPage = { rows: AuditRow[]; nextBefore: number | null };
type ApplicationNames = ReadonlyMap<number, string>;

async function applicationNames(db: Db): Promise<ApplicationNames> {
  const apps = await db.application.findMany({ select: { id: true, name: true } });
  return new Map(apps.map((a) => [a.id, a.name]));
}

/** One page of entries, with each application's name looked up in `applications` (read beside the page). */
async function readAudit(db: Db, filters: AuditFilters, before: number | undefined, limit: number, applications: Promise<ApplicationNames>): Promise<AuditPage> {
  const [events, names] = await Promise.all([db.auditEvent.findMany({ where: auditWhere(filters, before), orderBy: { id: "desc" }, take: limit + 1 }), applications]);
  const page = events.slice(0, limit);
  return {
    rows: page.map((e) => ({
      id: e.id,
      at: e.at,
      actorType: e.actorType,
      actorLabel: e.actorLabel,
      action: e.action,
      objectType: e.objectType,
      objectLabel: e.objectLabel,
      application: e.applicationId === null ? null : (names.get(e.applicationId) ?? `#${e.applicationId} (deleted)`),
      before: e.before,
      after: e.after,
      reason: e.reason,
      // Written short, whichever way it was stored (entries before 5 December 2026 kept an IPv6 address long and cut to its /64).
      ip: e.ip === null ? null : (readableIp(e.ip) ?? e.ip),
    })),
    nextBefore: events.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Newest first; `before` is the id to continue below (for "older" pages). */
export async function listAudit(db: Db, filters: AuditFilters, before?: number, limit = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  return readAudit(db, filters, before, limit, applicationNames(db));
}

/** Entries a chunk of a streamed export reads: small enough to hold, large enough to be few queries. */
export const AUDIT_CHUNK = 1_000;

/**
 * Every entry the filters match, newest first, `AUDIT_CHUNK` at a time and mapped by `as`,
 * read only as the consumer asks for the next chunk: the export of a log of any length.
 * Entries written after its first chunk is read are newer than it, and are not in it; application
 * names are read once, as the export starts.
 */
export async function* auditChunks<T>(db: Db, filters: AuditFilters, as: (row: AuditRow) => T): AsyncGenerator<T[]> {
  const names = applicationNames(db);
  let before: number | undefined;
  for (;;) {
    const { rows, nextBefore } = await readAudit(db, filters, before, AUDIT_CHUNK, names);
    if (rows.length > 0) yield rows.map(as);
    if (nextBefore === null) return;
    before = nextBefore;
  }
}

export async function auditActions(db: Db): Promise<string[]> {
  const rows = await db.auditEvent.groupBy({ by: ["action"], orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
