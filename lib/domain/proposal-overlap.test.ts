import { describe, expect, it } from "vitest";
import { proposalOverlaps, type OpenProposal } from "./proposal-overlap";

const p = (id: number, featureId: number, cell: string | null, savingMicroUsd: number, action = "throttle"): OpenProposal => ({ id, featureId, cell, action, savingMicroUsd });

describe("open proposals that advise the same switch", () => {
  it.each([
    // [case, proposals, total counted, ids counted]
    ["the issue's case: shed 50 % in cell-b beside throttle to 60 % everywhere counts the larger once", [p(1, 7, "cell-b", 50_410_000), p(2, 7, null, 120_990_000)], 120_990_000, [2]],
    ["a cell proposal that saves more than the one everywhere is counted instead", [p(1, 7, "cell-b", 130_000_000), p(2, 7, null, 120_990_000)], 130_000_000, [1]],
    ["two cells together against one everywhere: the cells win when they add up to more", [p(1, 7, "cell-a", 70_000_000), p(2, 7, "cell-b", 60_000_000), p(3, 7, null, 120_000_000)], 130_000_000, [1, 2]],
    ["two cells together against one everywhere: everywhere wins a tie (one change, not two)", [p(1, 7, "cell-a", 60_000_000), p(2, 7, "cell-b", 60_000_000), p(3, 7, null, 120_000_000)], 120_000_000, [3]],
    ["two proposals for the same cell: the larger", [p(1, 7, "cell-b", 10), p(2, 7, "cell-b", 30)], 30, [2]],
    ["different features never overlap", [p(1, 7, null, 10), p(2, 8, null, 20), p(3, 9, "cell-b", 5)], 35, [1, 2, 3]],
    ["a restore costs money: it is not a saving, whatever it overlaps", [p(1, 7, null, -40), p(2, 8, "cell-b", 25)], 25, [2]],
    ["a throttle that saves nothing (no cost data yet) counts nothing", [p(1, 7, null, 0)], 0, []],
    ["no proposals", [], 0, []],
  ])("%s", (_case, proposals, total, counted) => {
    const overlaps = proposalOverlaps(proposals);
    // The total the Limits page shows: the counted proposals' savings.
    expect(proposals.reduce((s, p) => s + (overlaps.get(p.id)!.counted ? p.savingMicroUsd : 0), 0)).toBe(total);
    expect([...overlaps].filter(([, o]) => o.counted).map(([id]) => id)).toEqual(counted);
  });

  it("says what each overlaps and which counted proposal supersedes it", () => {
    const overlaps = proposalOverlaps([p(1, 7, "cell-b", 50), p(2, 7, null, 120), p(3, 7, "cell-a", 10), p(4, 8, "cell-b", 5)]);
    expect(overlaps.get(1)).toEqual({ counted: false, overlaps: [2], supersededBy: 2 });
    expect(overlaps.get(3)).toEqual({ counted: false, overlaps: [2], supersededBy: 2 });
    // Everywhere overlaps every cell of its feature, and no other feature's.
    expect(overlaps.get(2)).toEqual({ counted: true, overlaps: [1, 3], supersededBy: null });
    expect(overlaps.get(4)).toEqual({ counted: true, overlaps: [], supersededBy: null });
  });
});
