// CloudWatch Application Signals: per-operation requests, faults (5XX), errors
// (4XX) and latency of instrumented services. Latency's SampleCount is the request
// count; Fault and Error are 0/1 per request, so their Sum is a count. What exists
// is found with ListMetrics (metrics with data in the last 14 days).
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { toDay, type Day } from "../../domain/day";
import type { Meter } from "../meter";
import type { MetricWindow, OperationDay } from "../types";
import { getMetricData, listMetrics, queriesPerCall, spec, type SeriesSpec } from "./cloudwatch";

export const NAMESPACE = "ApplicationSignals";

export interface InstrumentedOperation {
  environment: string;
  service: string;
  operation: string;
}

export async function discoverOperations(client: CloudWatchClient, meter: Meter): Promise<InstrumentedOperation[]> {
  const found = await listMetrics(client, meter, NAMESPACE, "Latency", ["Environment", "Service", "Operation"]);
  const out: InstrumentedOperation[] = [];
  for (const dims of found) {
    const get = (name: string) => dims.find((d) => d.Name === name)?.Value;
    const [environment, service, operation] = [get("Environment"), get("Service"), get("Operation")];
    // Only the {Environment, Service, Operation} set: the remote-call sets describe calls a service makes.
    if (environment && service && operation && dims.length === 3) out.push({ environment, service, operation });
  }
  return out;
}

const KINDS = ["requests", "latency", "faults", "errors"] as const;

function specsFor(op: InstrumentedOperation): SeriesSpec[] {
  const dims = [
    { Name: "Environment", Value: op.environment },
    { Name: "Service", Value: op.service },
    { Name: "Operation", Value: op.operation },
  ];
  return [spec("requests", NAMESPACE, "Latency", dims, "SampleCount"), spec("latency", NAMESPACE, "Latency", dims, "Average"), spec("faults", NAMESPACE, "Fault", dims, "Sum"), spec("errors", NAMESPACE, "Error", dims, "Sum")];
}

/** Daily figures per service and operation, summed over environments (latency weighted by requests). */
export async function readOperations(client: CloudWatchClient, meter: Meter, operations: readonly InstrumentedOperation[], window: MetricWindow): Promise<OperationDay[]> {
  const perCall = Math.floor(queriesPerCall(window) / KINDS.length);
  const acc = new Map<string, OperationDay & { latencyWeight: number; latencySum: number }>();
  for (let i = 0; i < operations.length; i += perCall) {
    const batch = operations.slice(i, i + perCall);
    const answers = await getMetricData(client, batch.flatMap(specsFor), window, meter);
    batch.forEach((op, b) => {
      const [requests, latency, faults, errors] = KINDS.map((_k, k) => answers[b * KINDS.length + k]);
      const latencyAt = new Map((latency?.points ?? []).map((p) => [p.ts.getTime(), p.value]));
      const at = (series: typeof faults) => new Map((series?.points ?? []).map((p) => [toDay(p.ts), p.value]));
      const faultsOn = at(faults);
      const errorsOn = at(errors);
      for (const p of requests?.points ?? []) {
        const day: Day = toDay(p.ts);
        const key = `${op.service}\u0000${op.operation}\u0000${day}`;
        const a = acc.get(key) ?? { service: op.service, operation: op.operation, day, requestCount: 0, faultCount: 0, errorCount: 0, latencyAvgMs: null, latencyWeight: 0, latencySum: 0 };
        a.requestCount += Math.round(p.value);
        a.faultCount += Math.round(faultsOn.get(day) ?? 0);
        a.errorCount += Math.round(errorsOn.get(day) ?? 0);
        const mean = latencyAt.get(p.ts.getTime());
        if (mean !== undefined && p.value > 0) {
          a.latencySum += mean * p.value;
          a.latencyWeight += p.value;
        }
        acc.set(key, a);
      }
    });
  }
  return [...acc.values()].map(({ latencyWeight, latencySum, ...day }) => ({ ...day, latencyAvgMs: latencyWeight > 0 ? Math.round((latencySum / latencyWeight) * 10) / 10 : null }));
}
