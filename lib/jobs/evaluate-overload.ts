// After fresh samples: each application's overload signals move its incidents
// along (overloaded → recovering → resolved), queue one webhook message per
// incident event, and propose shedding low-tier features in a sick cell (or giving
// back what was shed once it is well). Proposals apply themselves only where the
// application opted in, and never for tier 1. Last, the verdict the applications
// list shows until the next run.
import type { Db, Prisma } from "../db/client";
import { publicBaseUrl } from "../env";
import { genericPayload, slackPayload, stepIncident, type IncidentMessage, type IncidentState } from "../domain/incidents";
import { becauseText, planLoadShedding, type ServiceCellState, type ShedFeature, type ShedPlan } from "../domain/load-shedding";
import { overloadedSince, recoveryCheck, SIGNAL_NAMES, worst, type Signal, type SignalKind } from "../domain/signals";
import { describePosition, parseCellPositions } from "../domain/switches";
import { positionOf } from "../data/limit-inputs";
import { overloadState, recoveringCells, statusesOf } from "../data/overload";
import { recordVerdict } from "../data/overload-summary";
import { decideProposal, DISMISSAL_MEMORY_MS, switchImpact } from "../data/switches";

const AUTOMATION = { kind: "system", label: "automation" } as const;

export interface OverloadEvaluation {
  applicationId: number;
  opened: number;
  resolved: number;
  messages: number;
  proposed: number;
  applied: number;
}

export async function evaluateOverload(db: Db, applicationId: number, now = new Date()): Promise<OverloadEvaluation> {
  const result: OverloadEvaluation = { applicationId, opened: 0, resolved: 0, messages: 0, proposed: 0, applied: 0 };
  const app = await db.application.findUniqueOrThrow({ where: { id: applicationId }, include: { services: { select: { id: true, name: true } }, webhooks: { where: { enabled: true } } } });
  // Read past the page cache: this run has just updated samples in place.
  const state = await overloadState(db, applicationId, now, { fresh: true });
  const serviceIds = new Map(app.services.map((s) => [s.name, s.id]));
  const open = await db.incident.findMany({ where: { applicationId, state: { in: ["overloaded", "recovering"] } }, include: { service: { select: { name: true } } } });

  // Every signal that is overloaded now, and every incident still open, gets a step.
  const keys = new Map<string, { service: string; cell: string; signal: SignalKind }>();
  for (const s of state.signals.filter((g) => g.state === "overloaded")) keys.set(`${s.service}\u0000${s.cell}\u0000${s.kind}`, { service: s.service, cell: s.cell, signal: s.kind });
  for (const i of open) keys.set(`${i.service.name}\u0000${i.cell}\u0000${i.signal}`, { service: i.service.name, cell: i.cell, signal: i.signal as SignalKind });

  for (const { service, cell, signal } of keys.values()) {
    const serviceId = serviceIds.get(service);
    if (serviceId === undefined) continue;
    const current = state.signals.find((g) => g.service === service && g.cell === cell && g.kind === signal);
    const incident = open.find((i) => i.serviceId === serviceId && i.cell === cell && i.signal === signal);
    const series = state.series.find((s) => s.service === service && s.cell === cell);
    // No recent samples is not a recovery (a service that stopped publishing may be down): the incident waits.
    if (!series) continue;
    const recovery = recoveryCheck(series, now, state.thresholds);
    const step = stepIncident((incident?.state as IncidentState | undefined) ?? null, current?.state ?? "ok", recovery.recovered);
    if (step.next === null) continue;
    const reason = current?.reason ?? incident?.reason ?? "";
    await db.$transaction(async (tx) => {
      let row;
      if (!incident) {
        // Dated from the samples: overload found in samples loaded in bulk began before this run.
        const startedAt = overloadedSince(state.series, { service, cell, kind: signal }, now, state.thresholds);
        row = await tx.incident.create({ data: { applicationId, serviceId, cell, signal, state: "overloaded", startedAt, reason, peakReason: reason, peakValue: current?.value ?? null } });
        result.opened++;
      } else {
        const worse = current?.state === "overloaded" && current.value !== null && current.value >= (incident.peakValue ?? -Infinity);
        row = await tx.incident.update({
          where: { id: incident.id },
          data: {
            state: step.next as string,
            reason: step.next === "recovering" ? `Recovering: ${recovery.waitingFor.join("; ") || "back to its baseline"}` : reason,
            ...(worse ? { peakReason: reason, peakValue: current?.value ?? null } : {}),
            recoveringSince: step.next === "recovering" ? (incident.recoveringSince ?? now) : step.next === "overloaded" ? null : incident.recoveringSince,
            resolvedAt: step.next === "resolved" ? now : null,
          },
        });
        if (step.next === "resolved") result.resolved++;
      }
      if (!step.notify) return;
      const message: IncidentMessage = {
        event: step.notify,
        application: app.name,
        service,
        cell,
        signal: SIGNAL_NAMES[signal],
        reason: step.notify === "overloaded" ? reason : `Back to its baseline. At worst: ${row.peakReason}`,
        startedAt: row.startedAt,
        resolvedAt: row.resolvedAt,
        url: `${publicBaseUrl()}/applications/${app.slug}/overload?cell=${encodeURIComponent(cell)}`,
      };
      for (const hook of app.webhooks) {
        const payload = (hook.format === "slack" ? slackPayload(message) : genericPayload(message)) as Prisma.InputJsonValue;
        // The unique (webhook, incident, event) key makes a second message for the same event impossible.
        await tx.webhookDelivery.upsert({ where: { webhookId_incidentId_event: { webhookId: hook.id, incidentId: row.id, event: step.notify } }, create: { webhookId: hook.id, incidentId: row.id, event: step.notify, payload, nextAttemptAt: now }, update: {} });
        result.messages++;
      }
    });
  }

  const shed = await proposeLoadShedding(db, app, state.statuses, state.signals, now);
  result.proposed = shed.proposed;
  result.applied = shed.applied;
  // What the applications list shows until the next run: judged with the incidents as this run left them.
  const statuses = statusesOf(state.series, state.signals, await recoveringCells(db, applicationId), now, state.thresholds);
  await recordVerdict(db, applicationId, { ...state, statuses, state: worst(statuses.map((s) => s.state)) });
  return result;
}

