// Creates the demo account's configuration: applications, their tag rules and
// business-metric mappings. Safe to run again: it only adds what is missing.
import type { Db } from "../db/client";
import { DEMO_APPLICATIONS, DEMO_BUSINESS_METRICS, DEMO_EXPLORED_TAG_KEY, DEMO_NAMESPACE } from "../sources/demo/catalog";

export const DEMO_ACCOUNT_NAME = "Demo web shop";

export async function seedDemoAccount(db: Db): Promise<{ accountId: number; created: boolean }> {
  const existing = await db.cloudAccount.findFirst({ where: { source: "demo" } });
  const account = existing ?? (await db.cloudAccount.create({ data: { name: DEMO_ACCOUNT_NAME, source: "demo", exploredTagKeys: JSON.stringify([DEMO_EXPLORED_TAG_KEY]) } }));
  await db.$transaction(async (tx) => {
    for (const [index, app] of DEMO_APPLICATIONS.entries()) {
      const application = await tx.application.upsert({
        where: { accountId_slug: { accountId: account.id, slug: app.slug } },
        create: { accountId: account.id, slug: app.slug, name: app.name, description: app.description },
        update: {},
      });
      const position = (index + 1) * 10;
      const rule = await tx.tagRule.findFirst({ where: { accountId: account.id, position } });
      if (!rule) {
        await tx.tagRule.create({
          data: { accountId: account.id, applicationId: application.id, position, key: app.rule.key, value: app.rule.value },
        });
      }
      for (const metric of DEMO_BUSINESS_METRICS.filter((m) => m.app === app.slug)) {
        await tx.businessMetric.upsert({
          where: { applicationId_name: { applicationId: application.id, name: metric.name } },
          create: {
            applicationId: application.id,
            name: metric.name,
            unit: metric.unit,
            aggregation: metric.aggregation,
            origin: "cloudwatch",
            cloudwatch: { namespace: DEMO_NAMESPACE, metricName: metric.metricName, dimensions: [], stat: metric.stat },
            revenuePerUnitUsd: metric.unit === "USD" ? 1 : null,
          },
          update: {},
        });
      }
    }
  });
  return { accountId: account.id, created: !existing };
}
