// The demo account: a web shop on AWS. Three applications tagged three different
// ways (so that every kind of tag rule is exercised), three cells, shared and
// untagged resources. Volumes and prices are per day at REFERENCE_DAY.
import type { Day } from "../../domain/day";

export const DEMO_ACCOUNT_ID = "123456789012";
/** The organisation's log-archive account (a landing zone's usual layout): where the platform's log bucket lives. */
export const DEMO_LOG_ARCHIVE_ACCOUNT_ID = "210987654321";
/** Names of the demo's linked accounts, as Cost Explorer describes them. */
export const DEMO_LINKED_ACCOUNTS: Record<string, string> = { [DEMO_ACCOUNT_ID]: "shop-production", [DEMO_LOG_ARCHIVE_ACCOUNT_ID]: "log-archive" };
export const DEMO_REGION = "us-east-1";
/** Cell C runs in a second region, nearer the west-coast shoppers. */
export const DEMO_CELL_REGION: Record<string, string> = { "cell-c": "us-west-2" };
/** The tag key the demo explores (Settings → AWS accounts): which budget owner pays, on every application resource. */
export const DEMO_EXPLORED_TAG_KEY = "cost-center";
/** Its values: by application, a few services charged to a budget of their own. */
export function demoCostCenter(app: string, service: string | null): string {
  if (service === "checkout" || service === "payments") return "payments";
  if (service === "search" || service === "recommendations") return "discovery";
  return app === "storefront" ? "commerce" : app === "fulfilment" ? "operations" : "platform";
}
/** The day the volumes below are given for; growth runs from here in both directions. */
export const REFERENCE_DAY: Day = "2026-09-01";

export const DEMO_CELLS = ["cell-a", "cell-b", "cell-c"] as const;
export type DemoCell = (typeof DEMO_CELLS)[number];
export const CELL_SHARE: Record<DemoCell, number> = { "cell-a": 0.38, "cell-b": 0.34, "cell-c": 0.28 };

export type AppSlug = "storefront" | "fulfilment" | "platform";

export interface DemoApplication {
  slug: AppSlug;
  name: string;
  description: string;
  /** How its resources are tagged, and the rule that selects them. */
  rule: { key: string; value: string };
  /** Extra tags every resource of the application carries. */
  tags: (serviceOrNull: string | null) => Record<string, string>;
  /** Daily growth of traffic, e.g. 0.003 = +0.3 % a day. */
  growthPerDay: number;
  /** Traffic multiplier by weekday, Sunday first. */
  weekly: readonly number[];
}

const STOREFRONT_ARN = `arn:aws:resource-groups:${DEMO_REGION}:${DEMO_ACCOUNT_ID}:group/storefront/0a7c1e9b3d5f42a8b6c4e2d0f8a6b4c2`;
const SHOP_WEEK = [1.18, 0.93, 0.91, 0.94, 0.97, 1.05, 1.22] as const;

export const DEMO_APPLICATIONS: readonly DemoApplication[] = [
  {
    slug: "storefront",
    name: "Storefront",
    description: "The shop customers browse and buy in",
    rule: { key: "awsApplication", value: "storefront" },
    tags: () => ({ awsApplication: STOREFRONT_ARN }),
    growthPerDay: 0.003,
    weekly: SHOP_WEEK,
  },
  {
    slug: "fulfilment",
    name: "Fulfilment",
    description: "Turns orders into parcels",
    rule: { key: "app", value: "fulfilment" },
    tags: () => ({ app: "fulfilment" }),
    growthPerDay: 0.0025,
    weekly: [0.7, 1.1, 1.08, 1.06, 1.05, 1.03, 0.98],
  },
  {
    slug: "platform",
    name: "Platform",
    description: "Sign-in and notifications for every team",
    rule: { key: "team", value: "platform" },
    tags: () => ({ team: "platform" }),
    growthPerDay: 0.002,
    weekly: SHOP_WEEK,
  },
];

/** A resource kind as the demo models it: its ARN type and its share of the service's cost. */
export interface DemoResourceSpec {
  type: string;
  /** One per cell, or one for the whole service. */
  perCell: boolean;
  /** Share of the service's daily cost; a service's shares sum to 1. */
  costShare: number;
  /** Name stem; the cell is appended for per-cell resources. */
  name: string;
}

