// The real account behind the Source interface. Reads through the SDK clients of
// clients.ts, one file per API; every vendor shape is mapped to Frugal's types
// before it leaves this folder. Calls are counted and priced (meter.ts). What
// cannot be read becomes a gap: the sync keeps the earlier data for it and the
// next sync tries again.
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { Expression } from "@aws-sdk/client-cost-explorer";
import { addDays, dayStart, type Day, type DayRange } from "../../domain/day";
import type { MetricPoint, ResourceSeries } from "../../domain/metrics";
import { AWS_APPLICATION_TAG, type TagRule } from "../../domain/tag-rules";
import { Meter } from "../meter";
import type { CloudWatchMetricRef, CostChunk, CostForecastAnswer, CostQuery, ResourceCostAnswer, MetricGroup, MetricGroupResult, MetricWindow, OperationChunk, Source, SourceGap, SourceResource, SourceUsage } from "../types";
import { discoverOperations, readOperations, type InstrumentedOperation } from "./application-signals";
import { parseArn } from "./arn";
import { cloudWatch, costExplorer, tagging, type AwsConnection, type ClientSettings } from "./clients";
import { discover, entriesOf, getMetricData, queriesPerCall, retriesFor, seriesFor, spec, type Discovery, type SeriesSpec } from "./cloudwatch";
import { planCostQueries, readDailyCost, type CostSettings } from "./cost-explorer";
import { applicationFilter, readCostForecasts } from "./cost-forecast";
import { readResourceCosts } from "./resource-cost";
import { reasonOf } from "./errors";
import { listTaggedResources } from "./tagging";

export interface AwsAccountConfig extends AwsConnection {
  name: string;
  /** The 12-digit account id, when known (routes a resource's metrics to the account that owns it). */
  awsAccountId: string | null;
  regions: string[];
  readsCost: boolean;
  readsResources: boolean;
}

export interface AwsSourceConfig {
  accounts: AwsAccountConfig[];
  cost: CostSettings;
  clients: ClientSettings;
  retriesNamespace: string;
}

type Owner = { groupKey: string; arn: string; kind: string };
interface Bucket {
  client: CloudWatchClient;
  specs: SeriesSpec[];
  owners: Owner[];
  entries: number;
}

export class AwsSource implements Source {
  readonly kind = "aws" as const;
  readonly incremental = true;
  readonly costSettings: string;
  readonly #meter = new Meter();
  /** Tag values seen while listing resources: awsApplication rules that name an application need its ARNs. */
  readonly #seenTagValues = new Map<string, Set<string>>();
  readonly #discovery = new Map<string, Promise<Discovery>>();
  readonly #operations = new Map<string, Promise<InstrumentedOperation[]>>();

  constructor(private readonly config: AwsSourceConfig) {
    this.costSettings = `${config.cost.metric};credits=${config.cost.includeCredits}`;
  }

  async *resources(): AsyncIterable<SourceResource[] | { gap: SourceGap }> {
    for (const account of this.config.accounts.filter((a) => a.readsResources)) {
      for (const region of account.regions) {
        for await (const page of listTaggedResources(tagging(account, this.config.clients, region), region, this.#meter, account.name)) {
          if (!("gap" in page)) for (const r of page) this.#noteTagValue(AWS_APPLICATION_TAG, r.tags[AWS_APPLICATION_TAG]);
          yield page;
        }
      }
    }
  }

  #noteTagValue(key: string, value: string | undefined) {
    if (!value) return;
    let values = this.#seenTagValues.get(key);
    if (!values) this.#seenTagValues.set(key, (values = new Set()));
    values.add(value);
  }

