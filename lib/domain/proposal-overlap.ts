// Open proposals can advise the same switch twice: a cost limit asks to throttle a
// feature to 60 % everywhere while overload asks to shed half of it in cell-b. Applied
// together, the cell-b position holds in cell-b and the other everywhere else, so their
// savings are not additive: a feature's saving is counted once, as the most that a set
// of proposals with no cell in common saves, and each proposal says what it overlaps
// and which of the two the total counts. The total is the sum over the counted ones
// (the Limits page).

export interface OpenProposal {
  id: number;
  featureId: number;
  /** Only this cell; null = everywhere (overlaps every cell). */
  cell: string | null;
  action: string;
  /** Cost a day the change saves (negative for a restore). */
  savingMicroUsd: number;
}

export interface Overlap {
  /** Counted in the total saving. */
  counted: boolean;
  /** Other open proposals for the same switch in a scope they share. */
  overlaps: number[];
  /** When not counted: the counted proposal that overlaps it and saves more. */
  supersededBy: number | null;
}

const overlapping = (a: OpenProposal, b: OpenProposal) => a.id !== b.id && a.featureId === b.featureId && (a.cell === null || b.cell === null || a.cell === b.cell);

/** Picks, per feature, the set of non-overlapping throttles that saves the most. */
function chosenSet(proposals: readonly OpenProposal[]): Set<number> {
  const chosen = new Set<number>();
  const byFeature = new Map<number, OpenProposal[]>();
  for (const p of proposals) if (p.action === "throttle" && p.savingMicroUsd > 0) byFeature.set(p.featureId, [...(byFeature.get(p.featureId) ?? []), p]);
  const best = (list: OpenProposal[]) => list.reduce<OpenProposal | null>((b, p) => (b === null || p.savingMicroUsd > b.savingMicroUsd || (p.savingMicroUsd === b.savingMicroUsd && p.id < b.id) ? p : b), null);
  for (const list of byFeature.values()) {
    const everywhere = best(list.filter((p) => p.cell === null));
    const cells = new Map<string, OpenProposal[]>();
    for (const p of list) if (p.cell !== null) cells.set(p.cell, [...(cells.get(p.cell) ?? []), p]);
    const perCell = [...cells.values()].map((l) => best(l)!);
    const cellsSaving = perCell.reduce((s, p) => s + p.savingMicroUsd, 0);
    // Ties go to the single switch everywhere: one change rather than several.
    if (everywhere && everywhere.savingMicroUsd >= cellsSaving) chosen.add(everywhere.id);
    else for (const p of perCell) chosen.add(p.id);
  }
  return chosen;
}

export function proposalOverlaps(proposals: readonly OpenProposal[]): Map<number, Overlap> {
  const chosen = chosenSet(proposals);
  return new Map(
    proposals.map((p) => {
      const others = proposals.filter((o) => overlapping(p, o));
      const counted = chosen.has(p.id);
      const superseding = counted ? [] : others.filter((o) => chosen.has(o.id)).sort((a, b) => b.savingMicroUsd - a.savingMicroUsd || a.id - b.id);
      return [p.id, { counted, overlaps: others.map((o) => o.id), supersededBy: superseding[0]?.id ?? null }];
    }),
  );
}
