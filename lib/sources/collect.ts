// Reading a source's streams whole, for the places where the whole answer is
// small (a service's high-resolution samples, tests): the sync itself streams.
import type { DayRange } from "../domain/day";
import { METRIC_KINDS, type MetricKind, type ResourceSeries } from "../domain/metrics";
import type { CostBreakdownLine, CostLine, CostQuery, CostTotal, MetricWindow, OperationDay, Source, SourceGap, SourceResource } from "./types";

export async function listAllResources(source: Source): Promise<{ resources: SourceResource[]; gaps: SourceGap[] }> {
  const resources: SourceResource[] = [];
  const gaps: SourceGap[] = [];
  for await (const page of source.resources()) {
    if ("gap" in page) gaps.push(page.gap);
    else resources.push(...page);
  }
  return { resources, gaps };
}

export async function readAllCost(source: Source, query: CostQuery): Promise<{ lines: CostLine[]; breakdownLines: CostBreakdownLine[]; totals: CostTotal[]; gaps: SourceGap[] }> {
  const out = { lines: [] as CostLine[], breakdownLines: [] as CostBreakdownLine[], totals: [] as CostTotal[], gaps: [] as SourceGap[] };
  for await (const chunk of source.dailyCost(query)) {
    if ("lines" in chunk) out.lines.push(...chunk.lines);
    else if ("breakdownLines" in chunk) out.breakdownLines.push(...chunk.breakdownLines);
    else if ("totals" in chunk) out.totals.push(...chunk.totals);
    else if ("gap" in chunk) out.gaps.push(chunk.gap);
  }
  return out;
}

/** Every series of the resources (one group each), for the kinds named (all by default). */
export async function readAllSeries(source: Source, resources: readonly SourceResource[], window: MetricWindow, kinds: readonly MetricKind[] = METRIC_KINDS): Promise<{ series: ResourceSeries[]; gaps: SourceGap[] }> {
  const out = { series: [] as ResourceSeries[], gaps: [] as SourceGap[] };
  const groups = resources.map((resource) => ({ key: resource.arn, requests: [{ resource, kinds: [...kinds] }] }));
  for await (const result of source.resourceMetrics(groups, window)) {
    if ("gap" in result) out.gaps.push(result.gap);
    else out.series.push(...result.series);
  }
  return out;
}

export async function readAllOperations(source: Source, services: string[], range: DayRange): Promise<{ operations: OperationDay[]; gaps: SourceGap[] }> {
  const out = { operations: [] as OperationDay[], gaps: [] as SourceGap[] };
  for await (const chunk of source.operations(services, range)) {
    if ("gap" in chunk) out.gaps.push(chunk.gap);
    else out.operations.push(...chunk.operations);
  }
  return out;
}
