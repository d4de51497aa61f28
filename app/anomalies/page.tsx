import type { Metadata } from "next";
import Link from "next/link";
import { AnomalyList } from "@/components/anomalies/anomaly-list";
import { EmptyState, PageHeader } from "@/components/ui";
import { can, requireUser } from "@/lib/auth/guard";
import { loadAccount, loadAnomalies, loadApplications } from "@/lib/data/page-loaders";
import { BASELINE_WEEKS } from "@/lib/domain/anomalies";

export const metadata: Metadata = { title: "Anomalies" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AnomaliesPage({ searchParams }: Props) {
  const [account, user, params] = await Promise.all([loadAccount(), requireUser(), searchParams]);
  if (!account) return <EmptyState title="No account yet" />;
  const apps = await loadApplications(account.id);
  const slug = one(params.app);
  const app = slug ? apps.find((a) => a.slug === slug) : undefined;
  const state = one(params.state) === "open" ? "open" : "all";
  const anomalies = await loadAnomalies(account.id, app?.id ?? null, state);
  const href = (next: { app?: string | null; state?: string }) => {
    const q = new URLSearchParams();
    const a = next.app === undefined ? app?.slug : next.app;
    const s = next.state ?? state;
    if (a) q.set("app", a);
    if (s === "open") q.set("state", "open");
    const text = q.toString();
    return `/anomalies${text ? `?${text}` : ""}`;
  };
  const open = anomalies.filter((a) => a.state === "open").length;
  return (
    <>
      <PageHeader
        title="Cost anomalies"
        subtitle={`Daily cost, cost per 1M requests and cost per business unit, each against the same weekday over the last ${BASELINE_WEEKS} weeks · judged after every sync`}
      />
      <div className="stack">
        {slug && !app && (
          <p className="form-error" role="alert">
            There is no application “{slug}”: showing every application.
          </p>
        )}
        <nav className="filter-bar" aria-label="Filter anomalies">
          <div className="segmented" role="group" aria-label="Application">
            <Link href={href({ app: null })} aria-current={!app ? "true" : undefined}>
              All applications
            </Link>
            {apps.map((a) => (
              <Link key={a.slug} href={href({ app: a.slug })} aria-current={app?.slug === a.slug ? "true" : undefined} title={a.name}>
                {a.name}
              </Link>
            ))}
          </div>
          <div className="segmented" role="group" aria-label="State">
            <Link href={href({ state: "all" })} aria-current={state === "all" ? "true" : undefined}>
              Open and past
            </Link>
            <Link href={href({ state: "open" })} aria-current={state === "open" ? "true" : undefined}>
              Open only
            </Link>
          </div>
        </nav>
        <div className="card">
          <div className="card-header">
            <h2>{app ? app.name : "Every application"}</h2>
            <span className="muted">
              {open === 0 ? "none open" : open === 1 ? "1 open" : `${open} open`}
              {state === "all" && ` · ${anomalies.length} in the last 90 days`}
            </span>
          </div>
          {anomalies.length === 0 ? (
            <p className="muted">
              {state === "open" ? "Nothing is open: every figure is within its usual band." : "No anomalies: nothing rose beyond its usual band, by enough dollars to matter, in the days judged so far."} An
              application&apos;s thresholds are on its settings page.
            </p>
          ) : (
            <AnomalyList anomalies={anomalies} showApplication={!app} canReview={(applicationId) => can(user, "anomaly:review", { kind: "application", applicationId })} />
          )}
        </div>
        <p className="faint">
          A day is an anomaly when it is far above the same weekday&apos;s median (by a robust score) <em>and</em> by money that matters (a floor in dollars a day). A step is
          reported once, as a shift; a spike closes by itself; month-end batches are judged against earlier month-ends. Messages go to the overload webhooks.
        </p>
      </div>
    </>
  );
}
