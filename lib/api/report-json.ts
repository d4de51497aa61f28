// Report schedules and runs as the JSON API shows them (webhook URLs never leave the server).
import type { RunView, ScheduleView } from "../data/report-schedules";

export function scheduleJson(s: ScheduleView) {
  return {
    id: s.id,
    name: s.name,
    cron: s.cron,
    timezone: s.timezone,
    period: s.period,
    description: s.description,
    applications: s.applications?.map((a) => a.slug) ?? null,
    missingApplications: s.missingApplications,
    recipients: s.recipients.map((r) => ({ id: r.id, kind: r.kind, label: r.label, signed: r.signed })),
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    nextRuns: s.nextRuns,
  };
}

export function runJson(r: RunView) {
  return {
    id: r.id,
    scheduleId: r.scheduleId,
    period: { key: r.periodKey, from: r.fromDay, to: r.toDay },
    trigger: r.trigger,
    status: r.status,
    error: r.error,
    generatedAt: r.generatedAt,
    deliveries: r.deliveries.map((d) => ({ id: d.id, recipient: d.label, status: d.status, attempts: d.attempts, lastError: d.lastError, deliveredAt: d.deliveredAt })),
  };
}
