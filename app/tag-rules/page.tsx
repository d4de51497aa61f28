import type { Metadata } from "next";
import { AddRuleForm, RuleRowActions, SyncNowButton } from "@/components/tag-rules/tag-rule-forms";
import { EmptyState, PageHeader } from "@/components/ui";
import { can, requireUser } from "@/lib/auth/guard";
import { loadAccount, loadApplications, loadTagRules } from "@/lib/data/page-loaders";

export const metadata: Metadata = { title: "Tag rules" };

export default async function TagRulesPage() {
  const [user, account] = await Promise.all([requireUser(), loadAccount()]);
  if (!account) return <EmptyState title="No account yet" />;
  const [rules, applications] = await Promise.all([loadTagRules(account.id), loadApplications(account.id)]);
  const editable = can(user, "tagRule:edit");
  return (
    <>
      <PageHeader title="Tag rules" subtitle="Which application a resource belongs to: the first rule it matches, top to bottom.">
        {can(user, "sync:run") && <SyncNowButton />}
      </PageHeader>
      <div className="stack">
        <div className="card">
          <div className="table-wrap" tabIndex={0}>
            <table role="table" className="cards-on-phone">
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col" className="right">
                    #
                  </th>
                  <th role="columnheader" scope="col">Rule</th>
                  <th role="columnheader" scope="col">Application</th>
                  <th role="columnheader" scope="col" className="right">
                    Resources in the application
                  </th>
                  {editable && <th role="columnheader" scope="col">Change</th>}
                </tr>
              </thead>
              <tbody role="rowgroup">
                {rules.map((rule, i) => (
                  <tr role="row" key={rule.id}>
                    <td role="cell" className="right num row-number">{i + 1}</td>
                    <td role="cell">
                      <span className="tag">
                        {rule.key}={rule.value}
                      </span>
                      {rule.key === "awsApplication" && <div className="faint">matches the AppRegistry ARN, or the application&apos;s name in it</div>}
                      {rule.value === "*" && <div className="faint">any value of this tag</div>}
                    </td>
                    <td role="cell" data-label="Application">{rule.application.name}</td>
                    <td role="cell" className="right num" data-label="Resources">
                      {rule.resourceCount}
                    </td>
                    {editable && (
                      <td role="cell" className="actions-cell">
                        <RuleRowActions ruleId={rule.id} label={`${rule.key}=${rule.value}`} first={i === 0} last={i === rules.length - 1} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rules.length === 0 && <p className="muted">No rules: every resource is unallocated.</p>}
          {!editable && <p className="legend-note">Engineers and admins can change the rules.</p>}
        </div>
        {editable && (
          <div className="card">
            <h2>Add a rule</h2>
            <AddRuleForm applications={applications} />
            <p className="legend-note">
              New rules go last. Use <code>awsApplication</code> with an application&apos;s name or ARN for resources tagged by myApplications, <code>key=value</code> for your own
              tags, or <code>key=*</code> for any value.
            </p>
          </div>
        )}
      </div>
    </>
  );
}
