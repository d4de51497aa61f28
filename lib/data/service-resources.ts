// The resources tagged with one service, with what each cost over the last 14 days.
import { Prisma, type Db } from "../db/client";
import type { Day } from "../domain/day";
import { getResourceCosts, topResourcesByCost, type ResourceCosts } from "./resource-cost";

export interface ServiceResource {
  id: number;
  arn: string;
  name: string;
  type: string;
  region: string;
  /** The cell it serves, or null when it serves them all. */
  cell: string | null;
}

export interface ServiceResources {
  /** Every resource of the service (gone ones aside). */
  total: number;
  resources: ServiceResource[];
  costs: ResourceCosts;
}

const read = { id: true, arn: true, name: true, type: true, region: true, cell: { select: { name: true } } } as const;

function resource(r: { id: number; arn: string; name: string; type: string; region: string; cell: { name: string } | null }): ServiceResource {
  return { id: r.id, arn: r.arn, name: r.name, type: r.type, region: r.region, cell: r.cell?.name ?? null };
}

/** What the service page lists: the costliest `limit` (a service of many functions or queues would draw them all). */
export async function getServiceResourcesTop(db: Db, accountId: number, serviceId: number, today: Day, limit: number): Promise<ServiceResources> {
  const where = Prisma.sql`r."serviceId" = ${serviceId} AND r."goneSince" IS NULL`;
  const { total, rows, costs } = await topResourcesByCost(db, accountId, where, today, limit, (ids) => db.resource.findMany({ where: { id: { in: ids } }, select: read }));
  return { total, resources: rows.map(resource), costs };
}

/** Every resource of the service, by type and name, for the export. */
export async function getServiceResources(db: Db, accountId: number, serviceId: number, today: Day): Promise<ServiceResources> {
  const rows = await db.resource.findMany({ where: { serviceId, goneSince: null }, orderBy: [{ type: "asc" }, { name: "asc" }, { id: "asc" }], select: read });
  const costs = await getResourceCosts(db, accountId, rows.map((r) => r.id), today);
  return { total: rows.length, resources: rows.map(resource), costs };
}
