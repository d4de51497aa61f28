import { describe, expect, it } from "vitest";
import type { MetricKind, ResourceSeries } from "./metrics";
import { rollupServiceDays, type RollupResource } from "./rollup";

const D1 = "2026-11-24";
const D2 = "2026-11-25";
const at = (day: string, hour = 0) => new Date(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);
const series = (arn: string, metric: MetricKind, points: [Date, number][]): ResourceSeries => ({ arn, metric, points: points.map(([ts, value]) => ({ ts, value })) });

const tgA: RollupResource = { arn: "tg-a", type: "elasticloadbalancing:targetgroup", serviceKey: "1/web" };
const tgB: RollupResource = { arn: "tg-b", type: "elasticloadbalancing:targetgroup", serviceKey: "1/web" };
const fn: RollupResource = { arn: "fn", type: "lambda:function", serviceKey: "1/web" };
const table: RollupResource = { arn: "table", type: "dynamodb:table", serviceKey: "1/web" };

describe("rollupServiceDays", () => {
  it("counts requests where they enter: the load balancer, not the Lambda behind it", () => {
    const result = rollupServiceDays(
      [tgA, fn],
      [series("tg-a", "requests", [[at(D1), 1000]]), series("fn", "requests", [[at(D1), 990]]), series("fn", "count5xx", [[at(D1), 40]])],
    );
    expect(result.get("1/web")?.get(D1)).toMatchObject({ requestCount: 1000, count5xx: 0 });
  });

  it("falls back to Lambda when the service has no load balancer or API", () => {
    const result = rollupServiceDays([fn, table], [series("fn", "requests", [[at(D1), 300]]), series("fn", "count5xx", [[at(D1), 3]])]);
    expect(result.get("1/web")?.get(D1)).toMatchObject({ requestCount: 300, count5xx: 3 });
  });

  it("counts a queue consumer's requests as the messages it deleted", () => {
    const queue: RollupResource = { arn: "q", type: "sqs:queue", serviceKey: "2/worker" };
    const result = rollupServiceDays([queue], [series("q", "queueSent", [[at(D1), 500]]), series("q", "queueDeleted", [[at(D1), 480]])]);
    expect(result.get("2/worker")?.get(D1)?.requestCount).toBe(480);
  });

  it("sums cells and periods into days", () => {
    const result = rollupServiceDays(
      [tgA, tgB],
      [
        series("tg-a", "requests", [[at(D1, 0), 100], [at(D1, 23), 50], [at(D2, 0), 70]]),
        series("tg-b", "requests", [[at(D1, 12), 25]]),
        series("tg-a", "count4xx", [[at(D1, 1), 7]]),
        series("tg-b", "count4xx", [[at(D1, 2), 3]]),
      ],
    );
    expect(result.get("1/web")?.get(D1)).toMatchObject({ requestCount: 175, count4xx: 10 });
    expect(result.get("1/web")?.get(D2)).toMatchObject({ requestCount: 70, count4xx: 0 });
  });

  it("weights p99 latency by the requests behind it", () => {
    const result = rollupServiceDays(
      [tgA, tgB],
      [
        series("tg-a", "requests", [[at(D1), 900]]),
        series("tg-a", "latencyP99Ms", [[at(D1), 100]]),
        series("tg-b", "requests", [[at(D1), 100]]),
        series("tg-b", "latencyP99Ms", [[at(D1), 1000]]),
      ],
    );
    expect(result.get("1/web")?.get(D1)?.latencyP99Ms).toBeCloseTo(190, 6);
  });

  it("leaves latency empty when there was no traffic to weigh it by", () => {
    const result = rollupServiceDays([tgA], [series("tg-a", "requests", [[at(D1), 0]]), series("tg-a", "latencyP99Ms", [[at(D1), 250]])]);
    expect(result.get("1/web")?.get(D1)?.latencyP99Ms).toBeNull();
  });

  it("sums throttles from every resource of the service, counted or not", () => {
    const result = rollupServiceDays(
      [tgA, fn, table],
      [series("tg-a", "requests", [[at(D1), 10]]), series("fn", "throttles", [[at(D1), 2]]), series("table", "throttles", [[at(D1), 5]])],
    );
    expect(result.get("1/web")?.get(D1)?.throttleCount).toBe(7);
  });

  it("skips shared and unallocated resources", () => {
    const alb: RollupResource = { arn: "alb", type: "elasticloadbalancing:targetgroup", serviceKey: null };
    const result = rollupServiceDays([alb], [series("alb", "requests", [[at(D1), 5000]])]);
    expect(result.size).toBe(0);
  });
});
