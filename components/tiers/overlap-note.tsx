import type { ProposalView } from "@/lib/data/tiers";

/** "throttle to 60 % everywhere", "turn off in cell-b": a proposal named by what it does. */
export function proposalLabel(p: Pick<ProposalView, "to" | "cell">): string {
  const what = p.to.state === "throttled" ? `throttle to ${p.to.throttlePercent}\u00a0%` : p.to.state === "off" ? "turn off" : "turn back on";
  return `${what} ${p.cell ? `in ${p.cell}` : "everywhere"}`;
}

/**
 * What a proposal overlaps (the same switch, a cell in common) and which of them the
 * total saving counts: applying one re-evaluates the others at once.
 */
export function OverlapNote({ proposal, all }: { proposal: ProposalView; all: readonly ProposalView[] }) {
  const { overlap } = proposal;
  if (overlap.overlaps.length === 0) return null;
  const others = overlap.overlaps.map((id) => all.find((p) => p.id === id)).filter((p): p is ProposalView => p !== undefined);
  const superseding = all.find((p) => p.id === overlap.supersededBy);
  return (
    <div className="overlap-note" data-testid="overlap-note">
      {superseding ? (
        <>
          Overlaps &ldquo;{proposalLabel(superseding)}&rdquo;, which saves more: that one is counted in the total, this one is not.
        </>
      ) : (
        <>
          Overlaps {others.map((o, i) => (
            <span key={o.id}>
              {i > 0 && (i === others.length - 1 ? " and " : ", ")}&ldquo;{proposalLabel(o)}&rdquo;
            </span>
          ))}
          {overlap.counted ? ": this one is counted in the total." : "."}
        </>
      )}{" "}
      Applying one re-evaluates the other{others.length > 1 ? "s" : ""} at once.
    </div>
  );
}
