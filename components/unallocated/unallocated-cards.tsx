import { apiHref } from "@/components/api-href";
import { ReconciliationLine } from "../sync-health";
import { loadSyncHealth, loadUnallocatedDaily, loadUnallocatedTop } from "@/lib/data/page-loaders";
import { ResourceCostNote, ResourceCut, ResourceTable } from "../resource-cost";
import type { DateRange } from "@/lib/domain/date-range";
import { CoverageChart } from "../charts/lazy";
import { formatCount, formatPercent, formatUsd } from "../format";
import { EmptyState, Kpi } from "../ui";

export async function UnallocatedSummary({ accountId, range }: { accountId: number; range: DateRange }) {
  const days = await loadUnallocatedDaily(accountId, range.from, range.to);
  const unallocated = days.reduce((a, d) => a + d.unallocatedMicroUsd, 0);
  const total = days.reduce((a, d) => a + d.totalMicroUsd, 0);
  return (
    <div className="stack">
      <div className="grid kpis">
        <Kpi label="Unallocated cost" value={formatUsd(unallocated, { whole: true })} detail="matches no tag rule" />
        <Kpi label="Share of all cost" value={total > 0 ? formatPercent(unallocated / total) : "–"} detail={`of ${formatUsd(total, { whole: true })}`} />
        <Kpi label="Tag coverage" value={total > 0 ? formatPercent(1 - unallocated / total) : "–"} detail="cost that lands in an application" />
      </div>
      <div className="card">
        <div className="card-header">
          <h2>Unallocated cost per day</h2>
          <span className="muted">USD per day, and tag coverage</span>
        </div>
        <CoverageChart days={days} />
      </div>
    </div>
  );
}

export async function UnallocatedResources({ accountId, demo }: { accountId: number; demo: boolean }) {
  const { total, resources, costs } = await loadUnallocatedTop(accountId);
  if (resources.length === 0) {
    return (
      <EmptyState title="Every resource belongs to an application">
        <p>Nothing to tag: all resources match a tag rule.</p>
      </EmptyState>
    );
  }
  return (
    <div className="card">
      <div className="card-header">
        <h2>Resources that match no rule</h2>
        <div className="card-actions">
          <span className="muted">{formatCount(total)} resources · tag them, or add a rule that selects them</span>
          <a className="export" href={apiHref(["unallocated"], { format: "csv" })} download>
            Export CSV
          </a>
        </div>
      </div>
      <ResourceTable
        label="Resources that match no rule"
        resources={resources}
        costs={costs}
        columns={[
          { header: "Region", cell: (r) => r.region },
          {
            header: "Tags",
            wraps: true,
            cell: (r) =>
              Object.keys(r.tags).length === 0 ? (
                <span className="badge badge-warn">no tags</span>
              ) : (
                <div className="tags">
                  {Object.entries(r.tags).map(([k, v]) => (
                    <span key={k} className="tag">
                      {k}={v}
                    </span>
                  ))}
                </div>
              ),
          },
        ]}
      />
      <ResourceCut shown={resources} total={total} costs={costs} exportHref="/api/v1/unallocated?format=csv" />
      <ResourceCostNote costs={costs} demo={demo} />
    </div>
  );
}

/** Where unallocated cost comes from on AWS, and whether every day's lines add up. */
export async function UnallocatedHealth({ accountId, from, to, aws }: { accountId: number; from: string; to: string; aws: boolean }) {
  const health = await loadSyncHealth(accountId, from, to);
  return (
    <div className="card">
      <h2>Does the cost add up?</h2>
      <ReconciliationLine health={health} />
      {aws && (
        <p className="faint">
          AWS&apos;s Resource Groups Tagging API lists only resources that are or were tagged. A resource that was never tagged (a NAT gateway, a data transfer line, support, tax) is known
          only through its cost, which lands here in one unallocated line a day: tag the resource, or add a rule for a tag it has, to move it into an application. New cost-allocation tags
          must be activated in the Billing console, and reach Cost Explorer about 24 hours later.
        </p>
      )}
    </div>
  );
}
