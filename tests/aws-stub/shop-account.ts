// A small synthetic AWS account whose every number the tests know: a shop found by
// its myApplications tag, a platform team and a billing app found by tag rules, a
// resource carrying two applications' tags (the first rule must win, and its cost
// be counted once), shared and never-tagged cost, credits, tax, and the metrics of
// each front door (with ALB error counts that CloudWatch does not report when zero).
import { addDay, eachDay, type StubAccount, type StubLineItem, type StubMetric, type StubResource } from "./model";

export const ACCOUNT_ID = "111122223333";
export const REGION = "eu-west-1";
export const SHOP_ARN = `arn:aws:resource-groups:${REGION}:${ACCOUNT_ID}:group/Shop/0a1b2c3d4e5f`;

/** Where each resource's cost must land: application (by the rule the test sets up) and service; null: unallocated. */
export interface Expected {
  app: "shop" | "platform" | "billing" | null;
  service: string | null;
}

interface Spec {
  arn: string;
  tags: Record<string, string>;
  /** Listed by the Tagging API (a never-tagged resource is not). */
  listed: boolean;
  service: string;
  /** Dollars a day, exact decimals. */
  amount: (dayIndex: number) => string;
  expected: Expected;
}

const tg = (name: string, id: string) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:targetgroup/${name}/${id}`;
const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;
const shop = (service?: string, cell?: string) => ({ awsApplication: SHOP_ARN, ...(service ? { service } : {}), ...(cell ? { cell } : {}) });
const dec = (base: number, i: number, step: number) => (base + i * step).toFixed(10);

export const SPECS: Spec[] = [
  { arn: tg("web-a", "6d0ecf831eec9f09"), tags: shop("web", "cell-a"), listed: true, service: "Elastic Load Balancing", amount: (i) => dec(3.1234567891, i, 0.01), expected: { app: "shop", service: "web" } },
  { arn: tg("web-b", "7e1fd0942ffda010"), tags: shop("web", "cell-b"), listed: true, service: "Elastic Load Balancing", amount: (i) => dec(2.7777777777, i, 0.02), expected: { app: "shop", service: "web" } },
  { arn: fn("web-render"), tags: shop("web"), listed: true, service: "AWS Lambda", amount: (i) => dec(11.0000000004, i, 0.5), expected: { app: "shop", service: "web" } },
  { arn: `arn:aws:apigateway:${REGION}::/apis/h77x/stages/prod`, tags: shop("api"), listed: true, service: "Amazon API Gateway", amount: (i) => dec(4.44, i, 0), expected: { app: "shop", service: "api" } },
  { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/carts`, tags: shop("api"), listed: true, service: "Amazon DynamoDB", amount: (i) => dec(6.0606060606, i, 0.1), expected: { app: "shop", service: "api" } },
  { arn: `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:orders`, tags: shop("worker"), listed: true, service: "Amazon Simple Queue Service", amount: () => "0.3333333333", expected: { app: "shop", service: "worker" } },
  { arn: fn("worker"), tags: shop("worker"), listed: true, service: "AWS Lambda", amount: (i) => dec(5.5, i, 0.25), expected: { app: "shop", service: "worker" } },
  { arn: `arn:aws:rds:${REGION}:${ACCOUNT_ID}:cluster:shop-db`, tags: shop(), listed: true, service: "Amazon Relational Database Service", amount: () => "48.9999999999", expected: { app: "shop", service: null } },
  // Both the platform team's tag and the shop's: the team rule comes first and wins.
  { arn: fn("auth"), tags: { team: "platform", service: "auth", awsApplication: SHOP_ARN }, listed: true, service: "AWS Lambda", amount: (i) => dec(2.2, i, 0.05), expected: { app: "platform", service: "auth" } },
  { arn: fn("invoice"), tags: { app: "billing", service: "invoice" }, listed: true, service: "AWS Lambda", amount: () => "0.0000004", expected: { app: "billing", service: "invoice" } },
  { arn: `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:instance/i-0bastion`, tags: { Name: "bastion" }, listed: true, service: "Amazon Elastic Compute Cloud - Compute", amount: () => "1.0000000001", expected: { app: null, service: null } },
  // Never tagged: not in the Tagging API's list, only in the bill.
  { arn: `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:natgateway/nat-0shared`, tags: {}, listed: false, service: "EC2 - Other", amount: (i) => dec(7.7, i, 0.001), expected: { app: null, service: null } },
];

/** Daily request counts and errors of each front door, and other published metrics. */
export function requests(kind: "web-a" | "web-b" | "api" | "worker" | "auth" | "invoice", i: number): number {
  return { "web-a": 10_000 + 100 * i, "web-b": 8_000 + 50 * i, api: 5_000, worker: 3_000 + i, auth: 7_000, invoice: 300 }[kind];
}
/** ALB 5XX are reported on every third day only (CloudWatch has no datapoint for zero). */
export const web5xx = (i: number) => (i % 3 === 0 ? 7 : null);
export const web4xx = () => 20;