export interface DemoService {
  app: AppSlug;
  name: string;
  requestsPerDay: number;
  fixedUsdPerDay: number;
  usdPerMillionRequests: number;
  /** Variable cost grows as volume^exponent: < 1 gets cheaper with scale, > 1 dearer. */
  scaleExponent: number;
  latencyP99Ms: number;
  rate4xx: number;
  rate5xx: number;
  /** Throttled calls per million requests (DynamoDB, Lambda). */
  throttlesPerMillion: number;
  resources: readonly DemoResourceSpec[];
}

const tg = (name: string, costShare: number): DemoResourceSpec => ({ type: "elasticloadbalancing:targetgroup", perCell: true, costShare, name });
const ecs = (name: string, costShare: number, perCell = true): DemoResourceSpec => ({ type: "ecs:service", perCell, costShare, name });
const fn = (name: string, costShare: number, perCell = true): DemoResourceSpec => ({ type: "lambda:function", perCell, costShare, name });
const table = (name: string, costShare: number): DemoResourceSpec => ({ type: "dynamodb:table", perCell: false, costShare, name });
const stage = (name: string, costShare: number): DemoResourceSpec => ({ type: "apigateway:stage", perCell: false, costShare, name });
const one = (type: string, name: string, costShare: number): DemoResourceSpec => ({ type, perCell: false, costShare, name });

export const DEMO_SERVICES: readonly DemoService[] = [
  { app: "storefront", name: "web", requestsPerDay: 6_000_000, fixedUsdPerDay: 70, usdPerMillionRequests: 8, scaleExponent: 0.85, latencyP99Ms: 180, rate4xx: 0.021, rate5xx: 0.0004, throttlesPerMillion: 0, resources: [tg("web", 0.06), ecs("web", 0.94)] },
  { app: "storefront", name: "catalog", requestsPerDay: 9_000_000, fixedUsdPerDay: 25, usdPerMillionRequests: 4, scaleExponent: 1, latencyP99Ms: 65, rate4xx: 0.012, rate5xx: 0.0002, throttlesPerMillion: 3, resources: [tg("catalog", 0.05), ecs("catalog", 0.55), table("catalog-items", 0.4)] },
  { app: "storefront", name: "search", requestsPerDay: 2_400_000, fixedUsdPerDay: 60, usdPerMillionRequests: 14, scaleExponent: 1.15, latencyP99Ms: 240, rate4xx: 0.008, rate5xx: 0.0003, throttlesPerMillion: 0, resources: [tg("search", 0.05), ecs("search", 0.25), one("es:domain", "shop-search", 0.7)] },
  { app: "storefront", name: "recommendations", requestsPerDay: 3_000_000, fixedUsdPerDay: 20, usdPerMillionRequests: 26, scaleExponent: 1, latencyP99Ms: 320, rate4xx: 0.004, rate5xx: 0.0006, throttlesPerMillion: 20, resources: [fn("recommendations", 0.3), one("sagemaker:endpoint", "recs-ranker", 0.7)] },
  { app: "storefront", name: "checkout", requestsPerDay: 450_000, fixedUsdPerDay: 18, usdPerMillionRequests: 40, scaleExponent: 1, latencyP99Ms: 310, rate4xx: 0.03, rate5xx: 0.0003, throttlesPerMillion: 0, resources: [tg("checkout", 0.08), ecs("checkout", 0.92)] },
  { app: "storefront", name: "payments", requestsPerDay: 120_000, fixedUsdPerDay: 10, usdPerMillionRequests: 110, scaleExponent: 1, latencyP99Ms: 450, rate4xx: 0.015, rate5xx: 0.0005, throttlesPerMillion: 40, resources: [fn("payments", 0.6), table("payments-ledger", 0.4)] },
  { app: "fulfilment", name: "orders-worker", requestsPerDay: 58_000, fixedUsdPerDay: 15, usdPerMillionRequests: 300, scaleExponent: 1, latencyP99Ms: 900, rate4xx: 0, rate5xx: 0.001, throttlesPerMillion: 0, resources: [one("sqs:queue", "orders", 0.1), ecs("orders-worker", 0.9)].map((r) => (r.type === "sqs:queue" ? { ...r, perCell: true } : r)) },
  { app: "fulfilment", name: "inventory", requestsPerDay: 1_100_000, fixedUsdPerDay: 12, usdPerMillionRequests: 9, scaleExponent: 1, latencyP99Ms: 120, rate4xx: 0.01, rate5xx: 0.0003, throttlesPerMillion: 15, resources: [stage("inventory-api", 0.15), fn("inventory", 0.45, false), table("inventory-stock", 0.4)] },
  { app: "fulfilment", name: "shipping", requestsPerDay: 70_000, fixedUsdPerDay: 0.4, usdPerMillionRequests: 150, scaleExponent: 1, latencyP99Ms: 700, rate4xx: 0.02, rate5xx: 0.0008, throttlesPerMillion: 0, resources: [fn("shipping", 0.85, false), one("sns:topic", "shipping-events", 0.15)] },
  { app: "platform", name: "auth", requestsPerDay: 5_500_000, fixedUsdPerDay: 30, usdPerMillionRequests: 3, scaleExponent: 0.9, latencyP99Ms: 90, rate4xx: 0.045, rate5xx: 0.0002, throttlesPerMillion: 0, resources: [stage("auth-api", 0.1), fn("auth", 0.4, false), one("cognito-idp:userpool", "customers", 0.5)] },
  { app: "platform", name: "notifications", requestsPerDay: 300_000, fixedUsdPerDay: 6, usdPerMillionRequests: 35, scaleExponent: 1, latencyP99Ms: 400, rate4xx: 0.005, rate5xx: 0.0005, throttlesPerMillion: 5, resources: [fn("notifications", 0.4, false), one("sns:topic", "notifications", 0.2), one("ses:identity", "shop.example.com", 0.4)] },
];

