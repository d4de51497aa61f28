// The bench is not a test (it prints figures and asserts none), but it must keep
// working: `npm run bench -- --tiny` runs the parts that need no built server at a
// tiny size, and this checks they ran and said what they measured. No timing is
// asserted: the machine's speed is not the code's.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("npm run bench -- --tiny", () => {
  it("runs the AWS sync, writes, anomaly and Explore benches small, and prints each figure", () => {
    const run = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/bench.ts", "--tiny"], { encoding: "utf8", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    expect(run.status, run.stderr).toBe(0);
    const figures = Object.assign({}, ...run.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>)) as {
      aws: { services: number; calls: Record<string, { calls: number; minimum: number }>; withinMinimum: boolean }[];
      anomalies: { services: number; anomalies: number; medianMs: number };
      explore: { rows: number; queries: { name: string; medianMs: number }[] };
      writes: Record<string, { what: string; rows: { inserted: number; updated: number } }[]>;
    };
    // The sync of the stub account made exactly the fewest calls each API allows.
    expect(figures.aws).toHaveLength(1);
    for (const [api, c] of Object.entries(figures.aws[0]!.calls)) expect(c.calls, api).toBe(c.minimum);
    expect(figures.aws[0]!.withinMinimum).toBe(true);
    // The writes: the days all added, then, from another seed, changed in place; then 300 resources
    // added, and every one of them changed in place when a tag rule moved them.
    expect(figures.writes.sqlite!.map((w) => [w.rows.inserted > 0, w.rows.updated > 0])).toEqual([
      [true, false],
      [false, true],
      [true, false],
      [false, true],
    ]);
    expect(figures.writes.sqlite!.slice(2).map((w) => w.rows)).toEqual([
      { inserted: 300, updated: 0 },
      { inserted: 0, updated: 300 },
    ]);
    // The detector found the three anomalies planted in each of the two applications.
    expect(figures.anomalies).toMatchObject({ services: 10, anomalies: 6 });
    // Every Explore query ran (group by application, service, AWS service, region; cost per 1M).
    expect(figures.explore.queries.map((q) => q.name)).toHaveLength(7);
    for (const q of figures.explore.queries) expect(q.medianMs, q.name).toBeGreaterThan(0);
    expect(run.stdout).toContain("Target (calls within 10 % of the minimum): met");
  });
});