/**
 * The last hours, per minute (a 5-minute period sums five of them): cell-b of the web
 * service fails a fifth of its requests while cell-a is well, the orders queue falls
 * behind, and web publishes its retries in cell-a. What the overload signals read.
 */
export const RECENT = {
  "web-a": { requests: 100, count4xx: 2, count5xx: null, p50: 0.04, p99: 0.25, retries: 5 },
  "web-b": { requests: 80, count4xx: null, count5xx: 16, p50: 0.05, p99: 0.9 },
  orders: { ageSeconds: 600, visible: 1_200, sent: 50, deleted: 30 },
  worker: { invocations: 30, throttles: 1 },
} as const;

function recent(metric: StubMetric, stat: string, minutes: number): number | null {
  const d = metric.dimensions;
  const sum = (perMinute: number | null) => (perMinute === null ? null : perMinute * minutes);
  if (metric.namespace === "AWS/ApplicationELB" && d.LoadBalancer === "app/shop/50dc6c495c0c9188") {
    const cell = d.TargetGroup === "targetgroup/web-a/6d0ecf831eec9f09" ? RECENT["web-a"] : d.TargetGroup === "targetgroup/web-b/7e1fd0942ffda010" ? RECENT["web-b"] : null;
    if (!cell) return null;
    if (metric.metricName === "RequestCount" && stat === "Sum") return sum(cell.requests);
    if (metric.metricName === "HTTPCode_Target_4XX_Count" && stat === "Sum") return sum(cell.count4xx);
    if (metric.metricName === "HTTPCode_Target_5XX_Count" && stat === "Sum") return sum(cell.count5xx);
    if (metric.metricName === "TargetResponseTime") return stat === "p50" ? cell.p50 : stat === "p99" ? cell.p99 : null;
    return null;
  }
  if (metric.namespace === "AWS/SQS" && d.QueueName === "orders") {
    const q = RECENT.orders;
    return ({ "ApproximateAgeOfOldestMessage/Maximum": q.ageSeconds, "ApproximateNumberOfMessagesVisible/Maximum": q.visible, "NumberOfMessagesSent/Sum": sum(q.sent), "NumberOfMessagesDeleted/Sum": sum(q.deleted) } as Record<string, number | null>)[`${metric.metricName}/${stat}`] ?? null;
  }
  if (metric.namespace === "AWS/Lambda" && d.FunctionName === "worker" && stat === "Sum") {
    return metric.metricName === "Invocations" ? sum(RECENT.worker.invocations) : metric.metricName === "Throttles" ? sum(RECENT.worker.throttles) : null;
  }
  if (metric.namespace === "Frugal" && metric.metricName === "Retries" && d.Service === "web" && d.Cell === "cell-a" && stat === "Sum") return sum(RECENT["web-a"].retries);
  return null;
}

export interface ShopOptions {
  /** Days with cost, counted back from yesterday. */
  days: number;
  today: string;
  /** Extra line items (credits, refunds) to check they are left out. */
  withCredits?: boolean;
}