/** Resources that belong to no single service. */
export interface DemoSharedResource {
  /** The application whose shared pool pays for it; null = matches no rule (unallocated). */
  app: AppSlug | null;
  type: string;
  name: string;
  usdPerDay: number;
  /** Tags for unallocated resources (application resources get the application's tags). */
  tags?: Record<string, string>;
  /** The linked account it is billed to, when not the shop's. */
  accountId?: string;
}

export const DEMO_SHARED: readonly DemoSharedResource[] = [
  { app: "storefront", type: "elasticloadbalancing:loadbalancer", name: "storefront", usdPerDay: 22 },
  { app: "storefront", type: "rds:cluster", name: "storefront-aurora", usdPerDay: 140 },
  { app: "storefront", type: "elasticache:replicationgroup", name: "storefront-redis", usdPerDay: 38 },
  { app: "fulfilment", type: "rds:cluster", name: "fulfilment-db", usdPerDay: 45 },
  { app: "fulfilment", type: "sqs:queue", name: "orders-dlq", usdPerDay: 0.4 },
  { app: "platform", type: "s3:bucket", name: "platform-log-archive", usdPerDay: 9, accountId: DEMO_LOG_ARCHIVE_ACCOUNT_ID },
  { app: "platform", type: "kms:key", name: "platform-secrets", usdPerDay: 2 },
  { app: null, type: "ec2:natgateway", name: "nat-shared", usdPerDay: 48, tags: { shared: "network", Name: "nat-shared" } },
  { app: null, type: "sagemaker:notebook-instance", name: "ml-experiments", usdPerDay: 26, tags: { team: "data" } },
  { app: null, type: "s3:bucket", name: "legacy-exports", usdPerDay: 7, tags: {} },
  { app: null, type: "ec2:instance", name: "bastion", usdPerDay: 3.2, tags: { Name: "bastion" } },
];

/** Business series the shop publishes to CloudWatch (namespace WebShop). */
export const DEMO_NAMESPACE = "WebShop";
export interface DemoBusinessMetric {
  app: AppSlug;
  name: string;
  unit: string;
  aggregation: "sum" | "mean";
  metricName: string;
  stat: "Sum" | "Maximum";
}
export const DEMO_BUSINESS_METRICS: readonly DemoBusinessMetric[] = [
  { app: "storefront", name: "orders", unit: "orders", aggregation: "sum", metricName: "OrdersPlaced", stat: "Sum" },
  { app: "storefront", name: "active_users", unit: "users", aggregation: "mean", metricName: "ActiveUsers", stat: "Maximum" },
  { app: "storefront", name: "revenue_usd", unit: "USD", aggregation: "sum", metricName: "RevenueUSD", stat: "Sum" },
  { app: "fulfilment", name: "orders", unit: "orders", aggregation: "sum", metricName: "OrdersPlaced", stat: "Sum" },
  { app: "platform", name: "active_users", unit: "users", aggregation: "mean", metricName: "ActiveUsers", stat: "Maximum" },
];

