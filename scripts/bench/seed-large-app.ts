// A large application for the benchmark: `services` services, `days` days of cost
// and traffic each, a shared pool, written straight to the database; and, for issue
// 10's large account, two days of high-resolution samples per service.
import type { Db } from "../../lib/db/client";
import { addDays, eachDay, toDay } from "../../lib/domain/day";
import { bulkInsert, sqlTimestamp } from "../../lib/data/bulk-write";
import { writeAllocation } from "../../lib/jobs/allocation-write";
import { FIVE_MINUTE_RETENTION_MS, MINUTE_RETENTION_MS, SAMPLE_COLUMNS } from "../../lib/jobs/sync-samples";

export async function seedLargeApplication(db: Db, accountId: number, { slug = "bench-200", services = 200, days = 90 } = {}) {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const app = await db.application.create({ data: { accountId, slug, name: `Bench (${services} services)`, description: "Synthetic load for npm run bench" } });
  const created = await db.service.createManyAndReturn({ data: Array.from({ length: services }, (_, i) => ({ applicationId: app.id, name: `svc-${String(i).padStart(3, "0")}` })) });
  const today = toDay(new Date());
  const list = eachDay(addDays(today, -days), today);
  for (const day of list) {
    const withCost = day < today;
    const costs = withCost
      ? [
          ...created.map((s) => ({ accountId, day, scope: `svc:${s.id}`, applicationId: app.id, serviceId: s.id, costMicroUsd: BigInt(Math.round(1e6 + random() * 5e7)), estimated: false })),
          { accountId, day, scope: `app:${app.id}`, applicationId: app.id, serviceId: null, costMicroUsd: BigInt(Math.round(2e9 * (0.9 + random() * 0.2))), estimated: false },
        ]
      : [];
    const traffic = created.map((s) => ({ serviceId: s.id, day, requestCount: BigInt(Math.round(1e4 + random() * 5e6)), count5xx: BigInt(Math.round(random() * 500)) }));
    await db.$transaction([db.costDay.createMany({ data: costs }), db.serviceDay.createMany({ data: traffic })]);
  }
  await db.$transaction(async (tx) => writeAllocation(tx, [app.id]), { timeout: 120_000 });
  return app;
}

/**
 * Two days of high-resolution samples for each service, as the signals job keeps them: 5-minute
 * samples for 2 days and 1-minute ones for the last 3 hours, steady traffic with a little noise
 * (no overload), written straight to the database.
 */
export async function seedLargeSamples(db: Db, serviceIds: readonly number[], now: Date): Promise<number> {
  let seed = 54321;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const rows: (string | number | null)[][] = [];
  const floorTo = (t: number, ms: number) => Math.floor(t / ms) * ms;
  for (const serviceId of serviceIds) {
    const base = 2_000 + random() * 50_000;
    for (const [periodSeconds, count] of [[300, FIVE_MINUTE_RETENTION_MS / 300_000], [60, MINUTE_RETENTION_MS / 60_000]] as const) {
      const last = floorTo(now.getTime(), periodSeconds * 1000) - periodSeconds * 1000;
      for (let i = 0; i < count; i++) {
        const requests = Math.round(((base * periodSeconds) / 300) * (0.9 + random() * 0.2));
        const count4xx = Math.round(requests * 0.01 * random());
        const count5xx = Math.round(requests * 0.001 * random());
        const p50 = Math.round((20 + random() * 5) * 1000) / 1000;
        rows.push([serviceId, "", periodSeconds, sqlTimestamp(new Date(last - i * periodSeconds * 1000)), requests, requests - count4xx - count5xx, count4xx, count5xx, 0, null, p50, Math.round(p50 * (4 + random()) * 1000) / 1000, null, null, null, null]);
      }
    }
  }
  await db.$transaction(async (tx) => bulkInsert(tx, "MetricSample", SAMPLE_COLUMNS, rows), { timeout: 600_000 });
  return rows.length;
}
