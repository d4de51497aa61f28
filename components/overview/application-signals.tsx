// Badges on the applications list: overload where it is (linking to the overload
// page on its sick cell), open cost anomalies, limits over their level and proposals
// waiting for an owner (linking to the tiers page).
import Link from "next/link";
import { loadLimitsOverview, loadOpenAnomalyCounts, loadOverloadBadges } from "@/lib/data/page-loaders";

export async function ApplicationSignals({ accountId, applicationId }: { accountId: number; applicationId: number }) {
  const [limits, overload, anomalies] = await Promise.all([loadLimitsOverview(accountId), loadOverloadBadges(accountId), loadOpenAnomalyCounts(accountId)]);
  const openAnomalies = anomalies.get(applicationId) ?? 0;
  const app = limits.find((a) => a.applicationId === applicationId);
  const load = overload.find((a) => a.applicationId === applicationId);
  if (!app) return null;
  const breached = app.limits.filter((l) => l.level === "breach").length;
  const warnings = app.limits.filter((l) => l.level === "warning").length;
  const waiting = app.proposals.length + app.pending.length;
  const where = load ? load.cells.filter(Boolean) : [];
  const overloadHref = `/applications/${app.slug}/overload${load?.services.length === 1 && where.length === 1 ? `?service=${encodeURIComponent(load.services[0]!)}&cell=${encodeURIComponent(where[0]!)}` : ""}`;
  return (
    <span className="signal-badges">
      {load && load.state !== "ok" && load.state !== "no_data" && (
        <Link href={overloadHref} className="badge-link" title={`Overload signals of ${app.name}: ${load.services.join(", ")}`} data-testid="overload-badge">
          <span className={`badge ${load.state === "overloaded" ? "badge-bad" : load.state === "warning" ? "badge-warn" : "badge-recovering"}`}>
            {load.state}
            {where.length > 0 && `: ${where.join(", ")}`}
          </span>
        </Link>
      )}
      {openAnomalies > 0 && (
        <Link href={`/anomalies?app=${app.slug}&state=open`} className="badge-link" title={`Open cost anomalies of ${app.name}`} data-testid="anomaly-badge">
          <span className="badge badge-warn">{openAnomalies === 1 ? "1 anomaly" : `${openAnomalies} anomalies`}</span>
        </Link>
      )}
      {!breached && !warnings && !waiting ? (
        <span className="badge badge-good">within limits</span>
      ) : (
        <Link href={`/applications/${app.slug}/tiers`} className="badge-link" title={`Limits and proposals of ${app.name}`}>
          {breached > 0 && <span className="badge badge-bad">{breached === 1 ? "limit breached" : `${breached} limits breached`}</span>}
          {warnings > 0 && <span className="badge badge-warn">{warnings === 1 ? "limit warning" : `${warnings} limit warnings`}</span>}
          {waiting > 0 && <span className="badge badge-neutral">{waiting === 1 ? "1 proposal" : `${waiting} to decide`}</span>}
        </Link>
      )}
    </span>
  );
}
