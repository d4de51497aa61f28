// Signals runs are folded into day totals once they are older than yesterday: what Frugal's
// own calls cost (the applications list's line, the settings page, the reports) stays the
// same to the micro-dollar, and the table stops growing by a row every 2 minutes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../lib/db/client";
import { getOwnCost, monthlyRate, type HistoryRead } from "../lib/data/own-cost";
import { compactSignalsRuns, DAY_TOTAL_RUNNER, foldRuns } from "../lib/jobs/compact-runs";
import { runSignals } from "../lib/jobs/signals-run";
import { DemoSource } from "../lib/sources/demo/demo-source";
import { createAppContext, type AppContext } from "./app-context";
import { TEST_DIALECT } from "./test-db";

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createAppContext();
});
afterAll(async () => ctx?.close());

const HOUR = 3_600_000;
const usage = (calls: number) => [
  { api: "cloudwatch:GetMetricData", calls, failed: 0, retries: 1, metricsRequested: calls * 100, costMicroUsd: calls * 1_000 },
  { api: "tag:GetResources", calls: 1, failed: calls % 2, retries: 0, metricsRequested: 0, costMicroUsd: 0 },
];

/** A signals run every 2 hours for the 4 days before `now`, every fifth one failed; and a sync and a running signals run among them. */
async function seedRuns(now: Date): Promise<void> {
  const data = [];
  for (let i = 1; i <= 48; i++) {
    const startedAt = new Date(now.getTime() - i * 2 * HOUR);
    const failed = i % 5 === 0;
    data.push({
      accountId: ctx.accountId,
      trigger: "signals",
      runner: "worker@test:1",
      status: failed ? "failed" : "succeeded",
      fromDay: startedAt.toISOString().slice(0, 10),
      toDay: startedAt.toISOString().slice(0, 10),
      startedAt,
      finishedAt: new Date(startedAt.getTime() + 900),
      durationMs: 900,
      stats: failed ? undefined : { samples: { inserted: i, updated: 1, unchanged: 10, pruned: 2 }, fiveMinuteRead: false, incidentsOpened: i === 7 ? 1 : 0 },
      error: failed ? `GetMetricData throttled (run ${i})` : null,
      apiCallCount: i % 3 + 1,
      apiCostMicroUsd: BigInt((i % 3 + 1) * 1_000),
      apiUsage: usage(i % 3 + 1),
    });
  }
  const old = new Date(now.getTime() - 80 * HOUR);
  data.push({ accountId: ctx.accountId, trigger: "schedule", runner: "worker@test:1", status: "succeeded", fromDay: "2026-01-01", toDay: "2026-01-02", startedAt: old, finishedAt: old, durationMs: 5_000, apiCallCount: 12, apiCostMicroUsd: 120_000n, apiUsage: [{ api: "ce:GetCostAndUsage", calls: 12, failed: 0, retries: 0, metricsRequested: 0, costMicroUsd: 120_000 }] });
  data.push({ accountId: ctx.accountId, trigger: "signals", runner: "worker@test:2", status: "running", fromDay: "2026-01-01", toDay: "2026-01-01", startedAt: old });
  await ctx.db.syncRun.deleteMany({});
  await ctx.db.syncRun.createMany({ data });
}

const signalsRows = () => ctx.db.syncRun.findMany({ where: { trigger: "signals" }, orderBy: { startedAt: "asc" } });
const startOfUtcDay = (t: Date) => new Date(`${t.toISOString().slice(0, 10)}T00:00:00.000Z`);

