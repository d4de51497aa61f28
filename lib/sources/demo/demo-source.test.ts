import { describe, expect, it } from "vitest";
import { addDays, dayOfWeek, eachDay, toDay } from "../../domain/day";
import { classify, orderRules, type TagRule } from "../../domain/tag-rules";
import { listAllResources, readAllCost, readAllSeries } from "../collect";
import type { SourceResource } from "../types";
import { DEMO_APPLICATIONS, DEMO_BUSINESS_METRICS, DEMO_NAMESPACE } from "./catalog";
import { DemoSource } from "./demo-source";

const NOW = new Date("2026-11-26T14:00:00Z");
const TODAY = toDay(NOW);
const source = (seed = 42, now = NOW) => new DemoSource({ seed, now: () => now });
const rules: TagRule[] = orderRules(DEMO_APPLICATIONS.map((a, i) => ({ applicationId: i + 1, position: i, key: a.rule.key, value: a.rule.value })));
const keys = { serviceTagKey: "service", cellTagKey: "cell" };
const HOUR = 3_600_000;

const seriesOf = async (demo: DemoSource, resources: SourceResource[], start: Date, end: Date, periodSeconds: number) => (await readAllSeries(demo, resources, { start, end, periodSeconds })).series;

async function metric(demo: DemoSource, resources: SourceResource[], kind: string, start: Date, end: Date, periodSeconds: number) {
  const series = await seriesOf(demo, resources, start, end, periodSeconds);
  return series.filter((s) => s.metric === kind).flatMap((s) => s.points).reduce((a, p) => a + p.value, 0);
}

/** Cost grouped by the service tag only, as the old single query did. */
const costLines = (demo: DemoSource, from: string, to: string, keys: string[] = ["service"]) => demo.costLines({ from, to }, keys);
const listResources = async (demo: DemoSource) => (await listAllResources(demo)).resources;

async function costOf(demo: DemoSource, day: string, service: string) {
  return costLines(demo, day, day)
    .filter((l) => l.tags.service === service)
    .reduce((a, l) => a + l.costMicroUsd, 0);
}

