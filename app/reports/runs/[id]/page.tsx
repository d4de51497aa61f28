import { apiHref } from "@/components/api-href";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/reports/report-buttons";
import { ReportBody } from "@/components/reports/report-body";
import { PageHeader } from "@/components/ui";
import { loadReportRun } from "@/lib/data/page-loaders";
import { reportOf } from "@/lib/jobs/reports";

export const metadata: Metadata = { title: "Cost report" };

type Props = { params: Promise<{ id: string }> };

export default async function ReportRunPage({ params }: Props) {
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const run = await loadReportRun(id);
  if (!run) notFound();
  const crumbs = (
    <>
      <Link href="/reports">Reports</Link> /
    </>
  );
  if (run.status !== "ready" || run.content === null) {
    return (
      <>
        <PageHeader title={`${run.schedule.name} · ${run.label}`} breadcrumbs={crumbs} />
        <p className={run.status === "failed" ? "form-error" : "notice"} role="status">
          {run.status === "failed" ? `This report could not be made: ${run.error ?? "no reason recorded"}.` : "This report is being made; reload in a moment."}
        </p>
      </>
    );
  }
  const report = reportOf(run.content);
  return (
    <div className="report-page">
      <PageHeader title={`${report.subjectName} · ${report.data.period.label}`} breadcrumbs={crumbs}>
        <div className="button-row no-print">
          <a className="button" href={apiHref(["report-runs", run.id], { format: "csv" })} download>
            Download CSV
          </a>
          <a className="button" href={apiHref(["report-runs", run.id], { format: "html" })} download>
            Download HTML
          </a>
          <PrintButton />
        </div>
      </PageHeader>
      <ReportBody report={report} />
      {run.deliveries.length > 0 && (
        <section className="card no-print" aria-labelledby="sent-h">
          <h2 id="sent-h">Sent to</h2>
          <ul className="delivery-list">
            {run.deliveries.map((d) => (
              <li key={d.id}>
                {d.label}: {d.status}
                {d.deliveredAt ? ` at ${d.deliveredAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}
                {d.lastError && d.status !== "delivered" ? ` (${d.lastError})` : ""}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
