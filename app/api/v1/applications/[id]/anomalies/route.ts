import { z } from "zod";
import { applicationParams, resolveApplication } from "@/lib/api/query";
import { apiRoute } from "@/lib/auth/api-route";
import { listAnomalies } from "@/lib/data/anomalies";

const cents = (usd: number) => Math.round(usd * 100) / 100;
/** A unit cost keeps more digits: $0.0042 an order is not $0.00. */
const precise = (usd: number) => Number(usd.toPrecision(6));

/**
 * An application's cost anomalies, open ones first: the figure, what was expected,
 * since when, what moved with it, people's feedback, and the trail behind it.
 */
export const GET = apiRoute({
  permission: "dashboard:read",
  params: applicationParams,
  query: z.object({ state: z.enum(["open", "all"]).default("all") }),
  resolve: resolveApplication,
  handler: async ({ object: app, query, db }) => {
    const anomalies = await listAnomalies(db, { applicationId: app.id, state: query.state });
    return {
      application: { id: app.slug, name: app.name },
      anomalies: anomalies.map((a) => ({
        id: a.id,
        service: a.serviceName,
        figure: a.figure,
        kind: a.kind,
        state: a.state,
        startDate: a.startDay,
        openedDate: a.openedDay,
        lastDate: a.lastDay,
        closedDate: a.closedDay,
        valueUsd: precise(a.value),
        expectedUsd: precise(a.expected),
        expectedLowUsd: precise(a.low),
        expectedHighUsd: precise(a.high),
        excessUsdPerDay: cents(a.excessUsd),
        estimated: a.estimated,
        summary: a.summary,
        drivers: a.details.drivers,
        related: a.details.related.map((r) => ({ subject: r.label, figure: r.figure, valueUsd: precise(r.value), expectedUsd: precise(r.expected) })),
        feedback: a.feedback,
        feedbackReason: a.feedbackReason,
        feedbackBy: a.feedbackBy,
        trail: a.details.trail.map((t) => ({ date: t.day, valueUsd: precise(t.value), expectedLowUsd: t.low === null ? null : precise(t.low), expectedHighUsd: t.high === null ? null : precise(t.high) })),
      })),
    };
  },
});
