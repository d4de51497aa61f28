import { describe, expect, it } from "vitest";
import { dayLayout } from "./sync-write-day";

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
