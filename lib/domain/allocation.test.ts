import { describe, expect, it } from "vitest";
import { allocateDay, parseStrategy, splitProportionally, type AllocationStrategy, type ServiceDay } from "./allocation";

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const svc = (service: string, requestCount: number, ownCostMicroUsd = 1_000): ServiceDay => ({ service, requestCount, ownCostMicroUsd });
const shares = (allocation: ReturnType<typeof allocateDay>) => Object.fromEntries(allocation.services.map((s) => [s.service, s.sharedCostMicroUsd]));

describe("splitProportionally: largest remainder, ties by name", () => {
  it.each([
    ["thirds: the leftover micro-dollar goes to the first name", 100, [["a", 1], ["b", 1], ["c", 1]], { a: 34, b: 33, c: 33 }],
    ["two leftovers go to the two largest fractions", 10, [["a", 1], ["b", 1], ["c", 1]], { a: 4, b: 3, c: 3 }],
    ["the largest fraction wins over the name", 10, [["a", 1], ["b", 2]], { a: 3, b: 7 }],
    ["exact shares need no rounding", 1_000_000, [["a", 1], ["b", 3]], { a: 250_000, b: 750_000 }],
    ["one micro-dollar among many", 1, [["z", 1], ["y", 1], ["x", 1]], { x: 1, y: 0, z: 0 }],
    ["zero", 0, [["a", 1], ["b", 1]], { a: 0, b: 0 }],
    ["a credit (negative) splits the same way", -100, [["a", 1], ["b", 1], ["c", 1]], { a: -34, b: -33, c: -33 }],
    ["a weight of zero gets nothing", 99, [["a", 0], ["b", 1]], { a: 0, b: 99 }],
    ["fractional weights: the two .75 remainders beat the .5", 7, [["a", 0.5], ["b", 0.25], ["c", 0.25]], { a: 3, b: 2, c: 2 }],
  ] as const)("%s", (_name, total, weights, expected) => {
    const result = splitProportionally(total, weights.map(([key, weight]) => ({ key, weight })));
    expect(Object.fromEntries(result)).toEqual(expected);
    expect(sum(result)).toBe(total);
  });

  it("always adds up, whatever the pool and weights", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const total = Math.round((random() - 0.3) * 1e9);
      const weights = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, k) => ({ key: `s${k}`, weight: random() < 0.1 ? 0 : random() * 1e6 }));
      if (!weights.some((w) => w.weight > 0)) weights[0]!.weight = 1;
      expect(sum(splitProportionally(total, weights))).toBe(total);
    }
  });

  it.each([
    [1.5, [{ key: "a", weight: 1 }]],
    [100, [{ key: "a", weight: 0 }]],
    [100, []],
  ])("refuses %d over %j", (total, weights) => {
    expect(() => splitProportionally(total, weights)).toThrow();
  });
});

describe("allocateDay", () => {
  const byRequests: AllocationStrategy = { kind: "requests" };

  it.each<[string, number, ServiceDay[], AllocationStrategy, Record<string, number>, number]>([
    ["by requests (the default)", 1_000, [svc("web", 300), svc("api", 100)], byRequests, { web: 750, api: 250 }, 0],
    ["evenly", 1_000, [svc("web", 300), svc("api", 100)], { kind: "even" }, { web: 500, api: 500 }, 0],
    ["by fixed weights", 1_000, [svc("web", 300), svc("api", 100)], { kind: "weights", weights: { web: 1, api: 4 } }, { web: 200, api: 800 }, 0],
    ["weights name services that did not run: they still pay", 900, [svc("web", 0, 0), svc("api", 10)], { kind: "weights", weights: { web: 1, api: 2 } }, { web: 300, api: 600 }, 0],
    ["a service without traffic pays nothing by requests", 1_000, [svc("web", 400), svc("batch", 0, 5_000)], byRequests, { web: 1_000, batch: 0 }, 0],
    ["no traffic at all that day: split evenly among active services (the odd micro-dollar by name)", 1_001, [svc("web", 0), svc("api", 0)], byRequests, { web: 500, api: 501 }, 0],
    ["weights that name nobody present: split evenly", 10, [svc("web", 1), svc("api", 1)], { kind: "weights", weights: { gone: 5 } }, { web: 5, api: 5 }, 0],
    ["a credit day (negative pool)", -1_000, [svc("web", 3), svc("api", 1)], byRequests, { web: -750, api: -250 }, 0],
    ["a service whose own cost is a credit still takes part", 100, [svc("web", 1, -500), svc("api", 1)], byRequests, { web: 50, api: 50 }, 0],
    ["no active service: the pool stays unassigned, not lost", 1_234, [svc("web", 0, 0)], byRequests, { web: 0 }, 1_234],
    ["an application with no services at all", 1_234, [], byRequests, {}, 1_234],
    ["nothing shared", 0, [svc("web", 10), svc("api", 0)], byRequests, { web: 0, api: 0 }, 0],
  ])("%s", (_name, pool, services, strategy, expected, unassigned) => {
    const allocation = allocateDay(pool, services, strategy);
    expect(shares(allocation)).toEqual(expected);
    expect(allocation.unassignedMicroUsd).toBe(unassigned);
    // The application's cost comes back whole: own + shares + unassigned.
    const own = services.reduce((a, s) => a + s.ownCostMicroUsd, 0);
    const allocated = allocation.services.reduce((a, s) => a + s.ownCostMicroUsd + s.sharedCostMicroUsd, 0);
    expect(allocated + allocation.unassignedMicroUsd).toBe(own + pool);
  });

  it("keeps each service's own cost as it was", () => {
    const allocation = allocateDay(500, [svc("web", 1, 7_777), svc("api", 1, 3)], byRequests);
    expect(allocation.services.map((s) => s.ownCostMicroUsd)).toEqual([7_777, 3]);
  });
});

describe("parseStrategy", () => {
  it.each([
    ["requests", null, { kind: "requests" }],
    ["even", null, { kind: "even" }],
    ["weights", { web: 2, api: 1 }, { kind: "weights", weights: { web: 2, api: 1 } }],
    ["weights", { web: -1, api: "x", db: 3 }, { kind: "weights", weights: { db: 3 } }],
    ["weights", null, { kind: "requests" }],
    ["nonsense", null, { kind: "requests" }],
  ])("%s %j", (kind, weights, expected) => {
    expect(parseStrategy(kind, weights)).toEqual(expected);
  });
});