describe("signals runs older than yesterday", () => {
  it("fold into one row per day and outcome, with every cost, call and API's usage the same as before", async () => {
    const now = new Date();
    await seedRuns(now);
    const before = await getOwnCost(ctx.db, ctx.accountId, now);
    const rowsBefore = await signalsRows();

    const folded = await compactSignalsRuns(ctx.db, ctx.accountId, now);

    const yesterday = new Date(startOfUtcDay(now).getTime() - 24 * HOUR);
    const foldable = rowsBefore.filter((r) => r.startedAt < yesterday && r.status !== "running");
    expect(folded).toBe(foldable.length);
    expect(folded).toBeGreaterThan(20);
    const after = await getOwnCost(ctx.db, ctx.accountId, now);
    expect(after).toEqual(before);

    const rows = await signalsRows();
    // Since yesterday: every run as it was. Before: one total per day and outcome, and the running run untouched.
    expect(rows.filter((r) => r.startedAt >= yesterday)).toEqual(rowsBefore.filter((r) => r.startedAt >= yesterday));
    expect(rows.filter((r) => r.status === "running")).toHaveLength(1);
    const totals = rows.filter((r) => r.runner === DAY_TOTAL_RUNNER);
    const groups = new Set(foldable.map((r) => `${r.startedAt.toISOString().slice(0, 10)} ${r.status}`));
    expect(totals.map((r) => `${r.startedAt.toISOString().slice(0, 10)} ${r.status}`).sort()).toEqual([...groups].sort());
    for (const total of totals) {
      const runs = foldable.filter((r) => r.status === total.status && r.startedAt.toISOString().slice(0, 10) === total.startedAt.toISOString().slice(0, 10));
      expect(total.apiCostMicroUsd).toBe(runs.reduce((s, r) => s + r.apiCostMicroUsd, 0n));
      expect(total.apiCallCount).toBe(runs.reduce((s, r) => s + r.apiCallCount, 0));
      expect(total.durationMs).toBe(900 * runs.length);
      expect(total.startedAt).toEqual(runs[0]!.startedAt);
      expect(total.finishedAt).toEqual(runs.at(-1)!.finishedAt);
      expect((total.stats as { runs: number }).runs).toBe(runs.length);
      expect(total.error).toBe(runs.at(-1)!.error);
    }
    // The sync is not a signals run: left as it was.
    expect(await ctx.db.syncRun.count({ where: { trigger: "schedule" } })).toBe(1);

    // A second pass finds nothing to do.
    expect(await compactSignalsRuns(ctx.db, ctx.accountId, now)).toBe(0);
    expect(await signalsRows()).toEqual(rows);
  });

  it("leave the settings page's last syncs in view, apart from the overload runs that came after them", async () => {
    const now = new Date();
    await seedRuns(now);
    await compactSignalsRuns(ctx.db, ctx.accountId, now);
    const view = await getOwnCost(ctx.db, ctx.accountId, now);
    // 40 overload runs came after it, and the sync is still listed.
    expect(view.syncs.map((r) => [r.trigger, r.apiCallCount])).toEqual([["schedule", 12]]);
    const newest = await ctx.db.syncRun.findMany({ where: { trigger: "signals", status: { not: "running" } }, orderBy: { startedAt: "desc" }, take: 4 });
    expect(view.overloadRuns.map((r) => r.id)).toEqual(newest.map((r) => r.id));
    expect(view.overloadRuns.every((r) => r.trigger === "signals")).toBe(true);

    // With only day totals left (no overload run since yesterday), the list is empty rather than a total.
    await ctx.db.syncRun.deleteMany({ where: { trigger: "signals", runner: { not: DAY_TOTAL_RUNNER } } });
    expect((await getOwnCost(ctx.db, ctx.accountId, now)).overloadRuns).toEqual([]);
  });

  it("fold a few at a time to the same totals, and a late run joins its day's total", async () => {
    const now = new Date();
    await seedRuns(now);
    const before = await getOwnCost(ctx.db, ctx.accountId, now);
    let passes = 0;
    while ((await compactSignalsRuns(ctx.db, ctx.accountId, now, 5)) > 0) passes++;
    expect(passes).toBeGreaterThan(3);
    expect(await getOwnCost(ctx.db, ctx.accountId, now)).toEqual(before);
    const totals = await ctx.db.syncRun.count({ where: { runner: DAY_TOTAL_RUNNER } });

    // The running run finishes (or the lease code fails it): it joins its day's total of that outcome.
    const running = await ctx.db.syncRun.findFirstOrThrow({ where: { status: "running" } });
    await ctx.db.syncRun.update({ where: { id: running.id }, data: { status: "failed", finishedAt: running.startedAt, error: "its worker stopped", apiCallCount: 2, apiCostMicroUsd: 2_000n, apiUsage: usage(2) } });
    const day = running.startedAt.toISOString().slice(0, 10);
    const dayTotal = () => ctx.db.syncRun.findFirst({ where: { runner: DAY_TOTAL_RUNNER, status: "failed", fromDay: day } });
    const earlier = await dayTotal();
    expect(await compactSignalsRuns(ctx.db, ctx.accountId, now)).toBe(1);
    const joined = await dayTotal();
    expect(joined!.apiCostMicroUsd).toBe((earlier?.apiCostMicroUsd ?? 0n) + 2_000n);
    expect((joined!.stats as { runs: number }).runs).toBe(((earlier?.stats as { runs: number } | null)?.runs ?? 0) + 1);
    expect(await ctx.db.syncRun.count({ where: { runner: DAY_TOTAL_RUNNER } })).toBe(totals + (earlier ? 0 : 1));
    expect((await getOwnCost(ctx.db, ctx.accountId, now)).sinceFirstMicroUsd).toBe(before.sinceFirstMicroUsd + 2_000);
  });

  // PostgreSQL only: SQLite lets one writer in at a time, and two connections in this one process would
  // wait on each other's lock for the whole busy timeout (better-sqlite3 waits synchronously).
  it.skipIf(TEST_DIALECT === "sqlite")("fold once when two processes fold at the same moment: nothing counted twice", async () => {
    const now = new Date();
    await seedRuns(now);
    const before = await getOwnCost(ctx.db, ctx.accountId, now);
    const other = createDb(ctx.url);
    try {
      // The signals lease keeps runs of one account apart; one that outlived its lease could still meet the next.
      const outcomes = await Promise.allSettled([compactSignalsRuns(ctx.db, ctx.accountId, now, 7), compactSignalsRuns(other, ctx.accountId, now, 7)]);
      expect(outcomes.some((o) => o.status === "fulfilled" && o.value > 0)).toBe(true);
      while ((await compactSignalsRuns(ctx.db, ctx.accountId, now, 7)) > 0);
    } finally {
      await other.$disconnect();
    }
    expect(await getOwnCost(ctx.db, ctx.accountId, now)).toEqual(before);
  });

  it.each([
    // [now, a run's start, folded?]: everything before the start of yesterday (UTC), whatever the hour now
    ["2026-12-01T00:00:00.000Z", "2026-11-29T23:59:59.999Z", true],
    ["2026-12-01T00:00:00.000Z", "2026-11-30T00:00:00.000Z", false],
    ["2026-12-01T23:59:59.999Z", "2026-11-29T23:59:59.999Z", true],
    ["2026-12-01T23:59:59.999Z", "2026-11-30T00:00:00.000Z", false],
    ["2026-03-01T12:00:00.000Z", "2026-02-27T23:00:00.000Z", true],
    ["2026-03-01T12:00:00.000Z", "2026-02-28T00:00:00.000Z", false],
  ] as const)("at %s, a run started at %s is folded: %s", async (now, startedAt, expected) => {
    await ctx.db.syncRun.deleteMany({});
    await ctx.db.syncRun.create({ data: { accountId: ctx.accountId, trigger: "signals", status: "succeeded", fromDay: startedAt.slice(0, 10), toDay: startedAt.slice(0, 10), startedAt: new Date(startedAt), finishedAt: new Date(startedAt), apiCallCount: 1, apiCostMicroUsd: 10n } });
    expect(await compactSignalsRuns(ctx.db, ctx.accountId, new Date(now))).toBe(expected ? 1 : 0);
    expect(await ctx.db.syncRun.count({ where: { runner: DAY_TOTAL_RUNNER } })).toBe(expected ? 1 : 0);
  });

  it("are folded by the signals run itself", async () => {
    const now = new Date();
    await seedRuns(now);
    await runSignals(ctx.db, new DemoSource({ seed: 42, now: () => now }), ctx.accountId, { now, fiveMinute: false });
    const yesterday = new Date(startOfUtcDay(now).getTime() - 24 * HOUR);
    const unfolded = await ctx.db.syncRun.count({ where: { trigger: "signals", status: { not: "running" }, startedAt: { lt: yesterday }, runner: { not: DAY_TOTAL_RUNNER } } });
    expect(unfolded).toBe(0);
    expect(await ctx.db.syncRun.count({ where: { runner: DAY_TOTAL_RUNNER } })).toBeGreaterThan(0);
  });
});

