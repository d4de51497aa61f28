// The resources tagged with a service, the costliest first: a service of many functions
// or queues would otherwise draw them all.
import { apiHref } from "@/components/api-href";
import { formatCount } from "@/components/format";
import { ResourceCostNote, ResourceCut, ResourceTable } from "@/components/resource-cost";
import { loadServiceResources } from "@/lib/data/page-loaders";

export async function ResourcesCard({ accountId, demo, app, service }: { accountId: number; demo: boolean; app: { slug: string }; service: { id: number; name: string } }) {
  const { total, resources, costs } = await loadServiceResources(accountId, service.id);
  const exportHref = apiHref(["applications", app.slug, "services", service.name, "resources"], { format: "csv" });
  return (
    <div className="card">
      <div className="card-header">
        <h2>Resources</h2>
        <div className="card-actions">
          <span className="muted">
            {formatCount(total)} {total === 1 ? "resource" : "resources"} tagged service={service.name}
          </span>
          {total > 0 && (
            <a className="export" href={exportHref} download>
              Export CSV
            </a>
          )}
        </div>
      </div>
      {total === 0 ? (
        <p className="muted">No resource carries the tag service={service.name} now.</p>
      ) : (
        <ResourceTable
          label="Resources"
          resources={resources}
          costs={costs}
          columns={[
            { header: "Cell", cell: (r) => r.cell ?? <span className="muted">all cells</span> },
            { header: "Region", cell: (r) => r.region },
          ]}
        />
      )}
      <ResourceCut shown={resources} total={total} costs={costs} exportHref={exportHref} />
      <ResourceCostNote costs={costs} demo={demo} />
    </div>
  );
}
