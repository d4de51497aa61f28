// A resource's cost over the last 14 days, where the source has it, and the line
// that says where the figures come from (or why there are none).
import type { ResourceCosts } from "@/lib/data/resource-cost";
import { formatUsd } from "./format";

export function ResourceCostCell({ costs, resourceId }: { costs: ResourceCosts; resourceId: number }) {
  const cost = costs.byResource.get(resourceId);
  return <td className="right num">{cost === undefined ? <span className="muted" title="No cost per resource for this one">–</span> : formatUsd(cost)}</td>;
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
