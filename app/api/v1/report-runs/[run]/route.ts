import { z } from "zod";
import { apiRoute } from "@/lib/auth/api-route";
import { ConflictError } from "@/lib/errors";
import { reportOf, reportUrl } from "@/lib/jobs/reports";
import { reportFilename } from "@/lib/reports/mail";
import { genericPayload, reportCsv, reportHtml, chartSvg } from "@/lib/reports/render";

/**
 * One report: JSON (every figure, the generic webhook's body), or format=csv / format=html
 * (the e-mail's HTML, chart inline) as a download.
 */
export const GET = apiRoute({
  permission: "dashboard:read",
  params: z.object({ run: z.coerce.number().int().positive({ message: "a report's id is a positive number" }) }),
  query: z.object({ format: z.enum(["json", "csv", "html"], { message: "format is json, csv or html" }).default("json") }),
  resolve: async ({ params, db }) => {
    const row = await db.reportRun.findUnique({ where: { id: params.run } });
    return row && { target: { kind: "account" as const }, object: row };
  },
  handler: async ({ object: run, query }) => {
    if (run.status !== "ready" || run.content === null) throw new ConflictError(run.status === "failed" ? `This report could not be made: ${run.error ?? "no reason recorded"}.` : "This report is still being made; try again in a moment.");
    const report = reportOf(run.content);
    const links = { reportUrl: reportUrl(run.id) };
    if (query.format === "csv") {
      return new Response(reportCsv(report), { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${reportFilename(report, "csv")}"`, "cache-control": "no-store" } });
    }
    if (query.format === "html") {
      const chart = `data:image/svg+xml;base64,${Buffer.from(chartSvg(report)).toString("base64")}`;
      return new Response(reportHtml(report, { ...links, chartSrc: chart }), { headers: { "content-type": "text/html; charset=utf-8", "content-disposition": `attachment; filename="${reportFilename(report, "html")}"`, "cache-control": "no-store" } });
    }
    return genericPayload(report, links);
  },
});
