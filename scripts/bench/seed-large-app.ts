// A large application for the benchmark: `services` services, `days` days of cost
// and traffic each, a shared pool, written straight to the database.
import type { Db } from "../../lib/db/client";
import { addDays, eachDay, toDay } from "../../lib/domain/day";
import { writeAllocation } from "../../lib/jobs/allocation-write";

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
