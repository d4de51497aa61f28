import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ApplicationNav } from "@/components/application/application-nav";
import { DismissedList } from "@/components/tiers/quiet-note";
import { FeatureTable, LimitsTable, PendingList, ProposalList } from "@/components/tiers/tiers-view";
import { FeatureFormDialog, LimitFormDialog, PolicyForm } from "@/components/tiers/tier-forms";
import { FlashProvider } from "@/components/tiers/flash";
import { formatDay } from "@/components/format";
import { EmptyState, PageHeader } from "@/components/ui";
import { can, requireUser } from "@/lib/auth/guard";
import { loadAccount, loadApplication, loadTiers } from "@/lib/data/page-loaders";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Tiers & switches · ${(await params).slug}` };
}

export default async function TiersPage({ params }: Props) {
  const [{ slug }, user] = await Promise.all([params, requireUser()]);
  const account = await loadAccount();
  const app = account && (await loadApplication(account.id, slug));
  if (!app) notFound();
  const view = await loadTiers(app.id);
  const target = { kind: "application" as const, applicationId: app.id };
  const rights = {
    editFeatures: can(user, "feature:edit", target),
    editLimits: can(user, "limit:edit", target),
    toggle: can(user, "switch:toggle", target),
    decide: can(user, "proposal:decide", target),
  };
  const newFeature = { id: null, name: "", key: "", description: "", tier: 3, defaultState: "on", services: [], revenueSharePercent: null };
  return (
    <>
      <PageHeader
        title="Tiers & switches"
        subtitle={
          <>
            Which features {app.name} can throttle when cost or load runs away. Services read these switches over OFREP
            {view.day && <> · figures are daily averages of the 7 days to {formatDay(view.day, { year: true })}</>}
            {!rights.toggle && <> · owners of {app.name} and admins change them</>}
          </>
        }
        breadcrumbs={
          <>
            <Link href="/">Applications</Link> / <Link href={`/applications/${app.slug}`}>{app.name}</Link> /
          </>
        }
      />
      <ApplicationNav user={user} app={app} />
      <FlashProvider>
      <div className="stack">
        {view.proposals.length > 0 && <ProposalList view={view} canDecide={rights.decide} />}
        {view.pending.length > 0 && <PendingList view={view} userId={user.userId} canDecide={rights.toggle} />}
        <DismissedList dismissed={view.dismissed} canDecide={rights.decide} />
        <div className="card">
          <div className="card-header">
            <h2>Features by tier</h2>
            {rights.editFeatures && <FeatureFormDialog applicationId={app.id} services={view.services} draft={newFeature} label="Declare a feature" />}
          </div>
          {view.features.length === 0 ? (
            <EmptyState title="No features declared">
              <p>Declare the features of {app.name}, their tier and the services they use; each gets a kill switch services read over OFREP.</p>
            </EmptyState>
          ) : (
            <FeatureTable view={view} applicationId={app.id} canToggle={rights.toggle} canEdit={rights.editFeatures} />
          )}
        </div>
        <div className="card">
          <div className="card-header">
            <h2>Cost limits</h2>
            {rights.editLimits && (
              <LimitFormDialog
                applicationId={app.id}
                features={view.features.map((f) => ({ id: f.id, name: f.name }))}
                metrics={view.metrics}
                draft={{ id: null, featureId: null, kind: "daily_spend", metricId: null, warningUsd: "", breachUsd: "" }}
                label="Set a limit"
              />
            )}
          </div>
          {view.limits.length === 0 ? (
            <p className="muted">No limits: nothing is proposed for {app.name} until one is set.</p>
          ) : (
            <LimitsTable view={view} applicationId={app.id} canEdit={rights.editLimits} canDecide={rights.decide} />
          )}
        </div>
        <div className="grid-2">
          <div className="card">
            <h2>Switch policy</h2>
            <PolicyForm applicationId={app.id} policy={view.policy} disabled={!rights.editLimits} />
          </div>
          <div className="card">
            <h2>How services read these switches</h2>
            <p>
              Any OpenFeature SDK with the OFREP provider, pointed at this server, with a <strong>flags</strong> token of {app.name}
              {can(user, "token:manage", target) ? (
                <>
                  {" "}
                  (<Link href={`/applications/${app.slug}/tokens`}>create one</Link>)
                </>
              ) : null}
              . Send the user or session id as <code>targetingKey</code> so a throttled feature serves the same people each time, and the <code>cell</code> the
              service runs in.
            </p>
            <pre className="code-block">{`curl -X POST $FRUGAL/ofrep/v1/evaluate/flags/${view.features[0]?.key ?? "feature.enabled"} \\
  -H "Authorization: Bearer $FLAGS_TOKEN" \\
  -d '{"context":{"targetingKey":"user-42","cell":"${view.cells[0] ?? "cell-a"}"}}'`}</pre>
            <p className="legend-note">Answers come from memory, refreshed every few seconds: they keep coming when the database is down. A change here reaches services within 5 s.</p>
          </div>
        </div>
      </div>
      </FlashProvider>
    </>
  );
}
