// The life of an overload, one signal of one service in one cell: it opens when the
// signal turns overloaded, becomes "recovering" when the signal no longer is, and
// ends only when the service is back to its baseline (signals.ts, recoveryCheck).
// Congestion collapse is stateful: crossing back under the alarm threshold is not
// recovery. One message goes out when an incident opens and one when it ends, however
// often the signal flickers in between.
import type { SignalState } from "./signals";

export type IncidentState = "overloaded" | "recovering";

export interface IncidentStep {
  /** The incident's state after this evaluation; "resolved" closes it; null: no incident. */
  next: IncidentState | "resolved" | null;
  /** The message to send, if any. */
  notify: "overloaded" | "recovered" | null;
}

export function stepIncident(open: IncidentState | null, signal: SignalState, recovered: boolean): IncidentStep {
  if (open === null) return signal === "overloaded" ? { next: "overloaded", notify: "overloaded" } : { next: null, notify: null };
  if (signal === "overloaded") return { next: "overloaded", notify: null };
  if (recovered) return { next: "resolved", notify: "recovered" };
  return { next: "recovering", notify: null };
}

/** Bounded retries: the wait before attempt n + 1 (n attempts made so far); null when it is time to give up. */
export const MAX_DELIVERY_ATTEMPTS = 5;
export function retryDelayMs(attemptsMade: number): number | null {
  if (attemptsMade >= MAX_DELIVERY_ATTEMPTS) return null;
  return 30_000 * 4 ** (attemptsMade - 1); // 30 s, 2 min, 8 min, 32 min
}

export interface IncidentMessage {
  event: "overloaded" | "recovered";
  application: string;
  service: string;
  cell: string;
  signal: string;
  reason: string;
  startedAt: Date;
  resolvedAt: Date | null;
  url: string;
}

/**
 * Text as Slack shows it rather than reads it: `<`, `>` and `&` are Slack's control
 * characters (`<!channel>` pings everyone, `<https://x|label>` disguises a link), so
 * every string people typed (application, service and cell names, reasons) is escaped.
 */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const where = (m: IncidentMessage) => `${slackEscape(m.application)} / ${slackEscape(m.service)}${m.cell ? ` in ${slackEscape(m.cell)}` : ""}`;

/** A Slack incoming-webhook body: `text` for notifications and clients without blocks, and blocks. */
export function slackPayload(m: IncidentMessage): Record<string, unknown> {
  const signal = slackEscape(m.signal);
  const reason = slackEscape(m.reason);
  const headline =
    m.event === "overloaded"
      ? `:rotating_light: ${where(m)} is overloaded (${signal})`
      : `:white_check_mark: ${where(m)} has recovered (${signal}) after ${minutesBetween(m.startedAt, m.resolvedAt ?? m.startedAt)} min`;
  return {
    text: `${headline}: ${reason}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${headline}*\n${reason}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `<${m.url}|Open the overload page> · started ${m.startedAt.toISOString()}` }] },
    ],
  };
}

/** The generic JSON body, for anything that is not Slack. */
export function genericPayload(m: IncidentMessage): Record<string, unknown> {
  return {
    event: m.event === "overloaded" ? "overload.started" : "overload.recovered",
    application: m.application,
    service: m.service,
    cell: m.cell || null,
    signal: m.signal,
    reason: m.reason,
    startedAt: m.startedAt.toISOString(),
    resolvedAt: m.resolvedAt?.toISOString() ?? null,
    url: m.url,
  };
}

function minutesBetween(a: Date, b: Date): number {
  return Math.max(0, Math.round((b.getTime() - a.getTime()) / 60_000));
}
