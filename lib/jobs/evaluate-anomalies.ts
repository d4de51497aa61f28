// After every sync: judge the account's figures again (lib/domain/anomalies.ts),
// keep one row per anomaly (matched by scope and days, so a shift stays one row
// while it lasts and an estimated day judged again when final updates it), and queue
// one webhook message when an anomaly opens and one when it closes or is withdrawn.
// What people marked expected sends nothing. Old episodes found on a first sync are
// stored as history without a message.
import type { Db, Prisma } from "../db/client";
import { publicBaseUrl } from "../env";
import { biggestRise, driverChange, weekdayName } from "../domain/anomalies";
import { detectApplicationAnomalies, sameAnomaly, type DetectedAnomaly } from "../domain/anomaly-grouping";
import { anomalyGenericPayload, anomalySlackPayload, type AnomalyDetails, type AnomalyForText, type AnomalyMessage } from "../domain/anomaly-text";
import { addDays, toDay } from "../domain/day";
import { ANOMALY_HISTORY_DAYS, anomalyInputs, type ApplicationInputs } from "../data/anomaly-inputs";

/** An anomaly first seen with its last anomalous day further back than this is history: stored, not announced. */
const ANNOUNCE_WITHIN_DAYS = 3;

export interface AnomalyEvaluation {
  applicationId: number;
  open: number;
  opened: number;
  closed: number;
  messages: number;
}

function detailsOf(app: ApplicationInputs, a: DetectedAnomaly): AnomalyDetails {
  const service = a.serviceId === null ? null : app.services.find((s) => s.id === a.serviceId);
  const day = a.latest.day;
  // What moved is measured against the weeks before the anomaly began, as the figure is.
  const excluded = [...(service ? service.scope.excluded : app.scope.excluded), { from: a.startDay, to: addDays(day, -1) }];
  const labelOf = (scope: string) => (scope === app.scope.scope ? app.name : (app.services.find((s) => s.scope.scope === scope)?.name ?? scope));
  return {
    weekday: weekdayName(day),
    basisPoints: a.latest.basis.points,
    monthEnd: a.latest.basis.monthEnd,
    drivers: service
      ? { own: driverChange(service.drivers.own, day, excluded), shared: driverChange(service.drivers.shared, day, excluded), requests: driverChange(service.drivers.requests, day, excluded) }
      : { requests: driverChange(app.drivers.requests, day, excluded), units: app.metric ? driverChange(app.drivers.units, day, excluded) : null },
    related: a.related.map((r) => ({ label: labelOf(r.scope), figure: r.figure, value: r.value, expected: r.expected })),
    trail: a.trail.map((j) => ({ day: j.day, value: j.value, low: j.low, high: j.high, expected: j.expected })),
    unit: app.metric ? app.metric.unit.replace(/s$/, "") : null,
    awsService: awsServiceRise(app, a, excluded),
  };
}

/** The AWS service line of the application that rose most on the anomaly's latest day, if it carries a good part of the rise. */
function awsServiceRise(app: ApplicationInputs, a: DetectedAnomaly, excluded: { from: string; to: string }[]): AnomalyDetails["awsService"] {
  const rise = biggestRise(app.awsServices, a.latest.day, excluded);
  if (!rise || rise.value - rise.expected < Math.max(0.01, (a.latest.excessUsd ?? 0) / 4)) return null;
  return { name: rise.name, costUsd: rise.value, expectedUsd: rise.expected };
}

export function anomalyForText(row: { serviceId: number | null; figure: string; kind: string; state: string; startDay: string; openedDay: string; closedDay: string | null; value: number; low: number; high: number; estimated: boolean; details: unknown }, subject: string): AnomalyForText {
  return {
    subject,
    figure: row.figure as AnomalyForText["figure"],
    kind: row.kind as AnomalyForText["kind"],
    state: row.state as AnomalyForText["state"],
    startDay: row.startDay,
    openedDay: row.openedDay,
    closedDay: row.closedDay,
    value: row.value,
    low: row.low,
    high: row.high,
    estimated: row.estimated,
    details: row.details as AnomalyDetails,
  };
}

