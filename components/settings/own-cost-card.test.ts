import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { RunCalls } from "@/lib/data/own-cost";
import { RunsTable } from "./own-cost-card";

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
