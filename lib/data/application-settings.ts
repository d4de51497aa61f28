import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import type { AllocationStrategy } from "../domain/allocation";
import { BadRequestError, NotFoundError } from "../errors";
import { writeAllocation } from "../jobs/allocation-write";

/**
 * Changes how an application's shared pool is split, and re-splits every day
 * already stored, in one transaction: the pages never show a mix of both.
 */
export async function setAllocationStrategy(db: Db, applicationId: number, strategy: AllocationStrategy, actor: AuditActor, reason?: string): Promise<{ rowsChanged: number }> {
  return db.$transaction(
    async (tx) => {
      const app = await tx.application.findUnique({ where: { id: applicationId } });
      if (!app) throw new NotFoundError("No such application.");
      const weights = strategy.kind === "weights" ? strategy.weights : null;
      await tx.application.update({ where: { id: applicationId }, data: { allocationStrategy: strategy.kind, allocationWeights: weights ?? undefined } });
      const counts = await writeAllocation(tx, [applicationId]);
      await recordAudit(tx, {
        actor,
        action: "application.allocation_changed",
        object: { type: "application", id: applicationId, label: app.name },
        applicationId,
        before: { strategy: app.allocationStrategy, weights: (app.allocationWeights ?? null) as Record<string, number> | null },
        after: { strategy: strategy.kind, weights },
        reason: reason ?? null,
      });
      return { rowsChanged: counts.inserted + counts.updated + counts.deleted };
    },
    { timeout: 30_000 },
  );
}

/**
 * Name, description and the headline business metric. `headlineMetricId`: undefined leaves
 * it, null returns to the default (the first declared metric that is not revenue).
 */
export async function updateApplicationDetails(db: Db, applicationId: number, input: { name: string; description: string | null; headlineMetricId?: number | null }, actor: AuditActor) {
  return db.$transaction(async (tx) => {
    const before = await tx.application.findUnique({ where: { id: applicationId } });
    if (!before) throw new NotFoundError("No such application.");
    const metrics = await tx.businessMetric.findMany({ where: { applicationId }, select: { id: true, name: true } });
    const nameOf = (id: number | null) => metrics.find((m) => m.id === id)?.name ?? null;
    if (input.headlineMetricId != null && nameOf(input.headlineMetricId) === null) {
      throw new BadRequestError("That business metric is not one of this application's; reload the page.");
    }
    const after = await tx.application.update({ where: { id: applicationId }, data: { name: input.name, description: input.description, headlineMetricId: input.headlineMetricId } });
    await recordAudit(tx, {
      actor,
      action: "application.changed",
      object: { type: "application", id: applicationId, label: after.name },
      applicationId,
      before: { name: before.name, description: before.description, headlineMetric: nameOf(before.headlineMetricId) },
      after: { name: after.name, description: after.description, headlineMetric: nameOf(after.headlineMetricId) },
    });
    return after;
  });
}

/** Sets (or, with null, removes) an application's monthly budget; audited with the amounts in dollars. */
export async function setMonthlyBudget(db: Db, applicationId: number, budgetMicroUsd: number | null, actor: AuditActor, reason?: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.application.findUnique({ where: { id: applicationId } });
    if (!before) throw new NotFoundError("No such application.");
    const after = await tx.application.update({ where: { id: applicationId }, data: { monthlyBudgetMicroUsd: budgetMicroUsd === null ? null : BigInt(budgetMicroUsd) } });
    const usd = (v: bigint | null) => (v === null ? null : Number(v) / 1e6);
    await recordAudit(tx, {
      actor,
      action: "application.budget_changed",
      object: { type: "application", id: applicationId, label: after.name },
      applicationId,
      before: { monthlyBudgetUsd: usd(before.monthlyBudgetMicroUsd) },
      after: { monthlyBudgetUsd: usd(after.monthlyBudgetMicroUsd) },
      reason: reason ?? null,
    });
    return after;
  });
}