export async function evaluateApplicationAnomalies(db: Db, app: ApplicationInputs, now = new Date()): Promise<AnomalyEvaluation> {
  const result: AnomalyEvaluation = { applicationId: app.id, open: 0, opened: 0, closed: 0, messages: 0 };
  const today = toDay(now);
  const detected = detectApplicationAnomalies(
    app.scope,
    app.services.map((s) => s.scope),
    app.thresholds,
  );
  const oldest = addDays(today, -ANOMALY_HISTORY_DAYS);
  const stored = await db.anomaly.findMany({ where: { applicationId: app.id, OR: [{ state: "open" }, { lastDay: { gte: oldest } }] } });
  const matched = new Set<number>();
  const subjectOf = (a: { serviceId: number | null }) => (a.serviceId === null ? app.name : (app.services.find((s) => s.id === a.serviceId)?.name ?? app.name));

  const announce = async (tx: Prisma.TransactionClient, row: Prisma.AnomalyGetPayload<object>, event: AnomalyMessage["event"]) => {
    if (row.feedback === "expected") return;
    const message: AnomalyMessage = { event, application: app.name, anomaly: anomalyForText(row, subjectOf(row)), url: `${publicBaseUrl()}/anomalies?app=${encodeURIComponent(app.slug)}` };
    for (const hook of app.webhooks) {
      const payload = (hook.format === "slack" ? anomalySlackPayload(message) : anomalyGenericPayload(message)) as Prisma.InputJsonValue;
      // The unique (webhook, anomaly, event) key makes a second message for the same event impossible.
      await tx.webhookDelivery.upsert({ where: { webhookId_anomalyId_event: { webhookId: hook.id, anomalyId: row.id, event } }, create: { webhookId: hook.id, anomalyId: row.id, event, payload, nextAttemptAt: now }, update: {} });
      result.messages++;
    }
  };

  for (const a of detected) {
    const state = a.closedDay === null ? "open" : "closed";
    if (state === "open") result.open++;
    const data = {
      serviceId: a.serviceId,
      figure: a.figure,
      metricId: a.figure === "cost_per_unit" ? (app.metric?.id ?? null) : null,
      kind: a.kind,
      state,
      startDay: a.startDay,
      lastDay: a.lastDay,
      closedDay: a.closedDay,
      value: a.latest.value,
      expected: a.latest.expected ?? a.latest.value,
      low: a.latest.low ?? a.latest.value,
      high: a.latest.high ?? a.latest.value,
      excessUsd: a.latest.excessUsd ?? 0,
      estimated: a.latest.estimated,
      details: detailsOf(app, a) as unknown as Prisma.InputJsonValue,
    };
    const existing = stored.find((s) => !matched.has(s.id) && sameAnomaly(s, a));
    await db.$transaction(async (tx) => {
      if (!existing) {
        const row = await tx.anomaly.create({ data: { ...data, applicationId: app.id, scope: a.scope, openedDay: a.openedDay, closedAt: state === "closed" ? now : null } });
        const current = a.lastDay >= addDays(today, -ANNOUNCE_WITHIN_DAYS);
        if (state === "open" && current) {
          result.opened++;
          await announce(tx, row, "anomaly_opened");
        }
        return;
      }
      matched.add(existing.id);
      const clash = existing.openedDay !== a.openedDay && stored.some((s) => s.id !== existing.id && s.scope === a.scope && s.openedDay === a.openedDay);
      const row = await tx.anomaly.update({
        where: { id: existing.id },
        data: { ...data, ...(clash ? {} : { openedDay: a.openedDay }), closedAt: state === "closed" ? (existing.closedAt ?? now) : null },
      });
      if (existing.state !== "open" && state === "open") {
        result.opened++;
        await announce(tx, row, "anomaly_opened");
      }
      if (existing.state === "open" && state === "closed") {
        result.closed++;
        await announce(tx, row, "anomaly_closed");
      }
    });
  }
  // Open anomalies the figures no longer show (an estimated day that was usual once final): withdrawn.
  for (const s of stored.filter((s) => s.state === "open" && !matched.has(s.id))) {
    await db.$transaction(async (tx) => {
      const row = await tx.anomaly.update({ where: { id: s.id }, data: { state: "withdrawn", closedAt: now, closedDay: today } });
      result.closed++;
      await announce(tx, row, "anomaly_closed");
    });
  }
  return result;
}

/** Every application of the account, its inputs read once. */
export async function evaluateAllAnomalies(db: Db, accountId: number, now = new Date()): Promise<AnomalyEvaluation[]> {
  const out: AnomalyEvaluation[] = [];
  for (const app of await anomalyInputs(db, accountId, now)) out.push(await evaluateApplicationAnomalies(db, app, now));
  return out;
}
