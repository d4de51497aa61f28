// A large synthetic account for the benchmark: `services` services in ten
// applications (found by their awsApplication tags), each with a load balancer
// target group (its front door: requests, 4XX, 5XX, p99), a Lambda function
// (throttles) and eight resources that only cost money, so that 1,000 services are
// 10,000 resources and 5,000 metric series. Values are cheap hashes: nothing is
// held per day, whatever the size.
import { addDay, hash, type StubAccount, type StubLineItem, type StubMetric, type StubResource } from "./model";

export const LARGE_ACCOUNT_ID = "999988887777";
export const LARGE_REGION = "us-east-1";

export function largeAccount({ services, days, today }: { services: number; days: number; today: string }): StubAccount & { frontDoors: number } {
  const apps = Array.from({ length: 10 }, (_, a) => `arn:aws:resource-groups:${LARGE_REGION}:${LARGE_ACCOUNT_ID}:group/App${a}/${(a * 7919).toString(16)}`);
  const resources: StubResource[] = [];
  const costOf: { tags: Record<string, string>; service: string; base: number }[] = [];
  const lbOf = new Map<string, string>();
  for (let s = 0; s < services; s++) {
    const tags = { awsApplication: apps[s % apps.length] as string, service: `svc-${s}`, cell: s % 2 ? "cell-b" : "cell-a" };
    const tg = `targetgroup/svc-${s}/${(s * 104729).toString(16).padStart(16, "0")}`;
    lbOf.set(tg, `app/lb-${s % 20}/${(s % 20).toString(16).padStart(16, "0")}`);
    const own = [
      { arn: `arn:aws:elasticloadbalancing:${LARGE_REGION}:${LARGE_ACCOUNT_ID}:${tg}`, service: "Elastic Load Balancing" },
      { arn: `arn:aws:lambda:${LARGE_REGION}:${LARGE_ACCOUNT_ID}:function:svc-${s}-worker`, service: "AWS Lambda" },
      ...Array.from({ length: 8 }, (_, k) => ({ arn: `arn:aws:ecs:${LARGE_REGION}:${LARGE_ACCOUNT_ID}:service/cluster-${s % 50}/svc-${s}-part-${k}`, service: "Amazon Elastic Container Service" })),
    ];
    for (const r of own) {
      resources.push({ arn: r.arn, region: LARGE_REGION, tags });
      costOf.push({ tags, service: r.service, base: 0.5 + hash(r.arn) * 20 });
    }
  }
  const costFrom = addDay(today, -days);
  return {
    accountId: LARGE_ACCOUNT_ID,
    frontDoors: services,
    resources,
    costFrom,
    costTo: addDay(today, -1),
    estimatedFrom: addDay(today, -2),
    lineItems(day: string): StubLineItem[] {
      const f = 1 + hash(day) * 0.1;
      const items: StubLineItem[] = costOf.map((c) => ({ tags: c.tags, service: c.service, recordType: "Usage", region: LARGE_REGION, amount: (c.base * f).toFixed(10) }));
      items.push({ tags: {}, service: "EC2 - Other", recordType: "Usage", region: LARGE_REGION, amount: "123.4567890123" });
      return items;
    },
    metrics: function* (region: string): Iterable<StubMetric> {
      if (region !== LARGE_REGION) return;
      for (const [tg, lb] of lbOf) yield { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: { TargetGroup: tg, LoadBalancer: lb } };
    },
    value(metric, stat, periodStart, _periodSeconds, region) {
      if (region !== LARGE_REGION) return null;
      const key = `${metric.metricName}|${Object.values(metric.dimensions).join("|")}|${periodStart}`;
      switch (metric.metricName) {
        case "RequestCount":
          return Math.round(1_000 + hash(key) * 100_000);
        case "HTTPCode_Target_5XX_Count":
          return hash(key) < 0.7 ? null : Math.round(hash(key, 5) * 50);
        case "HTTPCode_Target_4XX_Count":
          return Math.round(hash(key, 4) * 500);
        case "TargetResponseTime":
          return stat === "p99" ? 0.05 + hash(key) : null;
        case "Throttles":
          return hash(key) < 0.9 ? null : 1;
        default:
          return null;
      }
    },
  };
}