async function proposeLoadShedding(
  db: Db,
  app: { id: number; autoApplyFromTier: number | null; cooldownMinutes: number },
  statuses: { service: string; cell: string; state: ServiceCellState["state"]; reason: string }[],
  signals: Signal[],
  now: Date,
): Promise<{ proposed: number; applied: number }> {
  const features = await db.feature.findMany({
    where: { applicationId: app.id },
    include: { services: { include: { service: { select: { name: true } } } }, changes: { where: { status: "applied" }, orderBy: { requestedAt: "desc" }, take: 1 } },
  });
  const input: ShedFeature[] = features.map((f) => ({
    id: f.id,
    key: f.key,
    name: f.name,
    tier: f.tier,
    services: f.services.map((s) => s.service.name),
    position: positionOf(f),
    cellPositions: parseCellPositions(f.cellStates),
    lastChangedAt: f.changes[0] ? (f.changes[0].decidedAt ?? f.changes[0].requestedAt) : null,
  }));
  const states: ServiceCellState[] = statuses.map((s) => {
    const own = signals.filter((g) => g.service === s.service && g.cell === s.cell && g.state === "overloaded");
    return { ...s, reason: own[0]?.reason ?? s.reason };
  });
  const plans = planLoadShedding({ states, features: input, now, cooldownMs: app.cooldownMinutes * 60_000 });

  const open = await db.proposal.findMany({ where: { applicationId: app.id, kind: "load", status: "open" } });
  const dismissed = await db.proposal.findMany({ where: { applicationId: app.id, kind: "load", status: "dismissed", decidedAt: { gt: new Date(now.getTime() - DISMISSAL_MEMORY_MS.load) } } });
  const same = (p: { featureId: number; cell: string | null; action: string; toState: string; throttlePercent: number | null }, plan: ShedPlan) =>
    p.featureId === plan.featureId && p.cell === plan.cell && p.action === plan.action && p.toState === plan.to.state && (p.throttlePercent ?? null) === plan.to.throttlePercent;

  let proposed = 0;
  const kept = new Set<number>();
  const toApply: number[] = [];
  for (const plan of plans) {
    const feature = input.find((f) => f.id === plan.featureId) as ShedFeature;
    const impact = await switchImpact(db, plan.featureId, plan.to, plan.cell);
    const where = plan.cell ? ` in ${plan.cell}` : "";
    const reason =
      plan.action === "throttle"
        ? `Shed ${feature.name} (tier ${feature.tier})${where}: ${becauseText(plan.because)}`
        : `${plan.cell ?? "Every cell"} is back to its baseline for the services ${feature.name} uses: give it back (${describePosition(plan.to)}).`;
    const details = {
      reason,
      because: plan.because,
      savingMicroUsd: impact.savingMicroUsd,
      requestsAtRisk: impact.requestsAtRisk,
      revenueAtRiskMicroUsd: impact.revenueAtRiskMicroUsd,
    } as Prisma.InputJsonValue;
    const existing = open.find((p) => same(p, plan));
    const auto = app.autoApplyFromTier !== null && feature.tier >= Math.max(2, app.autoApplyFromTier);
    if (existing) {
      kept.add(existing.id);
      await db.proposal.update({ where: { id: existing.id }, data: { details } });
      if (auto) toApply.push(existing.id);
      continue;
    }
    if (dismissed.some((p) => same(p, plan))) continue;
    const created = await db.proposal.create({
      data: { applicationId: app.id, featureId: plan.featureId, kind: "load", action: plan.action, fromState: plan.from.state, toState: plan.to.state, throttlePercent: plan.to.throttlePercent, cell: plan.cell, details },
    });
    proposed++;
    if (auto) toApply.push(created.id);
  }
  for (const stale of open.filter((p) => !kept.has(p.id))) {
    await db.proposal.update({ where: { id: stale.id }, data: { status: "expired", decidedAt: now } });
  }
  let applied = 0;
  for (const id of toApply) {
    const proposal = await db.proposal.findUniqueOrThrow({ where: { id } });
    try {
      await decideProposal(db, id, "apply", AUTOMATION, `Automatic: ${(proposal.details as { reason?: string }).reason ?? "overload"}`);
      applied++;
    } catch (error) {
      console.error(`[frugal] could not apply load proposal ${id} automatically:`, error instanceof Error ? error.message : error);
    }
  }
  return { proposed, applied };
}

export async function evaluateAllOverload(db: Db, accountId: number, now = new Date()): Promise<OverloadEvaluation[]> {
  const apps = await db.application.findMany({ where: { accountId }, select: { id: true } });
  const out: OverloadEvaluation[] = [];
  for (const app of apps) out.push(await evaluateOverload(db, app.id, now));
  return out;
}