describe("demo account: shape", () => {
  it("has the three applications, eleven services in three cells, and resources no rule selects", async () => {
    const resources = await listResources(source());
    const classified = resources.map((r) => ({ r, c: classify(r.tags, rules, keys) }));
    const apps = new Set(classified.map(({ c }) => c.applicationId).filter((id) => id !== null));
    const services = new Set(classified.filter(({ c }) => c.service).map(({ c }) => `${c.applicationId}/${c.service}`));
    const cells = new Set(classified.map(({ c }) => c.cell).filter(Boolean));
    expect(apps.size).toBe(3);
    expect(services.size).toBe(11);
    expect([...cells].sort()).toEqual(["cell-a", "cell-b", "cell-c"]);
    expect(classified.filter(({ c }) => c.applicationId === null).map(({ r }) => r.name).sort()).toEqual(["bastion", "legacy-exports", "ml-experiments", "nat-shared"]);
    for (const appId of apps) {
      expect(classified.some(({ c }) => c.applicationId === appId && c.service === null), `application ${appId} has a shared resource`).toBe(true);
    }
  });

  it("tags storefront with myApplications' awsApplication ARN", async () => {
    const web = (await listResources(source())).find((r) => r.tags.service === "web");
    expect(web?.tags.awsApplication).toMatch(/^arn:aws:resource-groups:us-east-1:123456789012:group\/storefront\//);
  });
});

describe("demo account: deterministic and anchored to now", () => {
  it("gives the same numbers for the same seed, and others for another seed", async () => {
    const read = (demo: DemoSource) => costLines(demo, "2026-10-01", TODAY, ["awsApplication", "service"]);
    expect(read(source())).toEqual(read(source()));
    expect(read(source(7))).not.toEqual(read(source()));
  });

  it("has cost up to yesterday only, the last two days estimated", async () => {
    const lines = costLines(source(), addDays(TODAY, -89), TODAY);
    const days = [...new Set(lines.map((l) => l.day))].sort();
    expect(days).toEqual(eachDay(addDays(TODAY, -89), addDays(TODAY, -1)));
    expect([...new Set(lines.filter((l) => l.estimated).map((l) => l.day))].sort()).toEqual([addDays(TODAY, -2), addDays(TODAY, -1)]);
  });

  it("moves with the clock: anchored to another day, it ends the day before that one", async () => {
    const later = source(42, new Date("2027-03-10T08:00:00Z"));
    const lines = costLines(later, "2027-03-01", "2027-03-10");
    expect(lines.map((l) => l.day).sort().at(-1)).toBe("2027-03-09");
  });

  it("gives a day the same cost whatever range it is asked in", async () => {
    const alone = await costOf(source(), "2026-10-15", "web");
    const lines = costLines(source(), "2026-10-01", "2026-10-31");
    expect(lines.filter((l) => l.day === "2026-10-15" && l.tags.service === "web").reduce((a, l) => a + l.costMicroUsd, 0)).toBe(alone);
  });

  it("has no data in the future", async () => {
    const demo = source();
    const resources = (await listResources(demo)).filter((r) => r.tags.service === "web");
    const series = await seriesOf(demo, resources, new Date(NOW.getTime() - HOUR), new Date(NOW.getTime() + 5 * HOUR), 300);
    expect(series.every((s) => s.points.every((p) => p.ts < NOW))).toBe(true);
  });
});

describe("demo account: traffic", () => {
  const requestsOn = async (day: string, service: string) => {
    const demo = source();
    const resources = (await listResources(demo)).filter((r) => r.tags.service === service && r.type === "elasticloadbalancing:targetgroup");
    return metric(demo, resources, "requests", new Date(`${day}T00:00:00Z`), new Date(`${addDays(day, 1)}T00:00:00Z`), 86_400);
  };

  it("is busier at the weekend for the shop", async () => {
    const saturday = eachDay("2026-11-08", "2026-11-14").find((d) => dayOfWeek(d) === 6) as string;
    const tuesday = eachDay("2026-11-08", "2026-11-14").find((d) => dayOfWeek(d) === 2) as string;
    expect(await requestsOn(saturday, "web")).toBeGreaterThan((await requestsOn(tuesday, "web")) * 1.15);
  });

  it("grows over the 90 days", async () => {
    expect(await requestsOn(addDays(TODAY, -7), "web")).toBeGreaterThan((await requestsOn(addDays(TODAY, -91), "web")) * 1.15);
  });

  it("is quieter at night than in the afternoon", async () => {
    const demo = source();
    const resources = (await listResources(demo)).filter((r) => r.tags.service === "web" && r.type === "elasticloadbalancing:targetgroup");
    const night = await metric(demo, resources, "requests", new Date("2026-11-20T03:00:00Z"), new Date("2026-11-20T04:00:00Z"), 3600);
    const afternoon = await metric(demo, resources, "requests", new Date("2026-11-20T15:00:00Z"), new Date("2026-11-20T16:00:00Z"), 3600);
    expect(afternoon).toBeGreaterThan(night * 3);
  });
});

describe("demo account: scenarios", () => {
  it("recommendations' cost per request creeps up over the last weeks; checkout's does not", async () => {
    const demo = source();
    const perRequest = async (service: string, day: string) => {
      const resources = (await listResources(demo)).filter((r) => r.tags.service === service && (r.type === "lambda:function" || r.type === "elasticloadbalancing:targetgroup"));
      const requests = await metric(demo, resources, "requests", new Date(`${day}T00:00:00Z`), new Date(`${addDays(day, 1)}T00:00:00Z`), 86_400);
      return (await costOf(demo, day, service)) / requests;
    };
    const yesterday = addDays(TODAY, -1);
    const monthAgo = addDays(TODAY, -30);
    expect((await perRequest("recommendations", yesterday)) / (await perRequest("recommendations", monthAgo))).toBeGreaterThan(1.6);
    expect((await perRequest("checkout", yesterday)) / (await perRequest("checkout", monthAgo))).toBeLessThan(1.15);
  });

  it("has an overload in cell-b in the last hours: 5XX up and the orders queue's age climbing", async () => {
    const demo = source();
    const all = await listResources(demo);
    const start = new Date(NOW.getTime() - 3 * HOUR);
    const errorRate = async (cell: string) => {
      const tg = all.filter((r) => r.tags.service === "checkout" && r.tags.cell === cell && r.type === "elasticloadbalancing:targetgroup");
      return (await metric(demo, tg, "count5xx", start, NOW, 300)) / (await metric(demo, tg, "requests", start, NOW, 300));
    };
    expect(await errorRate("cell-b")).toBeGreaterThan(0.05);
    expect(await errorRate("cell-a")).toBeLessThan(0.005);
    expect(await errorRate("cell-c")).toBeLessThan(0.005);

    const queue = (cell: string) => all.filter((r) => r.type === "sqs:queue" && r.tags.cell === cell);
    const ages = async (cell: string) =>
      (await seriesOf(demo, queue(cell), start, NOW, 300)).find((s) => s.metric === "queueAgeSeconds")?.points.map((p) => p.value) ?? [];
    const cellB = await ages("cell-b");
    expect(cellB.at(-1)).toBeGreaterThan(3 * 3600);
    expect(cellB.at(-1)).toBeGreaterThan(cellB[0] as number);
    expect(Math.max(...(await ages("cell-a")))).toBeLessThan(120);
  });

  it("was calm in cell-b the day before", async () => {
    const demo = source();
    const tg = (await listResources(demo)).filter((r) => r.tags.service === "checkout" && r.tags.cell === "cell-b" && r.type === "elasticloadbalancing:targetgroup");
    const day = addDays(TODAY, -2);
    const start = new Date(`${day}T00:00:00Z`);
    const end = new Date(`${addDays(day, 1)}T00:00:00Z`);
    expect((await metric(demo, tg, "count5xx", start, end, 86_400)) / (await metric(demo, tg, "requests", start, end, 86_400))).toBeLessThan(0.002);
  });
});

describe("demo account: business metrics", () => {
  it("publishes orders, active users and revenue that move together", async () => {
    const demo = source();
    const day = addDays(TODAY, -3);
    const query = { start: new Date(`${day}T00:00:00Z`), end: new Date(`${addDays(day, 1)}T00:00:00Z`), periodSeconds: 86_400 };
    const read = async (metricName: string) => (await demo.getCustomMetric({ namespace: DEMO_NAMESPACE, metricName, dimensions: [], stat: "Sum" }, query))[0]?.value ?? 0;
    const orders = await read("OrdersPlaced");
    expect(orders).toBeGreaterThan(1_000);
    expect(orders).toBeLessThan(20_000);
    expect((await read("RevenueUSD")) / orders).toBeGreaterThan(55);
    expect((await read("RevenueUSD")) / orders).toBeLessThan(70);
    expect(await read("ActiveUsers")).toBeGreaterThan(orders);
    expect(DEMO_BUSINESS_METRICS.map((m) => m.name)).toEqual(expect.arrayContaining(["orders", "active_users", "revenue_usd"]));
  });

  it("returns nothing for metrics it does not publish", async () => {
    const points = await source().getCustomMetric({ namespace: "Other", metricName: "OrdersPlaced", dimensions: [], stat: "Sum" }, { start: new Date("2026-11-01"), end: new Date("2026-11-02"), periodSeconds: 86_400 });
    expect(points).toEqual([]);
  });
});

describe("demo account: as a source", () => {
  it("answers the cost of a day once in lines and once as a total, and they agree", async () => {
    const { lines, totals, gaps } = await readAllCost(source(), { ranges: [{ from: addDays(TODAY, -3), to: addDays(TODAY, -1) }], rules, serviceTagKey: "service", cellTagKey: "cell", exploredTagKeys: [] });
    expect(gaps).toEqual([]);
    expect(totals.map((t) => t.day)).toEqual([addDays(TODAY, -3), addDays(TODAY, -2), addDays(TODAY, -1)]);
    for (const total of totals) expect(lines.filter((l) => l.day === total.day).reduce((a, l) => a + l.costMicroUsd, 0)).toBe(total.costMicroUsd);
  });

  it("breaks each day's cost down by AWS service, region, account, cell and an explored tag, each adding up to the lines under the same tags", async () => {
    const { lines, breakdownLines } = await readAllCost(source(), { ranges: [{ from: addDays(TODAY, -3), to: addDays(TODAY, -1) }], rules, serviceTagKey: "service", cellTagKey: "cell", exploredTagKeys: ["cost-center"] });
    const sums = (list: readonly { day: string; tags: Record<string, string>; costMicroUsd: number }[]) => {
      const m = new Map<string, number>();
      for (const l of list) m.set(`${l.day} ${JSON.stringify(l.tags)}`, (m.get(`${l.day} ${JSON.stringify(l.tags)}`) ?? 0) + l.costMicroUsd);
      return m;
    };
    const expected = sums(lines);
    for (const dimension of ["awsService", "region", "account", "cell", "tag:cost-center"]) {
      const of = breakdownLines.filter((l) => l.dimension === dimension);
      const got = sums(of);
      expect([...got.keys()].sort(), dimension).toEqual([...expected.keys()].filter((k) => expected.get(k) !== 0).sort());
      // Each line is rounded to the micro-dollar on its own.
      for (const [k, v] of got) expect(Math.abs(v - (expected.get(k) ?? 0)), `${dimension} ${k}`).toBeLessThanOrEqual(of.filter((l) => `${l.day} ${JSON.stringify(l.tags)}` === k).length);
    }
    const values = (dimension: string) => [...new Set(breakdownLines.filter((l) => l.dimension === dimension).map((l) => l.value))].sort();
    // Cell C runs in us-west-2; the platform's log bucket is billed to the log-archive account.
    expect(values("region")).toEqual(["us-east-1", "us-west-2"]);
    expect(values("account")).toEqual(["123456789012", "210987654321"]);
    expect(values("tag:cost-center")).toEqual(["", "commerce", "discovery", "operations", "payments", "platform"]);
    expect(values("cell")).toEqual(["", "cell-a", "cell-b", "cell-c"]);
  });

  it("says what the same reads would cost on AWS", async () => {
    const demo = source();
    await readAllCost(demo, { ranges: [{ from: addDays(TODAY, -3), to: addDays(TODAY, -1) }], rules, serviceTagKey: "service", cellTagKey: "cell", exploredTagKeys: ["cost-center"] });
    const usage = demo.usage();
    // The lines, the breakdowns by AWS service, region, account, cell and the explored tag, and the total.
    expect(usage.byApi.find((u) => u.api === "ce:GetCostAndUsage")).toMatchObject({ calls: 7, costMicroUsd: 70_000 });
    expect(usage.apiCostMicroUsd).toBe(70_000);
  });
});
