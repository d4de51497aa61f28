// FRUGAL_SOURCE=aws after the first sync (tests/aws-sync.test.ts): later syncs read only what
// may have changed, and when AWS misbehaves (throttling, 5XX, slow answers, a failure in the
// middle of paging, access denied) the sync slows down or says what it could not read, and the
// earlier data holds, through the real SDK clients against the local stub.
import "./aws-sync-env";
import { describe, expect, it } from "vitest";
import { addDays } from "../lib/domain/day";
import { REGION } from "./aws-stub/shop-account";
import { accountId, costDays, expectedCost, NOW, storedCost, stub, sync, t, TODAY, shopAccountPerTest } from "./aws-sync-context";

shopAccountPerTest();

describe("later syncs", () => {
  it("make no Cost Explorer call right after the first, and re-read only the estimated days once they are 8 hours old", async () => {
    await sync();
    const first = stub.of("ce:GetCostAndUsage").length;
    stub.reset();
    const again = await sync(new Date(NOW.getTime() + 60_000));
    expect(stub.of("ce:GetCostAndUsage")).toHaveLength(0);
    expect(again.stats.costDaysRead).toBe(0);
    expect(again.stats).toMatchObject({ inserted: 0, deleted: 0 });

    stub.reset();
    const later = await sync(new Date(NOW.getTime() + 9 * 3_600_000));
    const ranges = stub.of("ce:GetCostAndUsage").map((c) => c.input.TimePeriod as { Start: string; End: string });
    // The estimated days, and today (nothing for it yet), in one range.
    expect(new Set(ranges.map((r) => `${r.Start}..${r.End}`))).toEqual(new Set([`${addDays(TODAY, -2)}..${addDays(TODAY, 1)}`]));
    expect(stub.of("ce:GetCostAndUsage").length).toBeLessThan(first);
    expect(later.stats.costDaysRead).toBe(3);
  });
});

describe("when AWS misbehaves", () => {
  it("slows down on throttling and transient errors, and stores exactly the same", async () => {
    stub.faults.push({ api: "ce:GetCostAndUsage", calls: [1, 2], fault: { kind: "throttle" } });
    stub.faults.push({ api: "cloudwatch:GetMetricData", calls: [1], fault: { kind: "server" } });
    stub.faults.push({ api: "tag:GetResources", calls: [2], fault: { kind: "throttle" } });
    const result = await sync();
    expect(result.gaps).toEqual([]);
    for (const day of costDays) expect(Object.fromEntries(await storedCost(day))).toEqual(Object.fromEntries(expectedCost(day)));
    const usage = (await t.db.syncRun.findFirstOrThrow({ where: { id: result.runId } })).apiUsage as { api: string; retries: number; failed: number }[];
    expect(usage.find((u) => u.api === "ce:GetCostAndUsage")).toMatchObject({ retries: 2, failed: 0 });
    expect(usage.find((u) => u.api === "cloudwatch:GetMetricData")).toMatchObject({ retries: 1, failed: 0 });
    expect(usage.find((u) => u.api === "tag:GetResources")).toMatchObject({ retries: 1, failed: 0 });
  });

  it("gives up on an answer slower than the request timeout and asks again", async () => {
    stub.faults.push({ api: "ce:GetCostAndUsage", calls: [1], fault: { kind: "slow", ms: 1500 } });
    const result = await sync();
    expect(result.gaps).toEqual([]);
    const usage = (await t.db.syncRun.findFirstOrThrow({ where: { id: result.runId } })).apiUsage as { api: string; retries: number }[];
    expect(usage.find((u) => u.api === "ce:GetCostAndUsage")?.retries).toBe(1);
  });

  it("keeps the earlier cost when paging fails half way, says why, and the next sync fills the range", async () => {
    await sync();
    const before = await storedCost(addDays(TODAY, -2));
    // The estimated days are read again 9 hours later; this time every next page fails for good.
    stub.reset();
    stub.options.groupsPerPage = 5;
    stub.faults.push({ api: "ce:GetCostAndUsage", paging: true, fault: { kind: "expired-token" } });
    const broken = await sync(new Date(NOW.getTime() + 9 * 3_600_000));
    expect(broken.gaps).toEqual([expect.objectContaining({ part: "cost", from: addDays(TODAY, -2), to: TODAY, reason: expect.stringMatching(/InvalidNextTokenException/) })]);
    expect(await storedCost(addDays(TODAY, -2))).toEqual(before);
    expect((await t.db.syncDay.findUniqueOrThrow({ where: { accountId_day: { accountId, day: addDays(TODAY, -2) } } })).costGap).toMatch(/InvalidNextTokenException/);

    stub.reset();
    stub.options.groupsPerPage = 25;
    const mended = await sync(new Date(NOW.getTime() + 9 * 3_600_000 + 60_000));
    expect(mended.gaps).toEqual([]);
    expect(stub.of("ce:GetCostAndUsage").length).toBeGreaterThan(0);
    expect((await t.db.syncDay.findUniqueOrThrow({ where: { accountId_day: { accountId, day: addDays(TODAY, -2) } } })).costGap).toBeNull();
    expect(Object.fromEntries(await storedCost(addDays(TODAY, -2)))).toEqual(Object.fromEntries(expectedCost(addDays(TODAY, -2))));
  });

  it("marks no resource gone when the listing breaks off (an expired token), and says so", async () => {
    await sync();
    stub.reset();
    stub.faults.push({ api: "tag:GetResources", paging: true, fault: { kind: "expired-token" } });
    const result = await sync(new Date(NOW.getTime() + 60_000));
    expect(result.gaps).toEqual([expect.objectContaining({ part: "resources", reason: expect.stringMatching(/PaginationTokenExpiredException/) })]);
    expect(await t.db.resource.count({ where: { accountId, goneSince: { not: null } } })).toBe(0);
  });

  it("keeps the earlier traffic when CloudWatch denies access, and names the permission to add", async () => {
    await sync();
    const web = await t.db.service.findFirstOrThrow({ where: { name: "web" } });
    // Today's traffic is read again, hourly, until the day has settled.
    const day = TODAY;
    const before = await t.db.serviceDay.findUniqueOrThrow({ where: { serviceId_day: { serviceId: web.id, day } } });
    stub.reset();
    stub.faults.push({ api: "cloudwatch:GetMetricData", fault: { kind: "denied" } });
    // Two hours on: today's metrics are read again (at most hourly), and denied.
    const result = await sync(new Date(NOW.getTime() + 2 * 3_600_000));
    const traffic = result.gaps.filter((g) => g.part === "traffic");
    expect(traffic.length).toBeGreaterThan(0);
    expect(traffic[0]!.reason).toMatch(/AccessDenied.*allow cloudwatch:GetMetricData/);
    expect(await t.db.serviceDay.findUniqueOrThrow({ where: { serviceId_day: { serviceId: web.id, day } } })).toEqual(before);
    expect((await t.db.syncDay.findUniqueOrThrow({ where: { accountId_day: { accountId, day } } })).trafficGap).toMatch(/AccessDenied/);
  });
});

it("reads the region it is told to, and nothing else", async () => {
  await sync();
  expect(new Set(stub.calls.filter((c) => !c.api.startsWith("ce:") && !c.api.startsWith("sts:")).map((c) => c.region))).toEqual(new Set([REGION]));
});
