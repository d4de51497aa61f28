import Link from "next/link";
import { can, requireUser } from "@/lib/auth/guard";
import { loadAnomalies } from "@/lib/data/page-loaders";
import { AnomalyList } from "./anomaly-list";

/** Shown on the application page: open anomalies first, then the latest past ones. */
const SHOWN = 3;

export async function AnomaliesCard({ accountId, app }: { accountId: number; app: { id: number; slug: string; name: string } }) {
  const [anomalies, user] = await Promise.all([loadAnomalies(accountId, app.id, "all"), requireUser()]);
  const open = anomalies.filter((a) => a.state === "open");
  const shown = (open.length ? open : anomalies).slice(0, SHOWN);
  return (
    <section className="card" id="anomalies" aria-labelledby="anomalies-title">
      <div className="card-header">
        <h2 id="anomalies-title">Cost anomalies</h2>
        <span className="muted">
          {open.length === 0 ? "none open" : `${open.length} open`}
          {anomalies.length > shown.length && (
            <>
              {" · "}
              <Link href={`/anomalies?app=${app.slug}`}>all {anomalies.length}</Link>
            </>
          )}
        </span>
      </div>
      {anomalies.length === 0 ? (
        <p className="muted">No anomalies in the last 90 days: cost, cost per request and cost per business unit stayed within their usual weekday bands.</p>
      ) : (
        <>
          {open.length === 0 && <p className="muted">Nothing is open. The latest:</p>}
          <AnomalyList anomalies={shown} canReview={(applicationId) => can(user, "anomaly:review", { kind: "application", applicationId })} />
        </>
      )}
    </section>
  );
}