  async *dailyCost(query: CostQuery): AsyncIterable<CostChunk> {
    const plans = planCostQueries(query.rules, query.serviceTagKey, this.config.cost, this.#seenTagValues, query.exploredTagKeys, query.cellTagKey);
    for (const account of this.config.accounts.filter((a) => a.readsCost)) {
      yield* readDailyCost(costExplorer(account, this.config.clients), plans, query.ranges, this.config.cost, this.#meter, account.name);
    }
  }

  async costForecasts(query: { rules: readonly TagRule[]; applicationIds: number[]; today: Day }): Promise<CostForecastAnswer[]> {
    const filters = new Map<number, Expression>();
    for (const id of query.applicationIds) {
      const filter = applicationFilter(query.rules, id, this.config.cost, this.#seenTagValues);
      if (filter) filters.set(id, filter);
    }
    const clients = this.config.accounts.filter((a) => a.readsCost).map((a) => ({ client: costExplorer(a, this.config.clients), account: a.name }));
    return clients.length ? readCostForecasts(clients, filters, query.today, this.config.cost, this.#meter) : [];
  }

  resourceCosts(range: DayRange): Promise<ResourceCostAnswer> {
    const clients = this.config.accounts.filter((a) => a.readsCost).map((a) => ({ client: costExplorer(a, this.config.clients), account: a.name }));
    return readResourceCosts(clients, range, this.config.cost, this.#meter);
  }

  /** The account and region whose CloudWatch has a resource's metrics. */
  #locate(resource: SourceResource): { account: AwsAccountConfig; region: string } | null {
    const readers = this.config.accounts.filter((a) => a.readsResources);
    const owner = parseArn(resource.arn)?.accountId;
    const account = (owner && readers.find((a) => a.awsAccountId === owner)) || readers[0];
    if (!account) return null;
    return { account, region: resource.region || (account.regions[0] as string) };
  }

  #discover(account: AwsAccountConfig, region: string): Promise<Discovery> {
    const key = `${account.key}|${region}`;
    let found = this.#discovery.get(key);
    if (!found) {
      found = discover(cloudWatch(account, this.config.clients, region), this.#meter, this.config.retriesNamespace);
      this.#discovery.set(key, found);
    }
    return found;
  }

  /**
   * Groups are packed into GetMetricData calls of up to 500 queries (fewer when a
   * series has many points) per account and region; a group is answered once all
   * of its series are in, or as a gap when any call it needed failed.
   */
  async *resourceMetrics(groups: AsyncIterable<MetricGroup> | Iterable<MetricGroup>, window: MetricWindow): AsyncIterable<MetricGroupResult> {
    const capacity = queriesPerCall(window);
    const buckets = new Map<string, Bucket>();
    let pending: { key: string; series: Map<string, ResourceSeries>; gap: string | null }[] = [];

    const flush = async () => {
      const byKey = new Map(pending.map((p) => [p.key, p]));
      for (const bucket of buckets.values()) {
        let start = 0;
        while (start < bucket.specs.length) {
          let end = start;
          let entries = 0;
          while (end < bucket.specs.length && entries + entriesOf(bucket.specs[end] as SeriesSpec) <= capacity) entries += entriesOf(bucket.specs[end++] as SeriesSpec);
          if (end === start) end++; // a single spec always fits
          const specs = bucket.specs.slice(start, end);
          const owners = bucket.owners.slice(start, end);
          try {
            const answers = await getMetricData(bucket.client, specs, window, this.#meter);
            answers.forEach((answer, i) => {
              const owner = owners[i] as Owner;
              const group = byKey.get(owner.groupKey);
              if (!group) return;
              if (answer.incomplete) group.gap ??= answer.incomplete;
              const id = `${owner.arn}\u0000${owner.kind}`;
              const series = group.series.get(id) ?? ({ arn: owner.arn, metric: owner.kind, points: [] } as ResourceSeries);
              // Several series for one kind (a table's throttled operations) add up, period by period.
              const at = new Map(series.points.map((p) => [p.ts.getTime(), p]));
              for (const p of answer.points) {
                const same = at.get(p.ts.getTime());
                if (same) same.value += p.value;
                else series.points.push({ ...p });
              }
              series.points.sort((a, b) => a.ts.getTime() - b.ts.getTime());
              group.series.set(id, series);
            });
          } catch (error) {
            const reason = reasonOf(error, "cloudwatch:GetMetricData");
            for (const owner of owners) {
              const group = byKey.get(owner.groupKey);
              if (group) group.gap ??= reason;
            }
          }
          start = end;
        }
      }
      buckets.clear();
      const done = pending;
      pending = [];
      return done;
    };

    const results = (done: Awaited<ReturnType<typeof flush>>): MetricGroupResult[] =>
      done.map((g) => (g.gap ? { key: g.key, gap: { part: "traffic", from: dayOf(window.start), to: dayOf(new Date(window.end.getTime() - 1)), reason: `Metrics: ${g.gap}` } } : { key: g.key, series: [...g.series.values()] }));

    for await (const group of groups) {
      const parts = new Map<string, { client: CloudWatchClient; specs: SeriesSpec[]; owners: Owner[] }>();
      let retriesAttached = false;
      let blocked: string | null = null;
      for (const request of group.requests) {
        const where = this.#locate(request.resource);
        if (!where) continue;
        const discovery = await this.#discover(where.account, where.region);
        // A target group whose load balancer could not be looked up has no readable metrics: a gap, not zero traffic.
        blocked ??= discovery.problems.find((p) => p.types.includes(request.resource.type))?.reason ?? null;
        for (const kind of request.kinds) {
          const specs = kind === "retries" ? (retriesAttached ? [] : retriesFor(request.resource, discovery, this.config.retriesNamespace)) : seriesFor(request.resource, kind, discovery);
          if (kind === "retries" && specs.length) retriesAttached = true;
          if (specs.length === 0) continue;
          const bucketKey = `${where.account.key}|${where.region}`;
          const part = parts.get(bucketKey) ?? { client: cloudWatch(where.account, this.config.clients, where.region), specs: [], owners: [] };
          for (const s of specs) {
            part.specs.push(s);
            part.owners.push({ groupKey: group.key, arn: request.resource.arn, kind });
          }
          parts.set(bucketKey, part);
        }
      }
      // Would this group overflow a call in any bucket? Then send what is waiting first.
      const overflows = [...parts].some(([key, part]) => (buckets.get(key)?.entries ?? 0) + part.specs.reduce((n, s) => n + entriesOf(s), 0) > capacity);
      if (overflows && buckets.size) yield* results(await flush());
      pending.push({ key: group.key, series: new Map(), gap: blocked });
      for (const [key, part] of parts) {
        const bucket = buckets.get(key) ?? { client: part.client, specs: [], owners: [], entries: 0 };
        bucket.specs.push(...part.specs);
        bucket.owners.push(...part.owners);
        bucket.entries += part.specs.reduce((n, s) => n + entriesOf(s), 0);
        buckets.set(key, bucket);
      }
    }
    yield* results(await flush());
  }

  async getCustomMetric(ref: CloudWatchMetricRef, window: MetricWindow): Promise<MetricPoint[]> {
    const account = this.config.accounts.find((a) => a.readsResources) ?? this.config.accounts[0];
    if (!account) return [];
    const region = account.regions[0] as string;
    const [answer] = await getMetricData(
      cloudWatch(account, this.config.clients, region),
      [spec("custom", ref.namespace, ref.metricName, ref.dimensions.map((d) => ({ Name: d.name, Value: d.value })), ref.stat)],
      window,
      this.#meter,
    );
    if (answer?.incomplete) throw new Error(answer.incomplete);
    return answer?.points ?? [];
  }

  async *operations(services: string[], range: DayRange): AsyncIterable<OperationChunk> {
    const wanted = new Set(services);
    const window = { start: dayStart(range.from), end: dayStart(addDays(range.to, 1)), periodSeconds: 86_400 };
    for (const account of this.config.accounts.filter((a) => a.readsResources)) {
      for (const region of account.regions) {
        const client = cloudWatch(account, this.config.clients, region);
        try {
          const key = `${account.key}|${region}`;
          let found = this.#operations.get(key);
          if (!found) this.#operations.set(key, (found = discoverOperations(client, this.#meter)));
          const operations = (await found).filter((o) => wanted.has(o.service));
          if (operations.length) yield { operations: await readOperations(client, this.#meter, operations, window) };
        } catch (error) {
          yield { gap: { part: "operations", from: range.from, to: range.to, reason: `Operations in ${account.name} ${region}: ${reasonOf(error, "cloudwatch:GetMetricData and cloudwatch:ListMetrics")}` } };
        }
      }
    }
  }

  usage(): SourceUsage {
    return this.#meter.usage();
  }
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
