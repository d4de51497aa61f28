// A resource's cost over the last 14 days, where the source has it, and the line
// that says where the figures come from (or why there are none).
import type { ReactNode } from "react";
import type { ResourceCosts } from "@/lib/data/resource-cost";
import { formatCount, formatUsd } from "./format";

/** A column of a resource table between its type and its cost. */
export interface ResourceColumn<R> {
  header: string;
  cell: (r: R) => ReactNode;
  /** Lets the cell wrap (a list of tags); short values (a cell, a region) stay on one line. */
  wraps?: boolean;
}

/** Resources, one a row: name and ARN, type, the page's own columns, and the cost of the last days. */
export function ResourceTable<R extends { id: number; arn: string; name: string; type: string }>({ label, resources, costs, columns }: { label: string; resources: readonly R[]; costs: ResourceCosts; columns: ResourceColumn<R>[] }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table role="table" aria-label={label} className="resource-table cards-on-phone">
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">Resource</th>
            <th role="columnheader" scope="col">Type</th>
            {columns.map((c) => (
              <th role="columnheader" key={c.header} scope="col">
                {c.header}
              </th>
            ))}
            <th role="columnheader" scope="col" className="right">
              Cost, {costs.days} days
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {resources.map((r) => (
            <tr role="row" key={r.id}>
              <td role="cell" className="resource-name">
                <div>{r.name}</div>
                <div className="mono faint">{r.arn}</div>
              </td>
              <td role="cell" className="mono nowrap" data-label="Type">
                {r.type}
              </td>
              {columns.map((c) => (
                <td role="cell" key={c.header} className={c.wraps ? undefined : "nowrap"} data-label={c.header}>
                  {c.cell(r)}
                </td>
              ))}
              <ResourceCostCell costs={costs} resourceId={r.id} label={`Cost, ${costs.days} days`} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ResourceCostCell({ costs, resourceId, label }: { costs: ResourceCosts; resourceId: number; label: string }) {
  const cost = costs.byResource.get(resourceId);
  return (
    <td role="cell" className="right num" data-label={label}>
      {cost === undefined ? <span className="muted" title="No cost per resource for this one">–</span> : formatUsd(cost)}
    </td>
  );
}

export function ResourceCostNote({ costs, demo }: { costs: ResourceCosts; demo: boolean }) {
  if (costs.note) return <p className="faint" data-testid="resource-cost-note">No cost per resource: {costs.note}</p>;
  return (
    <p className="faint" data-testid="resource-cost-note">
      {demo
        ? `Cost per resource: the last ${costs.days} complete days, from the demo's own figures.`
        : `Cost per resource: the last ${costs.days} complete days, from Cost Explorer's resource-level data, which covers EC2 instances only; other resources show –.`}
    </p>
  );
}

/** Under a table cut at its costliest rows: how many it shows of how many, in what order, and where they all are. */
export function ResourceCut({ shown, total, costs, exportHref }: { shown: readonly { id: number }[]; total: number; costs: ResourceCosts; exportHref: string }) {
  if (total <= shown.length) return null;
  return (
    <p data-testid="resource-cut">
      {shown.every((r) => costs.byResource.has(r.id))
        ? `The ${formatCount(shown.length)} costliest of ${formatCount(total)}.`
        : `The first ${formatCount(shown.length)} of ${formatCount(total)}: the costliest first where a resource has a cost figure, then by type and name.`}{" "}
      The{" "}
      <a href={exportHref} download>
        CSV export
      </a>{" "}
      lists them all.
    </p>
  );
}