describe("foldRuns", () => {
  const run = (startedAt: string, o: Partial<Parameters<typeof foldRuns>[0][number]> = {}) => ({
    runner: "worker@test:1",
    status: "succeeded",
    startedAt: new Date(startedAt),
    finishedAt: new Date(new Date(startedAt).getTime() + 1_000),
    durationMs: 1_000,
    stats: { samples: { inserted: 1, updated: 2, unchanged: 3, pruned: 4 }, incidentsOpened: 1 },
    error: null,
    apiCallCount: 2,
    apiCostMicroUsd: 5n,
    apiUsage: usage(2),
    ...o,
  });

  it("adds up a day total and runs alike, a total counting the runs it stands for", () => {
    const total = foldRuns([
      run("2026-11-01T05:00:00Z", { runner: DAY_TOTAL_RUNNER, stats: { runs: 10, samples: { inserted: 10, updated: 0, unchanged: 0, pruned: 0 }, incidentsOpened: 0 } }),
      run("2026-11-01T01:00:00Z"),
      run("2026-11-01T09:00:00Z", { stats: null, durationMs: null, finishedAt: null }),
    ]);
    expect(total).toMatchObject({
      startedAt: new Date("2026-11-01T01:00:00Z"),
      finishedAt: new Date("2026-11-01T05:00:01Z"),
      durationMs: 2_000,
      stats: { runs: 12, samples: { inserted: 11, updated: 2, unchanged: 3, pruned: 4 }, incidentsOpened: 1 },
      apiCallCount: 6,
      apiCostMicroUsd: 15n,
      error: null,
    });
    expect(total.apiUsage).toEqual([
      { api: "cloudwatch:GetMetricData", calls: 6, failed: 0, retries: 3, metricsRequested: 600, costMicroUsd: 6_000 },
      { api: "tag:GetResources", calls: 3, failed: 0, retries: 0, metricsRequested: 0, costMicroUsd: 0 },
    ]);
  });

  it("keeps the latest failure's message, and ignores usage it cannot read", () => {
    const total = foldRuns([run("2026-11-01T03:00:00Z", { error: "later", apiUsage: "garbled" }), run("2026-11-01T01:00:00Z", { error: "earlier", apiUsage: null })]);
    expect(total.error).toBe("later");
    expect(total.apiUsage).toEqual([]);
  });
});