/** Scenarios layered on the steady shop, anchored to "now". */
export const SCENARIOS = {
  /** recommendations' cost per request rises by this much over the last `days`. */
  creep: { service: "recommendations", days: 21, rise: 1.5 },
  /** orders-worker invoices on the last day of every month: its cost that day is this many times usual (a habit, not an anomaly). */
  monthEnd: { service: "orders-worker", factor: 1.8 },
  /** One day of data transfer out of notifications (a newsletter with images to every user), this many days before today. */
  spike: { service: "notifications", daysAgo: 9, factor: 3 },
  /** shipping quotes a new market's carriers since this many days before today: its traffic, and its cost with it, doubled (planned). */
  launch: { service: "shipping", daysAgo: 12, trafficFactor: 2 },
  /** An overload in one cell that began this long before now and is still going on. */
  overload: {
    cell: "cell-b" as DemoCell,
    startedHoursAgo: 5,
    /** Share of requests failing with 5XX while it lasts. */
    rate5xx: { checkout: 0.085, payments: 0.11, web: 0.012, recommendations: 0.07 } as Record<string, number>,
    /** p99 latency multiplier while it lasts. */
    latencyFactor: { checkout: 3.2, payments: 4.5, web: 1.6, recommendations: 2.8 } as Record<string, number>,
    /** The queue's consumer only drains this share of arrivals. */
    queueService: "orders-worker",
    drainShare: 0.35,
  },
} as const;

/** Features the demo declares, and the services each uses. */
export interface DemoFeature {
  app: AppSlug;
  key: string;
  name: string;
  tier: number;
  services: readonly string[];
  description: string;
  /** Share of the application's revenue that depends on it. */
  revenueSharePercent: number | null;
}
export const DEMO_FEATURES: readonly DemoFeature[] = [
  { app: "storefront", key: "checkout.enabled", name: "Checkout", tier: 1, services: ["checkout", "payments"], description: "Taking orders and payments", revenueSharePercent: 100 },
  { app: "storefront", key: "search.enabled", name: "Search", tier: 2, services: ["search"], description: "Full-text product search", revenueSharePercent: 35 },
  { app: "storefront", key: "recommendations.enabled", name: "Recommendations", tier: 3, services: ["recommendations"], description: "'You may also like' on product pages", revenueSharePercent: 6 },
  { app: "fulfilment", key: "orders.processing", name: "Order processing", tier: 1, services: ["orders-worker"], description: "Turning paid orders into picking lists", revenueSharePercent: null },
  { app: "fulfilment", key: "inventory.live-stock", name: "Live stock levels", tier: 2, services: ["inventory"], description: "Stock shown on product pages, to the minute", revenueSharePercent: null },
  { app: "fulfilment", key: "shipping.quotes", name: "Shipping quotes", tier: 3, services: ["shipping"], description: "Carrier price comparison at checkout", revenueSharePercent: null },
  { app: "platform", key: "auth.sign-in", name: "Sign-in", tier: 1, services: ["auth"], description: "Customer sign-in", revenueSharePercent: null },
  { app: "platform", key: "notifications.marketing", name: "Marketing e-mails", tier: 3, services: ["notifications"], description: "Newsletters and promotions", revenueSharePercent: null },
];

/** The name Cost Explorer's SERVICE dimension gives each kind of resource the demo has. */
export const AWS_SERVICE_OF_TYPE: Record<string, string> = {
  apigateway: "Amazon API Gateway",
  "cognito-idp": "Amazon Cognito",
  dynamodb: "Amazon DynamoDB",
  "ec2:instance": "Amazon Elastic Compute Cloud - Compute",
  "ec2:natgateway": "EC2 - Other",
  ecs: "Amazon Elastic Container Service",
  elasticache: "Amazon ElastiCache",
  elasticloadbalancing: "Amazon Elastic Load Balancing",
  es: "Amazon OpenSearch Service",
  kms: "AWS Key Management Service",
  lambda: "AWS Lambda",
  rds: "Amazon Relational Database Service",
  s3: "Amazon Simple Storage Service",
  sagemaker: "Amazon SageMaker",
  ses: "Amazon Simple Email Service",
  sns: "Amazon Simple Notification Service",
  sqs: "Amazon Simple Queue Service",
};
/** Where the one-day burst's extra cost is billed. */
export const DATA_TRANSFER_SERVICE = "AWS Data Transfer";

export function awsServiceOf(type: string): string {
  return AWS_SERVICE_OF_TYPE[type] ?? AWS_SERVICE_OF_TYPE[type.split(":")[0] as string] ?? "Other";
}
