import { describe, expect, it } from "vitest";
import type { Day } from "../domain/day";
import { dayLayout, daysPerWrite, groupDayWrites, MAX_DAYS_PER_WRITE, SERVICE_DAYS_PER_WRITE, type DayWrite } from "./sync-write-day";

const services = (applicationId: number, n: number, from: number) => Array.from({ length: n }, (_, i) => ({ id: from + i, applicationId, name: `s${from + i}` }));

describe("dayLayout", () => {
  it.each([
    // [services per application, batch size, applications per batch]
    ["all fit in one batch", [2, 3, 1], 10, [[1, 2, 3]]],
    ["exactly full, then the next batch", [2, 3, 1], 5, [[1, 2], [3]]],
    ["an application larger than a batch is a batch of its own, never split", [2, 7, 1], 5, [[1], [2], [3]]],
    ["an application without services still gets written (its cost lines)", [0, 2, 0], 2, [[1, 2, 3]]],
    ["batches of one service", [1, 1, 1], 1, [[1], [2], [3]]],
  ])("%s", (_name, sizes, perBatch, expected) => {
    let next = 1;
    const all = sizes.flatMap((n, i) => {
      const list = services(i + 1, n, next);
      next += n;
      return list;
    });
    const layout = dayLayout(all, [1, 2, 3], perBatch);
    expect(layout.batches.map((b) => b.applicationIds)).toEqual(expected);
    // Every service is in exactly one batch, with its own application.
    expect(layout.batches.flatMap((b) => b.serviceIds).sort((a, b) => a - b)).toEqual(all.map((s) => s.id));
    for (const b of layout.batches) for (const id of b.serviceIds) expect(b.applicationIds).toContain(all.find((s) => s.id === id)?.applicationId);
  });
});

describe("daysPerWrite: days one transaction takes", () => {
  it.each([
    // [services, service-days per write, days]
    ["no services yet: as many days as allowed", 0, SERVICE_DAYS_PER_WRITE, MAX_DAYS_PER_WRITE],
    ["the demo's 11 services: a month", 11, SERVICE_DAYS_PER_WRITE, MAX_DAYS_PER_WRITE],
    ["exactly a month's worth", 32, 31 * 32, 31],
    ["one service-day short of two days", 2, 3, 1],
    ["exactly two days", 2, 4, 2],
    ["200 services: 2 days", 200, SERVICE_DAYS_PER_WRITE, 2],
    ["500 services: one day, as before", 500, SERVICE_DAYS_PER_WRITE, 1],
    ["1,000 services: one day, as before", 1_000, SERVICE_DAYS_PER_WRITE, 1],
    ["more services than a write holds: still one whole day", 10_000, SERVICE_DAYS_PER_WRITE, 1],
  ])("%s", (_name, n, perWrite, expected) => {
    expect(daysPerWrite(n, perWrite)).toBe(expected);
  });
});

describe("groupDayWrites: runs of days written together", () => {
  const write = (day: string, cost: boolean, traffic: boolean, business = false): DayWrite => ({
    day: day as Day,
    runId: 1,
    cost,
    traffic,
    keepTrafficServiceIds: new Set(),
    business: business ? { metricIds: [1], points: [] } : null,
    status: {},
  });
  const days = (groups: DayWrite[][]) => groups.map((g) => g.map((w) => w.day));

  it.each([
    ["nothing to write", [], 3, []],
    ["one shape, cut at the most days", [write("d1", true, true), write("d2", true, true), write("d3", true, true), write("d4", true, true)], 3, [["d1", "d2", "d3"], ["d4"]]],
    ["a day whose cost has a gap starts a run of its own", [write("d1", true, true), write("d2", false, true), write("d3", true, true)], 31, [["d1"], ["d2"], ["d3"]]],
    ["traffic only for the last days", [write("d1", true, false), write("d2", true, false), write("d3", true, true), write("d4", false, true)], 31, [["d1", "d2"], ["d3"], ["d4"]]],
    ["business points apart from none", [write("d1", false, true, true), write("d2", false, true, false)], 31, [["d1"], ["d2"]]],
    ["one day a write", [write("d1", true, true), write("d2", true, true)], 1, [["d1"], ["d2"]]],
  ])("%s", (_name, writes, maxDays, expected) => {
    const groups = groupDayWrites(writes, maxDays);
    expect(days(groups)).toEqual(expected);
    // Every day once, in order.
    expect(groups.flat()).toEqual(writes);
  });
});