describe("a month of Frugal's own calls at the rate of the last 24 hours", () => {
  const now = new Date("2026-12-05T12:00:00Z");
  const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
  // $0.30 first sync (the history), the rest of the last 24 hours $0.72.
  const sync = (hoursAgo: number, costMicroUsd = 300_000): HistoryRead => ({ kind: "sync", startedAt: ago(hoursAgo), costMicroUsd });
  const overload = (hoursAgo: number, costMicroUsd: number): HistoryRead => ({ kind: "overload", startedAt: ago(hoursAgo), costMicroUsd });
  it.each([
    { case: "running for days: the last 24 h × 30", lastDay: 720_000, first: ago(72), reads: [sync(72), overload(72, 2_000)], month: 21_600_000, minutes: 1440, leftOut: [] },
    { case: "started 23 h 59 min ago: its first sync left out", lastDay: 1_020_000, first: ago(23.99), reads: [sync(23.99)], month: 21_609_004, minutes: 1439, leftOut: ["sync"] },
    { case: "started 24 h ago to the millisecond: the first sync falls out of the day", lastDay: 720_000, first: ago(24), reads: [sync(24)], month: 21_600_000, minutes: 1440, leftOut: [] },
    { case: "started 3 h ago: 3 hours' rate, first sync left out", lastDay: 390_000, first: ago(3), reads: [sync(3)], month: 21_600_000, minutes: 180, leftOut: ["sync"] },
    { case: "started 3 h ago: the first overload run's 5-minute read left out too", lastDay: 392_000, first: ago(3), reads: [sync(3), overload(3, 2_000)], month: 21_600_000, minutes: 180, leftOut: ["sync", "overload"] },
    { case: "overload runs before any sync: the first one's extra read left out", lastDay: 8_000, first: ago(2), reads: [overload(2, 2_000)], month: 2_160_000, minutes: 120, leftOut: ["overload"] },
    { case: "started 1 min ago: at least 15 minutes' rate", lastDay: 300_000, first: ago(1 / 60), reads: [sync(1 / 60)], month: 0, minutes: 15, leftOut: ["sync"] },
    { case: "reads counted above what the day holds: no rate below zero", lastDay: 100_000, first: ago(1), reads: [sync(1)], month: 0, minutes: 60, leftOut: ["sync"] },
    { case: "overload runs before any sync", lastDay: 6_000, first: ago(2), reads: [], month: 2_160_000, minutes: 120, leftOut: [] },
    { case: "no run at all", lastDay: 0, first: null, reads: [], month: 0, minutes: 1440, leftOut: [] },
  ])("$case", ({ lastDay, first, reads, month, minutes, leftOut }) => {
    expect(monthlyRate(lastDay, now, first, reads)).toEqual({ monthMicroUsd: month, rateMinutes: minutes, historyReadsLeftOut: leftOut });
  });

  it("on a new account's first day, the settings card's month leaves the first sync's history read out", async () => {
    const account = await ctx.db.cloudAccount.create({ data: { name: "new", source: "demo" } });
    const run = (hoursAgo: number, trigger: string, costMicroUsd: number) => ({
      accountId: account.id, trigger, status: "succeeded", fromDay: "2026-12-05", toDay: "2026-12-05", startedAt: ago(hoursAgo), finishedAt: ago(hoursAgo), apiCallCount: 1, apiCostMicroUsd: BigInt(costMicroUsd),
    });
    // The first sync 2 h ago read 90 days ($0.30); an overload run every 10 minutes since ($0.001 each).
    await ctx.db.syncRun.createMany({ data: [run(2, "startup", 300_000), ...Array.from({ length: 12 }, (_, i) => run(2 - (i + 1) / 6, "signals", 1_000))] });
    const view = await getOwnCost(ctx.db, account.id, now);
    expect(view.lastDayMicroUsd).toBe(312_000);
    // 12 runs in 2 hours is $0.144 a day, $4.32 a month; with the history read counted as daily it said $9.36.
    expect(view).toMatchObject({ monthMicroUsd: 4_320_000, rateMinutes: 120, historyReadsLeftOut: ["sync"] });
  });

  it("on a new account's first day, the first overload run's 5-minute history is left out too, the part above the next run's", async () => {
    const account = await ctx.db.cloudAccount.create({ data: { name: "new-overload", source: "demo" } });
    const run = (hoursAgo: number, trigger: string, costMicroUsd: number) => ({
      accountId: account.id, trigger, status: "succeeded", fromDay: "2026-12-05", toDay: "2026-12-05", startedAt: ago(hoursAgo), finishedAt: ago(hoursAgo), apiCallCount: 1, apiCostMicroUsd: BigInt(costMicroUsd),
    });
    // The first sync ($0.30) and, with it, the first overload run, which also read 2 days of 5-minute samples ($0.003 against $0.001).
    await ctx.db.syncRun.createMany({ data: [run(2, "startup", 300_000), run(2, "signals", 3_000), ...Array.from({ length: 12 }, (_, i) => run(2 - (i + 1) / 6, "signals", 1_000))] });
    const view = await getOwnCost(ctx.db, account.id, now);
    expect(view.lastDayMicroUsd).toBe(315_000);
    // 13 overload runs at $0.001 in 2 hours: $0.156 a day, $4.68 a month; with the first run's 5-minute read it said $5.40.
    expect(view).toMatchObject({ monthMicroUsd: 4_680_000, rateMinutes: 120, historyReadsLeftOut: ["sync", "overload"] });
  });
});
