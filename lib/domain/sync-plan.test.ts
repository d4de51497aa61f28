import { describe, expect, it } from "vitest";
import { planSync, toRanges, type DayStatus, type SyncPlanInput } from "./sync-plan";

const NOW = Date.parse("2026-11-26T14:00:00Z");
const H = 3_600_000;
const status = (over: Partial<DayStatus> = {}): DayStatus => ({ costReadAt: NOW - 24 * H, costEstimated: false, costQueryHash: "q1", costGap: false, trafficReadAt: NOW - 2 * H, trafficGap: false, ...over });
const input = (statuses: [string, DayStatus][], over: Partial<SyncPlanInput> = {}): SyncPlanInput => ({
  from: "2026-11-20",
  to: "2026-11-26",
  now: NOW,
  statuses: new Map(statuses),
  costQueryHash: "q1",
  incremental: true,
  costRefreshMs: 8 * H,
  trafficSettleMs: 3 * H,
  trafficRefreshMs: 0,
  costMergeGapDays: 7,
  ...over,
});
const allDays = (s: (day: string) => DayStatus) => ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"].map((d) => [d, s(d)] as [string, DayStatus]);

describe("planSync", () => {
  it("reads the whole window when the source is not incremental (the demo)", () => {
    expect(planSync(input(allDays(() => status()), { incremental: false }))).toEqual({ cost: [{ from: "2026-11-20", to: "2026-11-26" }], traffic: [{ from: "2026-11-20", to: "2026-11-26" }] });
  });

  it("reads everything the first time", () => {
    expect(planSync(input([]))).toEqual({ cost: [{ from: "2026-11-20", to: "2026-11-26" }], traffic: [{ from: "2026-11-20", to: "2026-11-26" }] });
  });

  it("reads no cost right after a full read, and only the traffic of today, which is not final", () => {
    const fresh = allDays((d) => status({ costReadAt: NOW - H, costEstimated: d >= "2026-11-24", trafficReadAt: NOW - 10 * 60_000 }));
    expect(planSync(input(fresh))).toEqual({ cost: [], traffic: [{ from: "2026-11-26", to: "2026-11-26" }] });
  });

  it.each([
    ["an estimated day read 8 h ago", { costEstimated: true, costReadAt: NOW - 8 * H }, true],
    ["an estimated day read 7 h 59 min ago", { costEstimated: true, costReadAt: NOW - 8 * H + 60_000 }, false],
    ["a final day read a month ago", { costEstimated: false, costReadAt: NOW - 720 * H }, false],
    ["a day read under other rules", { costQueryHash: "q0" }, true],
    ["a day whose read failed", { costGap: true }, true],
    ["a day never read", { costReadAt: null }, true],
  ] as const)("cost: $0 → read again: $2", (_name, over, read) => {
    const plan = planSync(input([["2026-11-22", status(over)]], { from: "2026-11-22", to: "2026-11-22" }));
    expect(plan.cost.length > 0).toBe(read);
  });

  it.each([
    ["read before it had settled (ended at midnight, settles at 03:00)", "2026-11-25", Date.parse("2026-11-26T02:59:00Z"), true],
    ["read after it had settled", "2026-11-25", Date.parse("2026-11-26T03:00:00Z"), false],
    ["today, read an hour ago", "2026-11-26", NOW - H, true],
  ] as const)("traffic: a day $0 → read again: $3", (_name, day, readAt, read) => {
    const plan = planSync(input([[day, status({ trafficReadAt: readAt })]], { from: day, to: day }));
    expect(plan.traffic.length > 0).toBe(read);
  });

  it.each([
    ["today, read 59 minutes ago", NOW - 59 * 60_000, false],
    ["today, read an hour ago", NOW - 60 * 60_000, true],
  ])("traffic with an hourly refresh: %s → read again: %s", (_name, readAt, read) => {
    const plan = planSync(input([["2026-11-26", status({ trafficReadAt: readAt })]], { from: "2026-11-26", to: "2026-11-26", trafficRefreshMs: H }));
    expect(plan.traffic.length > 0).toBe(read);
  });

  it("joins cost days a week apart or less into one request, and splits farther ones", () => {
    expect(toRanges(["2026-11-01", "2026-11-02", "2026-11-09", "2026-11-30"], 7)).toEqual([
      { from: "2026-11-01", to: "2026-11-09" },
      { from: "2026-11-30", to: "2026-11-30" },
    ]);
    expect(toRanges([], 7)).toEqual([]);
  });
});
