// Badges on the applications list: limits over their level and proposals waiting
// for an owner, each linking to where it is acted on.
import Link from "next/link";
import { loadLimitsOverview } from "@/lib/data/page-loaders";

export async function ApplicationSignals({ accountId, applicationId }: { accountId: number; applicationId: number }) {
  const app = (await loadLimitsOverview(accountId)).find((a) => a.applicationId === applicationId);
  if (!app) return null;
  const breached = app.limits.filter((l) => l.level === "breach").length;
  const warnings = app.limits.filter((l) => l.level === "warning").length;
  const waiting = app.proposals.length + app.pending.length;
  if (!breached && !warnings && !waiting) return <span className="badge badge-good">within limits</span>;
  return (
    <Link href={`/applications/${app.slug}/tiers`} className="badge-link" title={`Limits and proposals of ${app.name}`}>
      {breached > 0 && <span className="badge badge-bad">{breached === 1 ? "limit breached" : `${breached} limits breached`}</span>}
      {warnings > 0 && <span className="badge badge-warn">{warnings === 1 ? "limit warning" : `${warnings} limit warnings`}</span>}
      {waiting > 0 && <span className="badge badge-neutral">{waiting === 1 ? "1 proposal" : `${waiting} to decide`}</span>}
    </Link>
  );
}
