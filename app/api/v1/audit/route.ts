import { z } from "zod";
import { describeChange } from "@/components/audit-change";
import { csvResponse, csvStreamResponse } from "@/lib/api/csv";
import { apiRoute } from "@/lib/auth/api-route";
import { AUDIT_ANSWER_MAX, type AuditRow, auditChunks, listAudit } from "@/lib/data/audit";
import { isDay } from "@/lib/domain/day";
import { BadRequestError, NotFoundError } from "@/lib/errors";

const day = z.string().refine(isDay, "use YYYY-MM-DD").optional();

const COLUMNS = ["at", "actorType", "actor", "action", "object", "application", "change", "reason", "ip"];

/** An entry as the API gives it: the change in words. */
const entry = (r: AuditRow) => ({
  at: r.at.toISOString(),
  actorType: r.actorType,
  actor: r.actorLabel,
  action: r.action,
  object: r.objectLabel,
  application: r.application,
  change: describeChange(r.before, r.after).join("; "),
  reason: r.reason,
  ip: r.ip,
});

/**
 * The audit log (admins), newest first, as JSON or CSV; the same filters as the page. A log
 * longer than one answer is read page by page: `nextBefore` in the JSON and a `Link: rel="next"`
 * header (CSV too) name the next page, so nothing older is dropped without a word. Or, with
 * `all=true`, every matching entry in one CSV, streamed a chunk at a time (the page's export).
 */
export const GET = apiRoute({
  permission: "audit:read",
  query: z.object({
    action: z.string().max(100).optional(),
    actor: z.string().max(200).optional(),
    app: z.string().max(100).optional(),
    from: day,
    to: day,
    format: z.enum(["json", "csv"]).default("json"),
    before: z.coerce.number().int().positive("'before' is a previous answer's nextBefore, a positive number.").optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_ANSWER_MAX, `At most ${AUDIT_ANSWER_MAX.toLocaleString("en-US")} entries an answer.`).optional(),
    all: z.enum(["true", "false"], "'all' is true or false.").optional(),
  }),
  handler: async ({ request, query, db }) => {
    // Applications by slug, as everywhere in the API.
    const app = query.app ? await db.application.findFirst({ where: { slug: query.app }, select: { id: true } }) : null;
    if (query.app && !app) throw new NotFoundError(`No application '${query.app}'.`);
    const filters = { action: query.action, actor: query.actor, applicationId: app?.id, from: query.from, to: query.to };
    if (query.all === "true") {
      if (query.format !== "csv") throw new BadRequestError("all=true exports every entry as CSV (format=csv); JSON is read page by page with 'before'.");
      if (query.limit !== undefined || query.before !== undefined) throw new BadRequestError("all=true exports every matching entry; it takes no 'limit' or 'before'.");
      return csvStreamResponse("audit-log.csv", COLUMNS, auditChunks(db, filters, entry));
    }
    const { rows, nextBefore } = await listAudit(db, filters, query.before, query.limit ?? AUDIT_ANSWER_MAX);
    const out = rows.map(entry);
    const response =
      query.format === "csv"
        ? csvResponse("audit-log.csv", out, COLUMNS)
        : Response.json({ entries: out, nextBefore }, { headers: { "cache-control": "no-store" } });
    if (nextBefore !== null) {
      const next = new URL(request.url);
      next.searchParams.set("before", String(nextBefore));
      response.headers.set("link", `<${next.pathname}${next.search}>; rel="next"`);
    }
    return response;
  },
});
