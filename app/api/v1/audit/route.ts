import { z } from "zod";
import { describeChange } from "@/components/audit-change";
import { csvResponse } from "@/lib/api/csv";
import { apiRoute } from "@/lib/auth/api-route";
import { listAudit } from "@/lib/data/audit";
import { isDay } from "@/lib/domain/day";
import { NotFoundError } from "@/lib/errors";

const day = z.string().refine(isDay, "use YYYY-MM-DD").optional();

/** The audit log (admins), newest first, as JSON or CSV; the same filters as the page. */
export const GET = apiRoute({
  permission: "audit:read",
  query: z.object({
    action: z.string().max(100).optional(),
    actor: z.string().max(200).optional(),
    app: z.string().max(100).optional(),
    from: day,
    to: day,
    format: z.enum(["json", "csv"]).default("json"),
  }),
  handler: async ({ query, db }) => {
    // Applications by slug, as everywhere in the API.
    const app = query.app ? await db.application.findFirst({ where: { slug: query.app }, select: { id: true } }) : null;
    if (query.app && !app) throw new NotFoundError(`No application '${query.app}'.`);
    const { rows } = await listAudit(db, { action: query.action, actor: query.actor, applicationId: app?.id, from: query.from, to: query.to }, undefined, 10_000);
    const out = rows.map((r) => ({
      at: r.at.toISOString(),
      actorType: r.actorType,
      actor: r.actorLabel,
      action: r.action,
      object: r.objectLabel,
      application: r.application,
      change: describeChange(r.before, r.after).join("; "),
      reason: r.reason,
      ip: r.ip,
    }));
    if (query.format === "csv") return csvResponse("audit-log.csv", out, ["at", "actorType", "actor", "action", "object", "application", "change", "reason", "ip"]);
    return { entries: out };
  },
});
