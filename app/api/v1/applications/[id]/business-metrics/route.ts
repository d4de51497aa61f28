import { z } from "zod";
import { ingestion } from "@/lib/api/admission";
import { applicationParams, resolveApplication } from "@/lib/api/query";
import { apiRoute } from "@/lib/auth/api-route";
import { listMetrics } from "@/lib/data/business-metrics";
import { ingestPoints } from "@/lib/data/metric-ingest";
import { MAX_POINTS_PER_REQUEST } from "@/lib/domain/metric-points";
import { PayloadTooLargeError, UnprocessableError } from "@/lib/errors";

/** 10,000 points of about 100 bytes, with room to spare. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** The application's business metrics: where their points come from and how many there are. */
export const GET = apiRoute({
  permission: "dashboard:read",
  params: applicationParams,
  resolve: resolveApplication,
  handler: async ({ object: app, db }) => ({
    application: { id: app.slug, name: app.name },
    metrics: (await listMetrics(db, app.id)).map((m) => ({
      name: m.name,
      unit: m.unit,
      aggregation: m.aggregation,
      origin: m.origin,
      acceptsPushedPoints: m.origin === "push",
      pointCount: m.pointCount,
      lastPointAt: m.lastPointAt,
    })),
  }),
});

/**
 * Pushes business-metric points: `{"points": [{"metric", "timestamp", "value"}]}` (or
 * the array alone), up to 10,000 at a time. Idempotent per (metric, timestamp): the
 * same point sent twice is stored once, a new value replaces the old. A bad point is
 * refused with its index and reason and the good ones are stored; if none is good
 * the answer is 422.
 */
export const POST = apiRoute({
  permission: "businessMetric:ingest",
  params: applicationParams,
  resolve: resolveApplication,
  maxBodyBytes: MAX_BODY_BYTES,
  admission: ingestion,
  body: z.union([z.array(z.unknown()), z.object({ points: z.array(z.unknown(), { message: "points must be an array" }) })], {
    message: 'send {"points": [{"metric": ..., "timestamp": ..., "value": ...}]}',
  }),
  handler: async ({ object: app, body, principal, db }) => {
    const points = Array.isArray(body) ? body : body.points;
    if (points.length > MAX_POINTS_PER_REQUEST) throw new PayloadTooLargeError(`${points.length} points; send at most ${MAX_POINTS_PER_REQUEST} at a time.`);
    if (points.length === 0) throw new UnprocessableError("No points to store.");
    const result = await ingestPoints(db, app.id, points, { actor: principal });
    const accepted = result.inserted + result.updated + result.unchanged;
    const summary = { received: points.length, accepted, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected };
    if (accepted === 0) throw new UnprocessableError("None of the points could be stored.", summary);
    return summary;
  },
});
