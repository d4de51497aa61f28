import type { Metadata } from "next";
import { AddAwsAccountForm, RemoveAwsAccountButton, TestConnectionButton } from "@/components/settings/aws-account-forms";
import { BudgetBadge, ForecastBar } from "@/components/application/forecast-card";
import { formatUsd } from "@/components/format";
import { ExploredTagsForm } from "@/components/settings/explored-tags-form";
import { DeleteTagBudgetButton, TagBudgetForm } from "@/components/settings/tag-budgets";
import { JobsCard } from "@/components/settings/jobs-card";
import { OwnCostDetail, OwnCostSummary } from "@/components/settings/own-cost-card";
import { ReconciliationLine } from "@/components/sync-health";
import { EmptyState, PageHeader } from "@/components/ui";
import { requirePermission } from "@/lib/auth/guard";
import { addDays, toDay } from "@/lib/domain/day";
import { spentSoFar } from "@/lib/domain/forecast";
import { env } from "@/lib/env";
import { loadAccount, loadAwsAccounts, loadExploredTags, loadJobStatus, loadOwnCost, loadSyncHealth, loadTagBudgets } from "@/lib/data/page-loaders";
import { addAwsAccountAction, deleteTagBudgetAction, removeAwsAccountAction, setExploredTagKeysAction, setTagBudgetAction, testAwsAccountAction } from "./actions";

export const metadata: Metadata = { title: "AWS accounts" };

export default async function AccountsPage() {
  await requirePermission("settings:edit");
  const account = await loadAccount();
  if (!account) return <EmptyState title="No account yet">Run `npm run frugal -- setup`.</EmptyState>;
  const today = toDay(new Date());
  const [accounts, cost, health, explored, jobs] = await Promise.all([
    account.source === "aws" ? loadAwsAccounts(account.id) : [],
    loadOwnCost(account.id),
    loadSyncHealth(account.id, addDays(today, -89), today),
    loadExploredTags(account.id),
    loadJobStatus(),
  ]);
  const demo = account.source === "demo";
  const { budgets, values } = await loadTagBudgets(account.id, explored.keys, today);
  return (
    <>
      <PageHeader
        title="AWS accounts"
        subtitle={demo ? "This installation reads the built-in demo account; start it with FRUGAL_SOURCE=aws to read yours." : "The accounts Frugal reads, what it may read in each, and what its own calls cost."}
      />
      <div className="stack">
        {demo ? (
          <div className="card">
            <h2>The demo account</h2>
            <p>
              Nothing to connect. On AWS, this page lists each account Frugal reads — the first one from the SDK&apos;s default credentials, more through roles — with a <strong>Test connection</strong> button that
              calls each API once and says, per permission, what is missing. See the README, &ldquo;Connecting your AWS account&rdquo;.
            </p>
          </div>
        ) : (
          <div className="card">
            <h2>Accounts</h2>
            <div className="stack">
              {accounts.map((a) => (
                <section key={a.id} className="account-row" aria-label={`AWS account ${a.name}`}>
                  <div className="account-head">
                    <div>
                      <strong>{a.name}</strong> {a.awsAccountId !== a.name && <span className="mono faint">{a.awsAccountId ?? "id not known yet"}</span>}
                      <div className="faint">
                        {a.roleArn ? (
                          <>
                            through <span className="mono">{a.roleArn}</span>
                            {a.externalIdSet ? " with an external id" : ""}
                          </>
                        ) : (
                          "through the default credentials (env, profile, or instance/task role)"
                        )}
                        {" · "}reads {[a.readsCost && "cost", a.readsResources && "resources and metrics"].filter(Boolean).join(" and ")} · {a.regions.join(", ")}
                      </div>
                    </div>
                    {a.roleArn && <RemoveAwsAccountButton account={a} action={removeAwsAccountAction} />}
                  </div>
                  <TestConnectionButton account={a} action={testAwsAccountAction} />
                </section>
              ))}
            </div>
          </div>
        )}
        {!demo && (
          <div className="card">
            <h2>Add an account</h2>
            <p className="faint">
              Another account of your organisation, read through a role it trusts Frugal to assume (read-only: see the policy in the README). For an organisation, read cost from the payer account and
              untick cost for its members.
            </p>
            <AddAwsAccountForm action={addAwsAccountAction} />
          </div>
        )}
        <div className="card" id="explored-tags">
          <h2>Explored tag keys</h2>
          <p className="faint">
            Besides the AWS service, region, account and cell, the sync can split each application&apos;s cost by the values of a few tag keys (team, cost-center, environment) for Explore&apos;s &ldquo;Group by&rdquo;. Each key is more Cost
            Explorer requests, so the list is short and its price is shown before you save.
          </p>
          <ExploredTagsForm action={setExploredTagKeysAction} {...explored} demo={demo} disabled={false} />
        </div>
        <div className="card" id="tag-budgets">
          <h2>Budgets per tag value</h2>
          <p className="faint">
            A monthly budget on what one value of an explored tag costs across every application (cost-center = payments). Its projection is the month so far plus the days left at the last week&apos;s rate;
            at 80 % of the budget, and again over it, the webhooks of the applications that spend it get one message.
          </p>
          {budgets.length === 0 ? (
            <p className="muted">No budget per tag value yet.</p>
          ) : (
            <ul className="tag-budgets">
              {budgets.map((b) => {
                const label = `${b.tagKey} = ${b.tagValue}`;
                return (
                  <li key={b.id} aria-label={`Budget for ${label}`}>
                    <div className="tag-budget-head">
                      <a href={`/explore?range=mtd&f=${encodeURIComponent(`tag:${b.tagKey}:${b.tagValue}`)}`}>
                        <strong>{b.tagKey}</strong> = {b.tagValue}
                      </a>
                      {b.forecast && b.status ? (
                        <BudgetBadge forecast={b.forecast} budgetMicroUsd={b.budgetMicroUsd} status={b.status} />
                      ) : (
                        <span className="muted">Budget {formatUsd(b.budgetMicroUsd, { whole: true })}: too few recent days of cost to project the month</span>
                      )}
                      <DeleteTagBudgetButton action={deleteTagBudgetAction} budgetId={b.id} label={label} />
                    </div>
                    {b.forecast && (
                      <>
                        <ForecastBar forecast={b.forecast} budgetMicroUsd={b.budgetMicroUsd} />
                        <p className="faint">
                          projected {formatUsd(b.forecast.projectedMicroUsd, { whole: true })}, likely {formatUsd(b.forecast.lowMicroUsd, { whole: true })}–{formatUsd(b.forecast.highMicroUsd, { whole: true })} ·{" "}
                          {spentSoFar(b.forecast)}
                        </p>
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          {explored.keys.length === 0 ? <p className="muted">Explore a tag key above first: a budget needs the sync to read that tag&apos;s cost.</p> : <TagBudgetForm action={setTagBudgetAction} keys={explored.keys} values={values} />}
        </div>
        <div className="card">
          <h2>Does the cost add up?</h2>
          <p className="faint">Each sync checks every day it reads: the applications&apos; lines plus the unallocated line against Cost Explorer&apos;s ungrouped total.</p>
          <ReconciliationLine health={health} />
        </div>
        <JobsCard status={jobs} schedulerOff={env.FRUGAL_SCHEDULER === "off"} />
        <div className="card">
          <h2>What Frugal&apos;s own AWS calls cost</h2>
          <OwnCostSummary cost={cost} demo={demo} />
        </div>
        <OwnCostDetail cost={cost} />
      </div>
    </>
  );
}
