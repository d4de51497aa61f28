// The demo's features and cost limits. Limits are set from the account's own
// synced history (a baseline from before recommendations began to creep), so that
// whatever the day, a fresh start shows storefront over its cost-per-request
// limit with a live proposal to throttle recommendations.
import type { Db } from "../db/client";
import { addDays } from "../domain/day";
import { DEMO_FEATURES } from "../sources/demo/catalog";
import { SCENARIOS } from "../sources/demo/catalog";
import { num } from "../data/sql";

export async function seedDemoFeatures(db: Db, accountId: number): Promise<number> {
  let created = 0;
  for (const f of DEMO_FEATURES) {
    const app = await db.application.findUnique({ where: { accountId_slug: { accountId, slug: f.app } } });
    if (!app || (await db.feature.findUnique({ where: { applicationId_key: { applicationId: app.id, key: f.key } } }))) continue;
    const services = await db.service.findMany({ where: { applicationId: app.id, name: { in: [...f.services] } }, select: { id: true } });
    await db.feature.create({
      data: { applicationId: app.id, key: f.key, name: f.name, tier: f.tier, description: f.description, revenueSharePercent: f.revenueSharePercent, services: { create: services.map((s) => ({ serviceId: s.id })) } },
    });
    created++;
  }
  return created;
}

/** A week of an application (or of one service) ending `daysBack` days before the last cost day: cost per day and per 1M requests. */
async function baseline(db: Db, applicationId: number, daysBack: number, serviceName?: string) {
  const last = await db.costDay.aggregate({ where: { applicationId }, _max: { day: true } });
  if (!last._max.day) return null;
  const to = addDays(last._max.day, -daysBack);
  const where = { applicationId, day: { gte: addDays(to, -6), lte: to }, ...(serviceName ? { service: { name: serviceName } } : {}) };
  const sums = await db.serviceCostDay.aggregate({ where, _sum: { ownCostMicroUsd: true, sharedCostMicroUsd: true, requestCount: true } });
  const cost = num(sums._sum.ownCostMicroUsd) + num(sums._sum.sharedCostMicroUsd);
  const requests = num(sums._sum.requestCount);
  return requests > 0 ? { perDayMicroUsd: cost / 7, perMillionMicroUsd: (cost * 1e6) / requests } : null;
}

const round = (micro: number) => BigInt(Math.round(micro / 10_000) * 10_000); // whole cents

export async function seedDemoLimits(db: Db, accountId: number): Promise<number> {
  const apps = await db.application.findMany({ where: { accountId }, include: { _count: { select: { limits: true } } } });
  let created = 0;
  for (const app of apps) {
    if (app._count.limits > 0) continue;
    // Before the creep window: what the application cost when recommendations behaved.
    const before = await baseline(db, app.id, SCENARIOS.creep.days + 7);
    if (!before) continue;
    if (app.slug === "storefront") {
      await db.costLimit.create({ data: { applicationId: app.id, kind: "cost_per_million", warningMicroUsd: round(before.perMillionMicroUsd * 1.04), breachMicroUsd: round(before.perMillionMicroUsd * 1.08) } });
      const recs = await baseline(db, app.id, SCENARIOS.creep.days + 7, "recommendations");
      const feature = await db.feature.findUnique({ where: { applicationId_key: { applicationId: app.id, key: "recommendations.enabled" } } });
      if (recs && feature) {
        await db.costLimit.create({ data: { applicationId: app.id, featureId: feature.id, kind: "daily_spend", warningMicroUsd: round(recs.perDayMicroUsd * 1.5), breachMicroUsd: round(recs.perDayMicroUsd * 3) } });
        created++;
      }
    } else {
      await db.costLimit.create({ data: { applicationId: app.id, kind: "month_to_date", warningMicroUsd: round(before.perDayMicroUsd * 30 * 1.15), breachMicroUsd: round(before.perDayMicroUsd * 30 * 1.3) } });
    }
    created++;
  }
  return created;
}
