// What an anomaly says, in words and numbers, on the pages and in webhook messages:
// "recommendations: cost per 1M requests $54.96, expected $38.10–$41.90 (Tuesdays,
// last 6 weeks); since 12 Nov; own cost +41.0 % while requests +3.0 %; the shared
// pool did not move".
import { formatChange, formatDay, formatUsd } from "./format";
import { slackEscape } from "./incidents";
import { BASELINE_WEEKS, type AnomalyFigure } from "./anomalies";
import type { Day } from "./day";

/** A change this small (either way) is "did not move". */
const STEADY = 0.03;

export interface AnomalyDrivers {
  /** Changes against each driver's weekday baseline on the latest anomalous day (0.41 = +41 %). */
  own?: number | null;
  shared?: number | null;
  requests?: number | null;
  units?: number | null;
}

export interface RelatedFigure {
  /** "Storefront" or a service's name. */
  label: string;
  figure: AnomalyFigure;
  value: number;
  expected: number;
}

export interface AnomalyDetails {
  weekday: string;
  basisPoints: number;
  monthEnd: boolean;
  drivers: AnomalyDrivers;
  related: RelatedFigure[];
  /** The figure over its last weeks against the band its baseline spanned (null: not judged). */
  trail: { day: Day; value: number; low: number | null; high: number | null; expected: number | null }[];
  /** The business unit of a cost per unit ("order"). */
  unit?: string | null;
  /** The application's AWS service line that rose most that day, in dollars, where the source gives the breakdown. */
  awsService?: { name: string; costUsd: number; expectedUsd: number } | null;
}

export interface AnomalyForText {
  subject: string;
  figure: AnomalyFigure;
  kind: "spike" | "shift";
  state: "open" | "closed" | "withdrawn";
  startDay: Day;
  openedDay: Day;
  closedDay: Day | null;
  value: number;
  low: number;
  high: number;
  estimated: boolean;
  details: AnomalyDetails;
}

export function figureName(figure: AnomalyFigure, unit?: string | null): string {
  switch (figure) {
    case "cost":
      return "daily cost";
    case "cost_per_million":
      return "cost per 1M requests";
    case "cost_per_unit":
      return `cost per ${unit ?? "business unit"}`;
  }
}

const usd = (value: number) => formatUsd(Math.round(value * 1_000_000));
const change = (ratio: number) => (Math.abs(ratio) < STEADY ? "steady" : formatChange(ratio));

/** The baseline in words: "Tuesdays, last 6 weeks" or "earlier month-ends". */
export function baselineText(d: AnomalyDetails): string {
  return d.monthEnd ? `${d.basisPoints === 1 ? "the last month-end" : `the last ${d.basisPoints} month-ends`}` : `${d.weekday}, last ${BASELINE_WEEKS} weeks`;
}

/** What moved with it: own cost against requests, the shared pool; units for an application. */
export function driversText(d: AnomalyDrivers): string[] {
  const out: string[] = [];
  if (d.own != null && d.requests != null) out.push(`own cost ${change(d.own)} while requests ${change(d.requests)}`);
  else if (d.requests != null) out.push(`requests ${change(d.requests)}`);
  if (d.units != null) out.push(`business units ${change(d.units)}`);
  // A service's share of the pool follows its requests when the pool is split by requests.
  if (d.shared != null) out.push(Math.abs(d.shared) < STEADY ? "the shared pool did not move" : `its share of the shared pool ${formatChange(d.shared)}`);
  return out;
}

/** One line: the figure, what was expected, since when, and what moved. */
export function describeAnomaly(a: AnomalyForText): string {
  const d = a.details;
  const parts = [
    `${a.subject}: ${figureName(a.figure, d.unit)} ${usd(a.value)}${a.estimated ? " (estimated)" : ""}, expected ${usd(a.low)}–${usd(a.high)} (${baselineText(d)})`,
    a.kind === "spike" && a.closedDay ? `on ${formatDay(a.openedDay)} only` : `since ${formatDay(a.startDay)}`,
    ...driversText(d.drivers),
    ...(d.awsService ? [`${d.awsService.name} rose most: ${usd(d.awsService.costUsd)} against ${usd(d.awsService.expectedUsd)} a day`] : []),
  ];
  // The three that say most; the API and the page list them all.
  const related = d.related.slice(0, 3).map((r) => `${r.label} ${figureName(r.figure, d.unit)} ${r.expected > 0 ? formatChange(r.value / r.expected - 1) : usd(r.value)}`);
  if (related.length) parts.push(`with it: ${related.join(", ")}`);
  return parts.join("; ");
}

export interface AnomalyMessage {
  event: "anomaly_opened" | "anomaly_closed";
  application: string;
  anomaly: AnomalyForText;
  url: string;
}

const headline = (m: AnomalyMessage) => {
  const what = `${m.anomaly.subject} ${figureName(m.anomaly.figure, m.anomaly.details.unit)}`;
  if (m.event === "anomaly_opened") return `Cost anomaly in ${m.application}: ${what} ${m.anomaly.kind === "shift" ? "shifted up" : "jumped"}`;
  return m.anomaly.state === "withdrawn" ? `Cost anomaly withdrawn in ${m.application}: ${what} (the final figures are usual)` : `Cost anomaly closed in ${m.application}: ${what} is back to usual`;
};

export function anomalySlackPayload(m: AnomalyMessage): Record<string, unknown> {
  const title = headline(m);
  return {
    text: title,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${slackEscape(title)}*\n${slackEscape(describeAnomaly(m.anomaly))}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `<${m.url}|Open in Frugal>` }] },
    ],
  };
}

export function anomalyGenericPayload(m: AnomalyMessage): Record<string, unknown> {
  const a = m.anomaly;
  return {
    // Named like the overload messages' events ("overload.started").
    event: m.event === "anomaly_opened" ? "anomaly.opened" : "anomaly.closed",
    application: m.application,
    subject: a.subject,
    figure: a.figure,
    kind: a.kind,
    state: a.state,
    startDay: a.startDay,
    openedDay: a.openedDay,
    closedDay: a.closedDay,
    valueUsd: a.value,
    expectedLowUsd: a.low,
    expectedHighUsd: a.high,
    estimated: a.estimated,
    summary: describeAnomaly(a),
    url: m.url,
  };
}
