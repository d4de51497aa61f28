// The demo's Application Signals: a few services instrumented per operation, so
// that cost per request per operation shows on a fresh start. Operations share
// their service's requests, with latencies of their own.
import { dayStart, type Day } from "../../domain/day";
import type { OperationDay } from "../types";
import { demoService } from "./metrics";
import { requestsBetween } from "./model";
import { jitter } from "./random";

interface DemoOperation {
  name: string;
  /** Share of the service's requests. */
  share: number;
  latencyMs: number;
  /** How much more (or less) often than the service's average it fails. */
  faultFactor: number;
}

export const DEMO_OPERATIONS: Readonly<Record<string, readonly DemoOperation[]>> = {
  checkout: [
    { name: "GET /api/cart", share: 0.46, latencyMs: 58, faultFactor: 0.4 },
    { name: "POST /api/cart/items", share: 0.19, latencyMs: 92, faultFactor: 0.8 },
    { name: "POST /api/checkout", share: 0.35, latencyMs: 420, faultFactor: 1.9 },
  ],
  payments: [
    { name: "POST /payments/authorize", share: 0.58, latencyMs: 310, faultFactor: 1.2 },
    { name: "POST /payments/capture", share: 0.42, latencyMs: 175, faultFactor: 0.7 },
  ],
  search: [
    { name: "GET /search", share: 0.78, latencyMs: 140, faultFactor: 1 },
    { name: "GET /suggest", share: 0.22, latencyMs: 34, faultFactor: 1 },
  ],
};

export function demoOperationDays(serviceName: string, day: Day, seed: number, now: Date): OperationDay[] {
  const service = demoService(serviceName);
  const operations = DEMO_OPERATIONS[serviceName];
  if (!service || !operations) return [];
  const start = dayStart(day);
  const requests = requestsBetween(seed, service, null, start, new Date(start.getTime() + 86_400_000), now);
  if (requests <= 0) return [];
  return operations.map((o) => {
    const count = Math.round(requests * o.share * jitter(0.04, seed, "op", serviceName, o.name, day));
    return {
      service: serviceName,
      operation: o.name,
      day,
      requestCount: count,
      faultCount: Math.round(count * service.rate5xx * o.faultFactor),
      errorCount: Math.round(count * service.rate4xx),
      latencyAvgMs: Math.round(o.latencyMs * jitter(0.05, seed, "oplat", serviceName, o.name, day) * 10) / 10,
    };
  });
}