export function shopAccount({ days, today, withCredits = true }: ShopOptions): StubAccount & { specs: Spec[]; dayIndex: (day: string) => number } {
  const costFrom = addDay(today, -days);
  const costTo = addDay(today, -1);
  const dayIndex = (day: string) => eachDay(costFrom, day).length - 1;
  const metricsOf = function* (): Iterable<StubMetric> {
    const alb = (tgName: string) => ({ TargetGroup: tgName, LoadBalancer: "app/shop/50dc6c495c0c9188" });
    yield { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: alb("targetgroup/web-a/6d0ecf831eec9f09") };
    yield { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: alb("targetgroup/web-b/7e1fd0942ffda010") };
    yield { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: { LoadBalancer: "app/shop/50dc6c495c0c9188" } };
    yield { namespace: "AWS/DynamoDB", metricName: "ThrottledRequests", dimensions: { TableName: "carts", Operation: "PutItem" } };
    yield { namespace: "AWS/DynamoDB", metricName: "ThrottledRequests", dimensions: { TableName: "carts", Operation: "GetItem" } };
    yield { namespace: "Frugal", metricName: "Retries", dimensions: { Service: "web", Cell: "cell-a" } };
    for (const op of ["GET /", "POST /cart"]) yield { namespace: "ApplicationSignals", metricName: "Latency", dimensions: { Environment: "eks:shop/prod", Service: "web", Operation: op } };
    yield { namespace: "ApplicationSignals", metricName: "Latency", dimensions: { Environment: "eks:shop/prod", Service: "web" } };
  };
  return {
    accountId: ACCOUNT_ID,
    specs: SPECS,
    dayIndex,
    resources: SPECS.filter((s) => s.listed).map((s): StubResource => ({ arn: s.arn, region: REGION, tags: s.tags })),
    costFrom,
    costTo,
    estimatedFrom: addDay(today, -2),
    lineItems(day: string): StubLineItem[] {
      const i = dayIndex(day);
      const items: StubLineItem[] = SPECS.map((s) => ({ tags: s.listed ? s.tags : {}, service: s.service, recordType: "Usage", region: REGION, ...(s.service === "Amazon Elastic Compute Cloud - Compute" ? { resourceId: s.arn.split("/").at(-1) } : {}), amount: s.amount(i) }));
      items.push({ tags: {}, service: "Tax", recordType: "Tax", region: "NoRegion", amount: "0.42" });
      if (withCredits) {
        items.push({ tags: shop("web", "cell-a"), service: "Elastic Load Balancing", recordType: "Credit", region: REGION, amount: "-3.5" });
        items.push({ tags: {}, service: "AWS Support (Business)", recordType: "Refund", region: "NoRegion", amount: "-1.25" });
      }
      return items;
    },
    metrics: (region: string) => (region === REGION ? metricsOf() : []),
    value(metric, stat, periodStart, periodSeconds, region): number | null {
      if (region !== REGION) return null;
      if (periodSeconds === 60 || periodSeconds === 300) return recent(metric, stat, periodSeconds / 60);
      if (periodSeconds !== 86_400) return null;
      const day = new Date(periodStart * 1000).toISOString().slice(0, 10);
      if (day < costFrom || day > today) return null; // today's partial day too (CloudWatch has no future)
      const i = dayIndex(day);
      const d = metric.dimensions;
      const is = (ns: string, name: string) => metric.namespace === ns && metric.metricName === name;
      const tgKind = d.TargetGroup === "targetgroup/web-a/6d0ecf831eec9f09" ? "web-a" : d.TargetGroup === "targetgroup/web-b/7e1fd0942ffda010" ? "web-b" : null;
      if (metric.namespace === "AWS/ApplicationELB") {
        if (!tgKind || d.LoadBalancer !== "app/shop/50dc6c495c0c9188") return null;
        if (is("AWS/ApplicationELB", "RequestCount") && stat === "Sum") return requests(tgKind, i);
        if (is("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count") && stat === "Sum") return web5xx(i);
        if (is("AWS/ApplicationELB", "HTTPCode_Target_4XX_Count") && stat === "Sum") return web4xx();
        if (is("AWS/ApplicationELB", "TargetResponseTime") && stat === "p99") return 0.25;
        return null;
      }
      if (metric.namespace === "AWS/ApiGateway" && d.ApiId === "h77x" && d.Stage === "prod") {
        return ({ Count: 5_000, "4xx": 12, "5xx": 3, Latency: stat === "p99" ? 120 : null } as Record<string, number | null>)[metric.metricName] ?? null;
      }
      if (metric.namespace === "AWS/Lambda") {
        const name = d.FunctionName;
        if (name === "worker") return ({ Invocations: requests("worker", i), Errors: 2, Throttles: i % 2 ? 1 : null, Duration: stat === "p99" ? 800 : null } as Record<string, number | null>)[metric.metricName] ?? null;
        if (name === "auth") return ({ Invocations: requests("auth", i), Errors: 1, Duration: stat === "p99" ? 50 : null } as Record<string, number | null>)[metric.metricName] ?? null;
        if (name === "invoice") return ({ Invocations: requests("invoice", i) } as Record<string, number>)[metric.metricName] ?? null;
        if (name === "web-render") return metric.metricName === "Throttles" ? 4 : metric.metricName === "Invocations" ? 999_999 : null;
        return null;
      }
      if (is("AWS/DynamoDB", "ThrottledRequests") && d.TableName === "carts") return d.Operation === "PutItem" ? 3 : d.Operation === "GetItem" ? 2 : null;
      if (metric.namespace === "ApplicationSignals" && d.Service === "web" && d.Environment === "eks:shop/prod") {
        const op = d.Operation;
        if (op === "GET /") return ({ "Latency/SampleCount": 6_000, "Latency/Average": 40, "Fault/Sum": 2, "Error/Sum": 10 } as Record<string, number>)[`${metric.metricName}/${stat}`] ?? null;
        if (op === "POST /cart") return ({ "Latency/SampleCount": 4_000, "Latency/Average": 120, "Fault/Sum": 1, "Error/Sum": 3 } as Record<string, number>)[`${metric.metricName}/${stat}`] ?? null;
      }
      return null;
    },
  };
}
