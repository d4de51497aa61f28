// How long anomaly detection takes at the size of a large account: 50 applications of
// 40 services (2,000), 90 days each, every figure judged (daily cost and cost per 1M
// requests per service; cost, cost per 1M requests and cost per business unit per
// application), with a creep, a spike and a launch planted in every application.
// The detector is pure: this times it alone, from inputs already in memory.
import { DEFAULT_ANOMALY_THRESHOLDS, type SeriesPoint } from "../../lib/domain/anomalies";
import { detectApplicationAnomalies, type ScopeInput } from "../../lib/domain/anomaly-grouping";
import { addDays, dayOfWeek, type Day } from "../../lib/domain/day";

/** The size measured: 50 applications of 40 services over 90 days (`--tiny` runs it small, to keep it working). */
export interface AnomalySize {
  apps: number;
  servicesPerApp: number;
  days: number;
}
export const FULL_ANOMALY_SIZE: AnomalySize = { apps: 50, servicesPerApp: 40, days: 90 };
const FIRST: Day = "2026-09-01";

function noise(seed: number): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return 1 + 0.04 * (x - Math.floor(x) - 0.5);
}

function inputs({ apps: APPS, servicesPerApp: SERVICES_PER_APP, days: DAYS }: AnomalySize) {
  const apps: { app: ScopeInput; services: ScopeInput[] }[] = [];
  for (let a = 0; a < APPS; a++) {
    const services: ScopeInput[] = [];
    const appCost = new Array<number>(DAYS).fill(0);
    const appRequests = new Array<number>(DAYS).fill(0);
    for (let s = 0; s < SERVICES_PER_APP; s++) {
      const id = a * SERVICES_PER_APP + s;
      const cost: SeriesPoint[] = [];
      const perMillion: SeriesPoint[] = [];
      for (let d = 0; d < DAYS; d++) {
        const day = addDays(FIRST, d);
        const weekly = [0, 6].includes(dayOfWeek(day)) ? 1.2 : 1;
        const launch = s === 2 && d >= 75 ? 2 : 1;
        const requests = 1e6 * (1 + (id % 7)) * weekly * launch * noise(id * 1000 + d);
        const creep = s === 1 && d >= 70 ? 1 + 0.04 * (d - 70) : 1;
        const spike = s === 3 && d === 80 ? 3 : 1;
        const usd = (requests / 1e6) * (20 + (id % 11)) * creep * spike * noise(id * 7 + d);
        cost.push({ day, value: usd, weight: 1, estimated: d >= DAYS - 2 });
        perMillion.push({ day, value: (usd / requests) * 1e6, weight: requests / 1e6, estimated: d >= DAYS - 2 });
        appCost[d] = (appCost[d] ?? 0) + usd;
        appRequests[d] = (appRequests[d] ?? 0) + requests;
      }
      services.push({ scope: `service:${id}`, serviceId: id, excluded: [], series: [{ figure: "cost", points: cost }, { figure: "cost_per_million", points: perMillion }] });
    }
    const days = appCost.map((usd, d) => ({ day: addDays(FIRST, d), usd, requests: appRequests[d] as number, units: (appRequests[d] as number) / 150 }));
    const app: ScopeInput = {
      scope: `application:${a}`,
      serviceId: null,
      excluded: [],
      series: [
        { figure: "cost", points: days.map((x) => ({ day: x.day, value: x.usd, weight: 1, estimated: false })) },
        { figure: "cost_per_million", points: days.map((x) => ({ day: x.day, value: (x.usd / x.requests) * 1e6, weight: x.requests / 1e6, estimated: false })) },
        { figure: "cost_per_unit", points: days.map((x) => ({ day: x.day, value: x.usd / x.units, weight: x.units, estimated: false })) },
      ],
    };
    apps.push({ app, services });
  }
  return apps;
}

export function benchAnomalies(size: AnomalySize = FULL_ANOMALY_SIZE): { services: number; days: number; medianMs: number; anomalies: number } {
  const apps = inputs(size);
  const samples: number[] = [];
  let found = 0;
  for (let run = 0; run < 7; run++) {
    const start = performance.now();
    found = 0;
    for (const { app, services } of apps) found += detectApplicationAnomalies(app, services, DEFAULT_ANOMALY_THRESHOLDS).length;
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { services: size.apps * size.servicesPerApp, days: size.days, medianMs: samples[3] as number, anomalies: found };
}
