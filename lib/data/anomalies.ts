// Anomalies as the pages and the API show them, people's feedback on them (expected
// with a reason, or real), and each application's thresholds. Feedback and
// thresholds are audited.
import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { ANOMALY_THRESHOLD_BOUNDS, type AnomalyFigure, type AnomalyThresholds } from "../domain/anomalies";
import { describeAnomaly, figureName, type AnomalyDetails } from "../domain/anomaly-text";
import type { Day } from "../domain/day";
import { NotFoundError } from "../errors";
import { saveApplicationThresholds, type ThresholdsKind } from "./application-thresholds";
import { thresholdsOf } from "./anomaly-inputs";
import { anomalyForText } from "../jobs/evaluate-anomalies";

export interface AnomalyView {
  id: number;
  application: { id: number; slug: string; name: string };
  /** The service's name, or the application's for its own figures. */
  subject: string;
  serviceName: string | null;
  figure: AnomalyFigure;
  figureLabel: string;
  kind: "spike" | "shift";
  state: "open" | "closed" | "withdrawn";
  startDay: Day;
  openedDay: Day;
  lastDay: Day;
  closedDay: Day | null;
  value: number;
  expected: number;
  low: number;
  high: number;
  excessUsd: number;
  estimated: boolean;
  summary: string;
  details: AnomalyDetails;
  feedback: "expected" | "real" | null;
  feedbackReason: string | null;
  feedbackBy: string | null;
  feedbackAt: Date | null;
}

const STATE_ORDER = { open: 0, closed: 1, withdrawn: 2 } as const;

export interface AnomalyFilter {
  accountId?: number;
  applicationId?: number;
  /** Open ones only, or every one (open first, newest first). */
  state?: "open" | "all";
  take?: number;
}

export async function listAnomalies(db: Db, filter: AnomalyFilter): Promise<AnomalyView[]> {
  const rows = await db.anomaly.findMany({
    where: {
      ...(filter.applicationId !== undefined ? { applicationId: filter.applicationId } : {}),
      ...(filter.accountId !== undefined ? { application: { accountId: filter.accountId } } : {}),
      ...(filter.state === "open" ? { state: "open" } : {}),
    },
    include: { application: { select: { id: true, slug: true, name: true } }, service: { select: { name: true } } },
    orderBy: [{ openedDay: "desc" }, { id: "desc" }],
    take: filter.take ?? 500,
  });
  return rows
    .map((r): AnomalyView => {
      const subject = r.service?.name ?? r.application.name;
      const details = r.details as unknown as AnomalyDetails;
      return {
        id: r.id,
        application: r.application,
        subject,
        serviceName: r.service?.name ?? null,
        figure: r.figure as AnomalyFigure,
        figureLabel: figureName(r.figure as AnomalyFigure, details.unit),
        kind: r.kind as AnomalyView["kind"],
        state: r.state as AnomalyView["state"],
        startDay: r.startDay,
        openedDay: r.openedDay,
        lastDay: r.lastDay,
        closedDay: r.closedDay,
        value: r.value,
        expected: r.expected,
        low: r.low,
        high: r.high,
        excessUsd: r.excessUsd,
        estimated: r.estimated,
        summary: describeAnomaly(anomalyForText(r, subject)),
        details,
        feedback: (r.feedback as AnomalyView["feedback"]) ?? null,
        feedbackReason: r.feedbackReason,
        feedbackBy: r.feedbackBy,
        feedbackAt: r.feedbackAt,
      };
    })
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]);
}

/** Open anomalies per application (the badge on the applications list). */
export async function openAnomalyCounts(db: Db, accountId: number): Promise<Map<number, number>> {
  const rows = await db.anomaly.groupBy({ by: ["applicationId"], where: { state: "open", application: { accountId } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.applicationId, r._count._all]));
}

export const feedbackInput = z
  .object({
    feedback: z.enum(["expected", "real"], { message: "Say whether it was expected or real." }),
    reason: z.string().trim().max(500, "Keep the reason under 500 characters.").optional().default(""),
  })
  .refine((v) => v.feedback !== "expected" || v.reason.length >= 3, { path: ["reason"], message: "Say why it was expected (a launch, a migration…)." });

/**
 * Marks an anomaly expected (its days so far stay out of every baseline from the next
 * evaluation on, and it sends no more messages) or real. Audited with the reason.
 */
export async function markAnomaly(db: Db, id: number, input: z.infer<typeof feedbackInput>, actor: AuditActor, now = new Date()) {
  return db.$transaction(async (tx) => {
    const row = await tx.anomaly.findUnique({ where: { id }, include: { application: { select: { name: true } }, service: { select: { name: true } } } });
    if (!row) throw new NotFoundError("No such anomaly.");
    const by = actor.kind === "user" ? actor.email : actor.kind === "token" ? `token ${actor.name}` : actor.label;
    const updated = await tx.anomaly.update({
      where: { id },
      data: { feedback: input.feedback, feedbackReason: input.reason || null, feedbackBy: by, feedbackAt: now, expectedTo: input.feedback === "expected" ? row.lastDay : null },
    });
    await recordAudit(tx, {
      actor,
      action: "anomaly.marked",
      object: { type: "anomaly", id, label: `${row.service?.name ?? row.application.name} ${figureName(row.figure as AnomalyFigure)} since ${row.startDay}` },
      applicationId: row.applicationId,
      before: { feedback: row.feedback },
      after: { feedback: input.feedback },
      reason: input.reason || null,
    });
    return updated;
  });
}

const bound = (key: keyof AnomalyThresholds, label: string) => {
  const { min, max } = ANOMALY_THRESHOLD_BOUNDS[key];
  return z.coerce.number({ message: `${label} must be a number.` }).min(min, `${label} must be at least ${min}.`).max(max, `${label} must be at most ${max.toLocaleString("en-US")}.`);
};
export const anomalyThresholdsSchema = z.object({
  score: bound("score", "The score"),
  floorUsdPerDay: bound("floorUsdPerDay", "The floor"),
  minHistoryDays: bound("minHistoryDays", "The history").int("The history is a whole number of days."),
});

export const ANOMALY_THRESHOLDS: ThresholdsKind<AnomalyThresholds> = { column: "anomalyThresholds", action: "application.anomaly_thresholds_changed", schema: anomalyThresholdsSchema, read: thresholdsOf };

/** Saves (or, with null, resets to the defaults) an application's anomaly thresholds; audited. */
export async function saveAnomalyThresholds(db: Db, applicationId: number, thresholds: AnomalyThresholds | null, actor: AuditActor, reason?: string) {
  return saveApplicationThresholds(db, ANOMALY_THRESHOLDS, applicationId, thresholds, actor, reason);
}
