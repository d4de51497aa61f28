import type { Db } from "../db/client";

export interface ApplicationView {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  allocationStrategy: string;
  /** The business metric chosen for the headline unit cost (null: the default, see headlineMetric). */
  headlineMetricId: number | null;
}

export async function getApplication(db: Db, accountId: number, slug: string): Promise<ApplicationView | null> {
  const app = await db.application.findUnique({ where: { accountId_slug: { accountId, slug } } });
  return app && { id: app.id, slug: app.slug, name: app.name, description: app.description, allocationStrategy: app.allocationStrategy, headlineMetricId: app.headlineMetricId };
}
