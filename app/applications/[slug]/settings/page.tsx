import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AnomalyThresholdsForm } from "@/components/anomalies/thresholds-form";
import { ApplicationNav } from "@/components/application/application-nav";
import { AllocationForm, BudgetForm, DetailsForm } from "@/components/settings/settings-forms";
import { PageHeader } from "@/components/ui";
import { can, requireUser } from "@/lib/auth/guard";
import { loadAccount, loadApplication, loadApplicationSettings, loadMetrics } from "@/lib/data/page-loaders";
import { headlineMetric } from "@/lib/domain/unit-cost";

export const metadata: Metadata = { title: "Application settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const [{ slug }, account, user] = await Promise.all([params, loadAccount(), requireUser()]);
  if (!account) notFound();
  const app = await loadApplication(account.id, slug);
  if (!app) notFound();
  const [settings, metrics] = await Promise.all([loadApplicationSettings(app.id), loadMetrics(app.id)]);
  const declared = [...metrics].sort((a, b) => a.id - b.id).map(({ id, name, unit }) => ({ id, name, unit }));
  const editable = can(user, "application:edit", { kind: "application", applicationId: app.id });
  return (
    <>
      <PageHeader
        title="Settings"
        subtitle={editable ? `How ${app.name} is described and how its shared cost is split` : "Engineers and admins can change these."}
        breadcrumbs={
          <>
            <Link href="/">Applications</Link> / <Link href={`/applications/${app.slug}`}>{app.name}</Link> /
          </>
        }
      />
      <ApplicationNav user={user} app={app} />
      <div className="stack">
        <div className="card">
          <h2>Details</h2>
          <DetailsForm
            applicationId={app.id}
            name={app.name}
            description={app.description ?? ""}
            metrics={declared}
            headlineMetricId={app.headlineMetricId}
            defaultMetric={headlineMetric(declared, null)?.name ?? null}
            disabled={!editable}
          />
        </div>
        <div className="card">
          <h2>Shared cost</h2>
          <p className="muted">
            Cost with no <code>service</code> tag (a shared database, load balancer, NAT) is the application&apos;s shared pool. It is split between the services every day, to the
            micro-dollar; changing the split re-splits every stored day.
          </p>
          <AllocationForm applicationId={app.id} current={settings.allocationStrategy} weights={settings.weights} services={settings.services} disabled={!editable} />
        </div>
        <div className="card" id="budget">
          <h2>Budget</h2>
          <p className="muted">
            The application page shows the month&apos;s projection against it; at {Math.round(0.8 * 100)} % of the budget the projection turns amber, over it red, and the
            application&apos;s webhooks get one message each time, once a month.
          </p>
          <BudgetForm applicationId={app.id} budgetUsd={settings.monthlyBudgetMicroUsd === null ? null : settings.monthlyBudgetMicroUsd / 1e6} disabled={!editable} />
        </div>
        <div className="card" id="anomaly-thresholds">
          <h2>Cost anomalies</h2>
          <AnomalyThresholdsForm applicationId={app.id} thresholds={settings.anomalyThresholds} custom={settings.customAnomalyThresholds} canEdit={editable} />
        </div>
        <div className="card">
          <h2>Owners</h2>
          {settings.owners.length === 0 ? (
            <p className="muted">Nobody owns {app.name} yet; an admin can make someone its owner on the Users page.</p>
          ) : (
            <ul>
              {settings.owners.map((o) => (
                <li key={o.email}>
                  {o.name} <span className="muted">{o.email}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </>
  );
}
