import type { Db } from "../db/client";
import { diffWrite, type WriteCounts } from "./diff-write";
import { serviceKeyOf, type SyncSnapshot } from "./sync";

/** Same tags regardless of key order. */
function canonicalTags(tags: unknown): string {
  const entries = Object.entries((tags ?? {}) as Record<string, string>).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(entries);
}

/**
 * Cells, services and resources, in one transaction. Services and cells are
 * never deleted (their history stays readable); a resource that disappears is
 * marked gone rather than deleted.
 */
export async function writeInventory(
  db: Db,
  accountId: number,
  snapshot: SyncSnapshot,
  now: Date,
): Promise<{ counts: WriteCounts; serviceIds: Map<string, number> }> {
  return db.$transaction(async (tx) => {
    const cellNames = new Set(snapshot.resources.flatMap((r) => (r.classification.cell ? [r.classification.cell] : [])));
    const cells = new Map((await tx.cell.findMany({ where: { accountId } })).map((c) => [c.name, c.id]));
    for (const name of cellNames) {
      if (!cells.has(name)) cells.set(name, (await tx.cell.create({ data: { accountId, name } })).id);
    }

    const wanted = new Map<string, { applicationId: number; name: string }>();
    for (const { classification: c } of snapshot.resources) {
      if (c.applicationId !== null && c.service !== null) wanted.set(serviceKeyOf(c.applicationId, c.service), { applicationId: c.applicationId, name: c.service });
    }
    for (const cost of snapshot.costs) {
      if (cost.applicationId !== null && cost.service !== null) wanted.set(serviceKeyOf(cost.applicationId, cost.service), { applicationId: cost.applicationId, name: cost.service });
    }
    const existingServices = await tx.service.findMany({ where: { application: { accountId } } });
    const serviceIds = new Map(existingServices.map((s) => [serviceKeyOf(s.applicationId, s.name), s.id]));
    for (const [key, service] of wanted) {
      if (!serviceIds.has(key)) serviceIds.set(key, (await tx.service.create({ data: service })).id);
    }

    const desired = snapshot.resources.map(({ resource, classification: c }) => ({
      accountId,
      arn: resource.arn,
      name: resource.name,
      type: resource.type,
      region: resource.region,
      tags: resource.tags,
      applicationId: c.applicationId,
      serviceId: c.applicationId !== null && c.service !== null ? (serviceIds.get(serviceKeyOf(c.applicationId, c.service)) ?? null) : null,
      cellId: c.cell ? (cells.get(c.cell) ?? null) : null,
    }));
    const counts = await diffWrite({
      existing: await tx.resource.findMany({ where: { accountId } }),
      desired,
      keyOfExisting: (r) => r.arn,
      keyOfDesired: (r) => r.arn,
      same: (e, d) =>
        e.goneSince === null &&
        e.name === d.name &&
        e.type === d.type &&
        e.region === d.region &&
        e.applicationId === d.applicationId &&
        e.serviceId === d.serviceId &&
        e.cellId === d.cellId &&
        canonicalTags(e.tags) === canonicalTags(d.tags),
      create: (rows) => tx.resource.createMany({ data: rows }),
      update: (e, d) => tx.resource.update({ where: { id: e.id }, data: { ...d, goneSince: null } }),
      remove: async (rows) => {
        const ids = rows.filter((r) => r.goneSince === null).map((r) => r.id);
        if (ids.length === 0) return 0;
        return (await tx.resource.updateMany({ where: { id: { in: ids } }, data: { goneSince: now } })).count;
      },
    });
    return { counts, serviceIds };
  });
}
