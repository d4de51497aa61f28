// Pieces every /api/v1 handler shares: the date range, the output format, the
// application named in the path, and money as dollars.
import { z } from "zod";
import type { Db } from "../db/client";
import { InvalidRangeError, parseRange, type DateRange } from "../domain/date-range";
import { toDay } from "../domain/day";
import type { Principal } from "../domain/authorization";
import { BadRequestError } from "../errors";
import { requireAccountId } from "../data/account-id";
import type { Resolved } from "../auth/api-route";

/** `format=json|csv`, for a route that answers with a table and takes no range. */
export const formatQuery = z.object({
  format: z.enum(["json", "csv"], { message: "format must be json or csv" }).default("json"),
});

export const rangeQuery = formatQuery.extend({
  range: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});

/** The range a query asks for (`from`/`to` or `range=7|30|90`; the last 30 days by default); 400 when it cannot be read. */
export function rangeOf(query: { range?: string; from?: string; to?: string }, now = new Date()): DateRange {
  try {
    return parseRange(query, toDay(now));
  } catch (error) {
    if (error instanceof InvalidRangeError) throw new BadRequestError(error.message, undefined, "INVALID_RANGE");
    throw error;
  }
}

export const applicationParams = z.object({ id: z.string().min(1).max(100) });

export interface ApplicationRef {
  id: number;
  slug: string;
  name: string;
  accountId: number;
}

/** The application `{id}` (its slug) names, as the object to authorize against; null = 404. */
export async function resolveApplication({ params, db }: { params: { id: string }; principal: Principal; db: Db }): Promise<Resolved<ApplicationRef> | null> {
  const accountId = await requireAccountId(db);
  const app = await db.application.findUnique({ where: { accountId_slug: { accountId, slug: params.id } }, select: { id: true, slug: true, name: true, accountId: true } });
  return app && { target: { kind: "application", applicationId: app.id, name: app.name }, object: app };
}

export const serviceParams = z.object({ id: z.string().min(1), service: z.string().min(1) });

/** The service `{service}` (its name) of the application `{id}`, authorized as its application; null = 404. */
export async function resolveService(ctx: { params: { id: string; service: string }; principal: Principal; db: Db }): Promise<Resolved<{ app: ApplicationRef; service: { id: number; name: string } }> | null> {
  const app = await resolveApplication(ctx);
  if (!app) return null;
  const service = await ctx.db.service.findUnique({ where: { applicationId_name: { applicationId: app.object.id, name: ctx.params.service } }, select: { id: true, name: true } });
  return service && { target: app.target, object: { app: app.object, service } };
}

/** Micro-dollars as dollars, to the micro-dollar. */
export function usd(micro: number): number;
export function usd(micro: number | null): number | null;
export function usd(micro: number | null): number | null {
  return micro === null ? null : Math.round(micro) / 1_000_000;
}

/** 0.1234 → 12.34 (percent, two decimals); null stays null. */
/** Every ratio in the API and its CSV files is a fraction (0.1332 for +13.32 %), to four places. */
export function ratio(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10_000) / 10_000;
}
