// Which metrics to read for a service's resources, before asking anyone: metrics
// cost money per metric requested, so only what the rollups use is read. A
// service's requests come from its front door (load balancer target group, then
// API Gateway stage, then Lambda, then a SageMaker endpoint; a queue consumer's
// are the messages it deleted), never summed over every layer a request passes.
import { QUEUE_TYPE, REQUEST_SOURCE_TYPES, type MetricKind } from "./metrics";

export type MetricPurpose = "daily" | "samples";

export interface PlannedMetrics<R extends { type: string }> {
  resource: R;
  kinds: MetricKind[];
}

const THROTTLING_TYPES = new Set(["lambda:function", "dynamodb:table"]);

/** The front door's type among a service's resources, or null when it has none (then its queues count). */
export function frontDoorType(types: Iterable<string>): string | null {
  const present = new Set(types);
  return REQUEST_SOURCE_TYPES.find((t) => present.has(t)) ?? null;
}

function frontDoorKinds(type: string, purpose: MetricPurpose): MetricKind[] {
  const errors: MetricKind[] = type === "lambda:function" ? ["count5xx"] : type === "sagemaker:endpoint" ? [] : ["count4xx", "count5xx"];
  const latency: MetricKind[] = purpose === "daily" ? ["latencyP99Ms"] : ["latencyP50Ms", "latencyP99Ms"];
  // Retries are read where a service publishes them; a source answers nothing for the others.
  return ["requests", ...errors, ...latency, ...(purpose === "samples" ? (["retries"] as const) : [])];
}

/** Per resource of one service, the kinds to read (resources that need none are left out). */
export function planServiceMetrics<R extends { type: string }>(resources: readonly R[], purpose: MetricPurpose): PlannedMetrics<R>[] {
  const front = frontDoorType(resources.map((r) => r.type));
  const out: PlannedMetrics<R>[] = [];
  for (const resource of resources) {
    const kinds = new Set<MetricKind>();
    if (front !== null && resource.type === front) for (const k of frontDoorKinds(front, purpose)) kinds.add(k);
    if (THROTTLING_TYPES.has(resource.type)) kinds.add("throttles");
    if (resource.type === QUEUE_TYPE) {
      if (purpose === "samples") for (const k of ["queueAgeSeconds", "queueDepth", "queueSent", "queueDeleted"] as const) kinds.add(k);
      else if (front === null) kinds.add("queueDeleted");
    }
    if (kinds.size) out.push({ resource, kinds: [...kinds] });
  }
  return out;
}
