// FRUGAL_SOURCE=aws end to end: the real SDK clients, pointed through
// AWS_ENDPOINT_URL at a local stub that speaks AWS's wire protocols, reading a
// synthetic account whose every number this test knows (tests/aws-stub). What
// lands in the database is checked to the micro-dollar, and the calls made are
// counted exactly. Later syncs, and AWS misbehaving, are in tests/aws-sync-failures.test.ts.
import "./aws-sync-env";
import { describe, expect, it } from "vitest";
import { addDays, eachDay } from "../lib/domain/day";
import { getApplicationForecast } from "../lib/data/forecast";
import { overloadState } from "../lib/data/overload";
import { runSignals } from "../lib/jobs/signals-run";
import { sourceFor } from "../lib/sources";
import { monthEnd } from "../lib/sources/aws/cost-forecast";
import { ACCOUNT_ID, RECENT, REGION, requests, SHOP_ARN, SPECS, web4xx, web5xx } from "./aws-stub/shop-account";
import { toUnits, unitsToMicro } from "./aws-stub/model";
import { account, accountId, apps, costDays, DAYS, expectedCost, NOW, storedCost, stub, sync, t, TODAY, shopAccountPerTest } from "./aws-sync-context";

shopAccountPerTest();

describe("a first sync of an AWS account", () => {
  it("knows the account from STS, finds the shop by its awsApplication tag, and stores every dollar once, under the rule that wins", async () => {
    expect(await t.db.awsAccount.findFirstOrThrow()).toMatchObject({ awsAccountId: ACCOUNT_ID, name: ACCOUNT_ID, roleArn: null });
    const result = await sync();
    expect(result.gaps).toEqual([]);
    const shop = await t.db.application.findFirstOrThrow({ where: { slug: "shop" } });
    expect(shop.name).toBe("Shop");
    expect(await t.db.tagRule.findFirstOrThrow({ where: { applicationId: shop.id } })).toMatchObject({ key: "awsApplication", value: SHOP_ARN, position: 30 });

    for (const day of costDays) expect(Object.fromEntries(await storedCost(day)), day).toEqual(Object.fromEntries(expectedCost(day)));
    // Credits and refunds are left out; estimated days are flagged.
    expect(await t.db.costDay.count({ where: { accountId, costMicroUsd: { lt: 0 } } })).toBe(0);
    expect((await t.db.costDay.findMany({ where: { accountId, estimated: true }, distinct: ["day"] })).map((r) => r.day).sort()).toEqual([addDays(TODAY, -2), addDays(TODAY, -1)]);
    // The auth function carries both the platform team's tag and the shop's: it is the platform's, once.
    const auth = await t.db.resource.findFirstOrThrow({ where: { name: "auth" } });
    expect(auth.applicationId).toBe(apps.platform);
  });

  it("reads Cost Explorer's forecast of each application to the month's end under the cost its rules win, once a day, and projects the month with it", async () => {
    const ghost = await t.db.application.create({ data: { accountId, slug: "ghost", name: "Ghost" } });
    await t.db.tagRule.create({ data: { accountId, applicationId: ghost.id, position: 25, key: "team", value: "ghost" } });
    const result = await sync();
    const calls = stub.of("ce:GetCostForecast");
    expect(calls).toHaveLength(4);
    const end = monthEnd(TODAY);
    for (const c of calls) expect(c.input).toMatchObject({ TimePeriod: { Start: TODAY, End: end }, Metric: "AMORTIZED_COST", Granularity: "MONTHLY", PredictionIntervalLevel: 90 });
    // The shop's filter leaves out what the platform's and billing's rules, placed before its own, take.
    const shopCall = calls.find((c) => JSON.stringify(c.input.Filter).includes(SHOP_ARN));
    expect(JSON.stringify(shopCall?.input.Filter)).toContain('{"Not":{"Or":[{"Tags":{"Key":"team","Values":["platform"]');
    const left = BigInt(eachDay(TODAY, addDays(end, -1)).length);
    for (const app of ["shop", "platform", "billing"] as const) {
      // The stub forecasts each day at the mean of the last week's: computed here from its line items.
      let units = 0n;
      for (const day of costDays.slice(-7)) for (const spec of SPECS) if (spec.listed && spec.expected.app === app) units += toUnits(spec.amount(account.dayIndex(day)));
      const stored = await t.db.costForecast.findUniqueOrThrow({ where: { applicationId_month: { applicationId: apps[app], month: TODAY.slice(0, 7) } } });
      expect(Number(stored.meanMicroUsd), app).toBe(unitsToMicro((units / 7n) * left));
      expect(Number(stored.lowMicroUsd)).toBeLessThanOrEqual(Number(stored.meanMicroUsd));
      expect(Number(stored.highMicroUsd)).toBeGreaterThanOrEqual(Number(stored.meanMicroUsd));
    }
    // An application with no cost yet cannot be forecast: remembered for a day (not asked every sync), and it keeps the model's projection (none, without cost).
    expect(result.gaps).toEqual([]);
    expect(await t.db.costForecast.findFirstOrThrow({ where: { applicationId: ghost.id } })).toMatchObject({ meanMicroUsd: null, error: expect.stringContaining("too little history") });
    expect((await getApplicationForecast(t.db, ghost.id, TODAY)).forecast).toBeNull();

    // The month's projection: the cost so far plus the forecast.
    const stored = await t.db.costForecast.findUniqueOrThrow({ where: { applicationId_month: { applicationId: apps.shop, month: TODAY.slice(0, 7) } } });
    const soFar = await t.db.costDay.aggregate({ where: { applicationId: apps.shop, day: { gte: `${TODAY.slice(0, 7)}-01`, lt: TODAY } }, _sum: { costMicroUsd: true } });
    const { forecast } = await getApplicationForecast(t.db, apps.shop, TODAY);
    expect(forecast).toMatchObject({ by: "cost-explorer", toDateMicroUsd: Number(soFar._sum.costMicroUsd ?? 0), projectedMicroUsd: Number(soFar._sum.costMicroUsd ?? 0) + Number(stored.meanMicroUsd), daysLeft: Number(left) });

    // Read again an hour later: not asked again (once a day, $0.01 an application).
    stub.reset();
    await sync(new Date(NOW.getTime() + 3_600_000));
    expect(stub.of("ce:GetCostForecast")).toHaveLength(0);
  });

  it("says when the forecast is denied, keeps the model's projection, and asks again at the next sync", async () => {
    stub.faults.push({ api: "ce:GetCostForecast", fault: { kind: "denied" } });
    const result = await sync();
    expect(result.gaps).toEqual(expect.arrayContaining([{ part: "forecast", reason: expect.stringMatching(/^Forecast of \d+: AccessDeniedException: .*ce:GetCostForecast/) }]));
    expect(await t.db.costForecast.count()).toBe(0);
    expect((await getApplicationForecast(t.db, apps.shop, TODAY)).forecast?.by ?? "model").toBe("model");
    stub.faults.length = 0;
    stub.reset();
    await sync(new Date(NOW.getTime() + 60_000));
    expect(stub.of("ce:GetCostForecast")).toHaveLength(3);
  });

  it("keeps each EC2 instance's cost of the last 14 days where the account enabled resource-level data, and says why not where it has not", async () => {
    account.resourceLevel = false;
    expect((await sync()).gaps).toEqual([]);
    expect((await t.db.cloudAccount.findUniqueOrThrow({ where: { id: accountId } })).resourceCostNote).toMatch(/has not enabled Cost Explorer's resource-level data .*DataUnavailableException/);
    expect(await t.db.resourceCostDay.count()).toBe(0);

    account.resourceLevel = true;
    try {
      stub.reset();
      // A cost day read again (another cost metric is not needed: a new sync reads cost when a day is missing).
      await t.db.syncDay.deleteMany({ where: { day: addDays(TODAY, -1) } });
      await sync(new Date(NOW.getTime() + 60_000));
      const [call] = stub.of("ce:GetCostAndUsageWithResources");
      expect(call?.input).toMatchObject({ TimePeriod: { Start: addDays(TODAY, -14), End: TODAY }, Granularity: "DAILY", GroupBy: [{ Type: "DIMENSION", Key: "RESOURCE_ID" }] });
      expect(JSON.stringify(call?.input.Filter)).toContain('"Key":"SERVICE","Values":["Amazon Elastic Compute Cloud - Compute"]');
      const bastion = SPECS.find((s) => s.arn.endsWith("i-0bastion"))!;
      const stored = await t.db.resourceCostDay.findMany({ where: { resource: { arn: bastion.arn } }, orderBy: { day: "asc" } });
      // Every day the stub has cost for within the 14 days, at the instance's own amount.
      const days = costDays.filter((d) => d >= addDays(TODAY, -14));
      expect(stored.map((r) => [r.day, Number(r.costMicroUsd)])).toEqual(days.map((d) => [d, unitsToMicro(toUnits(bastion.amount(account.dayIndex(d))))]));
      // Only EC2 instances have it: nothing else got a figure.
      expect(await t.db.resourceCostDay.count({ where: { resource: { arn: { not: bastion.arn } } } })).toBe(0);
      expect((await t.db.cloudAccount.findUniqueOrThrow({ where: { id: accountId } })).resourceCostNote).toBeNull();
    } finally {
      account.resourceLevel = false;
    }
  });

  it("proves the lines add up to Cost Explorer's ungrouped total, every day", async () => {
    const result = await sync();
    // Today too: Cost Explorer answers it, with nothing yet.
    expect(result.stats).toMatchObject({ reconciledDays: DAYS + 1, mismatchedDays: 0 });
    for (const day of costDays) {
      const status = await t.db.syncDay.findUniqueOrThrow({ where: { accountId_day: { accountId, day } } });
      const expected = [...expectedCost(day).values()].reduce((a, b) => a + b, 0);
      expect(Number(status.linesMicroUsd)).toBe(expected);
      expect(Math.abs(Number(status.totalMicroUsd) - expected)).toBeLessThan(10); // the total is one rounding, the lines several
    }
  });

  it("makes exactly the Cost Explorer calls the plan needs: one query per rule key and one per breakdown (AWS service, region, account) under it, one for the unallocated line, one for the total, every page counted", async () => {
    await sync();
    const ce = stub.of("ce:GetCostAndUsage");
    const queries = ce.filter((c) => !c.input.NextPageToken);
    expect(queries.map((c) => (c.input.GroupBy as { Key: string }[] | undefined)?.map((g) => g.Key).join("+") ?? "ungrouped")).toEqual(
      ["team", "app", "awsApplication"].flatMap((key) => [`${key}+service`, `${key}+SERVICE`, `${key}+REGION`, `${key}+LINKED_ACCOUNT`, `${key}+cell`]).concat(["ungrouped", "ungrouped"]),
    );
    // Each query repeats itself page after page; the awsApplication one needs more than one page of 25 groups.
    expect(ce.length).toBeGreaterThan(queries.length);
    const run = await t.db.syncRun.findFirstOrThrow({ where: { trigger: "test" } });
    expect(run.apiUsage).toEqual(expect.arrayContaining([expect.objectContaining({ api: "ce:GetCostAndUsage", calls: ce.length, costMicroUsd: ce.length * 10_000, failed: 0 })]));
    // The filters: each rule's query leaves out what an earlier rule matched; no rule's tags reach the unallocated line.
    const shopQuery = queries[10]!.input.Filter as { And: unknown[] };
    expect(JSON.stringify(shopQuery)).toContain('"Not":{"Or":[{"Tags":{"Key":"team","Values":["platform"]');
    expect(JSON.stringify(queries[15]!.input.Filter)).toContain('"RECORD_TYPE","Values":["Credit","Refund"]');
  });

  it("keeps each application's cost by AWS service, region, account, cell and each explored tag, every one adding up to the application's cost every day", async () => {
    await t.db.cloudAccount.update({ where: { id: accountId }, data: { exploredTagKeys: JSON.stringify(["team"]) } });
    await sync();
    const lines = await t.db.costDay.groupBy({ by: ["applicationId", "day"], where: { applicationId: { not: null } }, _sum: { costMicroUsd: true } });
    for (const dimension of ["awsService", "region", "account", "cell", "tag:team"]) {
      const byValue = await t.db.costBreakdownDay.groupBy({ by: ["applicationId", "day"], where: { dimension }, _sum: { costMicroUsd: true } });
      expect(byValue.length, dimension).toBe(lines.length);
      for (const l of lines) {
        const b = byValue.find((x) => x.applicationId === l.applicationId && x.day === l.day);
        // Each line is rounded by Cost Explorer on its own: a few micro-dollars apart at most.
        expect(Math.abs(Number(b?._sum.costMicroUsd ?? 0) - Number(l._sum.costMicroUsd ?? 0)), `${dimension} ${l.applicationId} ${l.day}`).toBeLessThan(20);
      }
    }
    const values = async (dimension: string) => (await t.db.costBreakdownDay.findMany({ where: { dimension }, distinct: ["value"], select: { value: true }, orderBy: { value: "asc" } })).map((n) => n.value);
    expect((await values("awsService")).length).toBeGreaterThan(1);
    expect(await values("region")).toEqual([REGION]);
    expect(await values("account")).toEqual([ACCOUNT_ID]);
    // Resources without the tag are one value, '' (Cost Explorer's "cell$").
    expect(await values("cell")).toEqual(["", "cell-a", "cell-b"]);
    expect(await values("tag:team")).toEqual(["", "platform"]);
    // The breakdowns are read under the same filter as the lines: the tag's queries asked Cost Explorer by rule key and tag; the team rule's own by the rule key alone.
    const groupings = stub.of("ce:GetCostAndUsage").filter((c) => !c.input.NextPageToken).map((c) => (c.input.GroupBy as { Key: string }[] | undefined)?.map((g) => g.Key).join("+"));
    expect(groupings).toEqual(expect.arrayContaining(["awsApplication+team", "app+team", "team"]));

    // Explored no more: the next read of each day leaves the tag's rows out.
    await t.db.cloudAccount.update({ where: { id: accountId }, data: { exploredTagKeys: "[]" } });
    await sync();
    expect(await t.db.costBreakdownDay.count({ where: { dimension: "tag:team" } })).toBe(0);
  });

  it("counts each service's requests at its front door, with errors the ALB does not report when zero, and throttles wherever they happen", async () => {
    await sync();
    const service = async (name: string) => t.db.service.findFirstOrThrow({ where: { name } });
    const day = addDays(TODAY, -3);
    const i = account.dayIndex(day);
    const traffic = async (name: string) => t.db.serviceDay.findUniqueOrThrow({ where: { serviceId_day: { serviceId: (await service(name)).id, day } } });
    // Two target groups (two cells), not the Lambda behind them (999,999 invocations would be wrong).
    expect(await traffic("web")).toMatchObject({ requestCount: BigInt(requests("web-a", i) + requests("web-b", i)), count4xx: BigInt(2 * web4xx()), count5xx: BigInt(2 * (web5xx(i) ?? 0)), throttleCount: 4n, latencyP99Ms: 250 });
    expect(await traffic("api")).toMatchObject({ requestCount: 5_000n, count4xx: 12n, count5xx: 3n, throttleCount: 5n, latencyP99Ms: 120 });
    expect(await traffic("worker")).toMatchObject({ requestCount: BigInt(requests("worker", i)), count5xx: 2n, throttleCount: BigInt(i % 2 ? 1 : 0) });
    expect(await traffic("auth")).toMatchObject({ requestCount: 7_000n });
    // Only what the rollups use is asked for: no request count of the Lambda behind the load balancer.
    const asked = stub.of("cloudwatch:GetMetricData").flatMap((c) => c.input.MetricDataQueries as { MetricStat?: { Metric: { MetricName: string; Dimensions: { Value: string }[] } } }[]);
    expect(asked.some((q) => q.MetricStat?.Metric.MetricName === "Invocations" && q.MetricStat.Metric.Dimensions[0]?.Value === "web-render")).toBe(false);
    expect(asked.filter((q) => q.MetricStat?.Metric.MetricName === "HTTPCode_Target_5XX_Count")).toHaveLength(2);
  });

  it("splits the web service's cost over its operations by busy time (Application Signals)", async () => {
    await sync();
    const web = await t.db.service.findFirstOrThrow({ where: { name: "web" } });
    const ops = await t.db.serviceOperationDay.findMany({ where: { serviceId: web.id, day: addDays(TODAY, -3) }, orderBy: { operation: "asc" } });
    expect(ops.map((o) => [o.operation, Number(o.requestCount), Number(o.faultCount), Number(o.errorCount), o.latencyAvgMs])).toEqual([
      ["GET /", 6000, 2, 10, 40],
      ["POST /cart", 4000, 1, 3, 120],
    ]);
  });
});

describe("overload samples from CloudWatch", () => {
  const periodsAsked = () => new Set(stub.of("cloudwatch:GetMetricData").flatMap((c) => (c.input.MetricDataQueries as { MetricStat?: { Period: number } }[]).flatMap((q) => (q.MetricStat ? [q.MetricStat.Period] : []))));
  const signals = async (now: Date) => runSignals(t.db, await sourceFor(t.db, accountId), accountId, { now, fiveMinute: "when-needed" });

  it("stores each service's 1- and 5-minute samples per cell, from the metrics the demo's signals use, and finds the failing cell", async () => {
    await sync();
    stub.reset();
    await signals(NOW);
    // The first run has no stored samples to extend: both resolutions.
    expect(periodsAsked()).toEqual(new Set([60, 300]));
    const id = async (name: string) => (await t.db.service.findFirstOrThrow({ where: { name } })).id;
    const latest = async (name: string, cell: string, periodSeconds: number) =>
      t.db.metricSample.findFirstOrThrow({ where: { serviceId: await id(name), cell, periodSeconds }, orderBy: { ts: "desc" } });
    const a = RECENT["web-a"];
    const b = RECENT["web-b"];
    expect(await latest("web", "cell-a", 60)).toMatchObject({ requests: a.requests, count4xx: a.count4xx, count5xx: 0, retries: a.retries, latencyP50Ms: a.p50 * 1000, latencyP99Ms: a.p99 * 1000 });
    // No 4XX datapoint at all in cell-b: zero, not unknown.
    expect(await latest("web", "cell-b", 60)).toMatchObject({ requests: b.requests, count4xx: 0, count5xx: b.count5xx, latencyP99Ms: b.p99 * 1000 });
    expect(await latest("web", "cell-b", 300)).toMatchObject({ requests: 5 * b.requests, count5xx: 5 * b.count5xx });
    const q = RECENT.orders;
    expect(await latest("worker", "", 60)).toMatchObject({ requests: RECENT.worker.invocations, throttles: RECENT.worker.throttles, queueAgeSeconds: q.ageSeconds, queueDepth: q.visible, queueSent: q.sent, queueDeleted: q.deleted });

    const state = await overloadState(t.db, apps.shop, NOW, { fresh: true });
    const errors = (cell: string) => state.signals.find((s) => s.kind === "errors" && s.service === "web" && s.cell === cell);
    expect(errors("cell-b")).toMatchObject({ state: "overloaded", reason: expect.stringMatching(/5XX/) });
    expect(errors("cell-a")?.state).toBe("ok");
  });

  it("reads the 5-minute samples again only when the stored ones have a hole: each read bills every metric", async () => {
    await sync();
    await signals(NOW);
    stub.reset();
    await signals(new Date(NOW.getTime() + 5 * 60_000));
    expect(periodsAsked()).toEqual(new Set([60]));
    // Four hours without a run: the 1-minute samples no longer reach back to the last ones stored.
    stub.reset();
    await signals(new Date(NOW.getTime() + 4 * 3_600_000 + 5 * 60_000));
    expect(periodsAsked()).toEqual(new Set([60, 300]));
  });
});
