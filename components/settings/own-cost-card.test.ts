import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { OwnCostView, RunCalls } from "@/lib/data/own-cost";
import { OwnCostSummary, RunsTable } from "./own-cost-card";

// The last syncs and overload runs on the AWS accounts page: every run on a wide screen, the
// newest 3 on a phone (each is a card of five lines) and a button for the rest.
const run = (id: number): RunCalls => ({
  id,
  trigger: "schedule",
  runner: "worker@host:1",
  status: "succeeded",
  startedAt: new Date(Date.UTC(2026, 10, 28, 12, 0) - id * 60_000),
  durationMs: 1_500,
  apiCallCount: 2,
  apiCostMicroUsd: 20_000,
  byApi: [],
});

describe("the runs table", () => {
  it.each([
    // [runs, the phone's button]
    [1, null],
    [3, null],
    [4, "Show all 4 rows"],
    [10, "Show all 10 rows"],
  ])("%i runs: those past the newest 3 cut on a phone, button %j", (n, button) => {
    const html = renderToStaticMarkup(createElement(RunsTable, { runs: Array.from({ length: n }, (_, i) => run(i + 1)), empty: "No sync." }));
    const rows = [...html.matchAll(/<tr role="row"( class="past-phone-limit")?>/g)].slice(1);
    expect(rows).toHaveLength(n);
    // Only the older runs are cut: the newest 3 stay.
    expect(rows.map((m) => Boolean(m[1]))).toEqual(Array.from({ length: n }, (_, i) => i >= 3));
    expect(/<button[^>]*>([^<]+)<\/button>/.exec(html)?.[1] ?? null).toBe(button);
  });

  it("says why it is empty", () => {
    expect(renderToStaticMarkup(createElement(RunsTable, { runs: [], empty: "No sync in the last 30 days." }))).toBe('<p class="muted">No sync in the last 30 days.</p>');
  });
});

// "A month at that rate" says where its rate comes from whenever it is not simply the last 24 h × 30:
// fewer hours on a first day, and the one-off history reads it left out.
describe("the month's rate, as the card explains it", () => {
  const view = (rateMinutes: number, historyReadsLeftOut: OwnCostView["historyReadsLeftOut"]): OwnCostView => ({
    lastDayMicroUsd: 150_000,
    monthMicroUsd: 4_500_000,
    rateMinutes,
    historyReadsLeftOut,
    sinceFirstMicroUsd: 150_000,
    firstRunAt: null,
    days: [],
    byApi: [],
    syncs: [],
    overloadRuns: [],
  });
  it.each<[number, OwnCostView["historyReadsLeftOut"], string]>([
    [1440, [], "× 30 days"],
    [1440, ["sync"], "the last 24 h without the first sync's one-off history read, × 30 days"],
    [1440, ["overload"], "the last 24 h without the first overload run's one-off history read, × 30 days"],
    [180, ["sync", "overload"], "the 3 h run so far without the first sync's and overload run's one-off history reads, × 30 days"],
    [89, ["sync"], "the 89 min run so far without the first sync's one-off history read, × 30 days"],
    [90, [], "the 2 h run so far, × 30 days"],
    [15, [], "the 15 min run so far, × 30 days"],
  ])("%i minutes, %j left out: %s", (minutes, leftOut, detail) => {
    const html = renderToStaticMarkup(createElement(OwnCostSummary, { cost: view(minutes, leftOut), demo: false }));
    const card = /A month at that rate<\/div><div class="value num">\$4\.50<\/div><div class="detail">([^<]*)<\/div>/.exec(html);
    expect(card?.[1]?.replaceAll("&#x27;", "'")).toBe(detail);
  });
});
