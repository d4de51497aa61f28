// A cost report as plain data, and the figures it states. lib/data/report-data.ts
// gathers ReportData with the dashboard's own reads (so a report's numbers are the
// dashboard's for the same range); buildReport turns it into what every format shows
// (the page, e-mail, CSV, Slack, JSON). Pure: fixtures test it.
import { relativeChange } from "./change";
import type { DayRange } from "./day";
import { formatChange, formatUsd } from "./format";
import type { ScaleLabel } from "./trends";
import { costPerMillionMicroUsd } from "./unit-cost";
import type { ReportPeriod } from "./report-schedule";

export interface ReportServiceData {
  name: string;
  costMicroUsd: number;
  previousCostMicroUsd: number;
  requestCount: number;
  previousRequestCount: number;
  /** Economies of scale over the period: own cost against requests, day by day. */
  scale: ScaleLabel | null;
}

export interface ReportApplicationData {
  slug: string;
  name: string;
  costMicroUsd: number;
  previousCostMicroUsd: number;
  requestCount: number;
  previousRequestCount: number;
  /** The headline business metric over the period (the application page's figures) and its cost per unit then and in the window before. */
  unit: { name: string; value: number | null; costPerUnitMicroUsd: number | null; previousCostPerUnitMicroUsd: number | null } | null;
  /** 5XX answers in the period. */
  failedRequests: number;
  services: ReportServiceData[];
}

export interface ReportEvent {
  at: string;
  application: string;
  text: string;
}

export interface ReportData {
  /** The schedule's name. */
  title: string;
  period: DayRange & { kind: ReportPeriod; label: string };
  /** The days of the period with cost data, and the window of the same length before them (the dashboard's comparison). */
  costDays: DayRange | null;
  previousDays: DayRange | null;
  applications: ReportApplicationData[];
  /** Applications the schedule names that no longer exist. */
  missingApplications: number;
  /** Share of the covered cost that carries a service tag; null with no cost. */
  tagCoverage: number | null;
  /** The month's projection (the application page's model) when the period is in the current month. */
  projection: { month: string; projectedMicroUsd: number; lowMicroUsd: number; highMicroUsd: number } | null;
  /** Cost per day and application (slug → micro-dollars). */
  daily: { day: string; costs: Record<string, number> }[];
  limitsBreached: ReportEvent[];
  switchesChanged: ReportEvent[];
  incidents: ReportEvent[];
  anomalies: ReportEvent[];
  /** What Frugal's own AWS calls cost in the period (0 on the demo). */
  ownCostMicroUsd: number;
  generatedAt: string;
}

export interface ReportServiceRow extends ReportServiceData {
  application: string;
  change: number | null;
  costPerMillionMicroUsd: number | null;
  costPerMillionChange: number | null;
}

export interface ReportApplicationRow extends Omit<ReportApplicationData, "services"> {
  change: number | null;
  costPerMillionMicroUsd: number | null;
  costPerMillionChange: number | null;
  costPerUnitMicroUsd: number | null;
  costPerUnitChange: number | null;
  /** What the 5XX answers cost at the period's cost per request. */
  failedCostMicroUsd: number | null;
  services: ReportServiceRow[];
}

export interface Mover {
  application: string;
  service: string;
  costMicroUsd: number;
  deltaMicroUsd: number;
  change: number | null;
}

export interface Report {
  data: ReportData;
  /** "Storefront" for one application, else the schedule's name. */
  subjectName: string;
  subject: string;
  headline: { costMicroUsd: number; previousCostMicroUsd: number; change: number | null; requestCount: number; costPerMillionMicroUsd: number | null };
  applications: ReportApplicationRow[];
  /** The services whose cost moved most, in dollars, up or down. */
  movers: Mover[];
  failedCostMicroUsd: number;
  empty: boolean;
}

const MOVERS = 5;

const change = (current: number | null, previous: number | null) => (current === null || previous === null ? null : relativeChange(current, previous));

export function buildReport(data: ReportData): Report {
  const applications = data.applications.map((app): ReportApplicationRow => {
    const cpm = costPerMillionMicroUsd(app.costMicroUsd, app.requestCount);
    const previousCpm = costPerMillionMicroUsd(app.previousCostMicroUsd, app.previousRequestCount);
    const perUnit = app.unit?.costPerUnitMicroUsd ?? null;
    const previousPerUnit = app.unit?.previousCostPerUnitMicroUsd ?? null;
    return {
      ...app,
      change: relativeChange(app.costMicroUsd, app.previousCostMicroUsd),
      costPerMillionMicroUsd: cpm,
      costPerMillionChange: change(cpm, previousCpm),
      costPerUnitMicroUsd: perUnit,
      costPerUnitChange: change(perUnit, previousPerUnit),
      failedCostMicroUsd: cpm === null ? null : Math.round((app.failedRequests * cpm) / 1_000_000),
      services: app.services
        .map((s) => {
          const sCpm = costPerMillionMicroUsd(s.costMicroUsd, s.requestCount);
          return { ...s, application: app.name, change: relativeChange(s.costMicroUsd, s.previousCostMicroUsd), costPerMillionMicroUsd: sCpm, costPerMillionChange: change(sCpm, costPerMillionMicroUsd(s.previousCostMicroUsd, s.previousRequestCount)) };
        })
        .sort((a, b) => b.costMicroUsd - a.costMicroUsd || a.name.localeCompare(b.name)),
    };
  });
  applications.sort((a, b) => b.costMicroUsd - a.costMicroUsd || a.name.localeCompare(b.name));
  const costMicroUsd = applications.reduce((s, a) => s + a.costMicroUsd, 0);
  const previousCostMicroUsd = applications.reduce((s, a) => s + a.previousCostMicroUsd, 0);
  const requestCount = applications.reduce((s, a) => s + a.requestCount, 0);
  const movers = applications
    .flatMap((a) => a.services.map((s) => ({ application: a.name, service: s.name, costMicroUsd: s.costMicroUsd, deltaMicroUsd: s.costMicroUsd - s.previousCostMicroUsd, change: s.change })))
    .filter((m) => m.deltaMicroUsd !== 0)
    .sort((a, b) => Math.abs(b.deltaMicroUsd) - Math.abs(a.deltaMicroUsd) || a.service.localeCompare(b.service))
    .slice(0, MOVERS);
  const headline = { costMicroUsd, previousCostMicroUsd, change: relativeChange(costMicroUsd, previousCostMicroUsd), requestCount, costPerMillionMicroUsd: costPerMillionMicroUsd(costMicroUsd, requestCount) };
  const subjectName = data.applications.length === 1 && data.missingApplications === 0 ? data.applications[0]!.name : data.title;
  const empty = data.costDays === null;
  const figure = empty ? "no cost data yet" : `${formatUsd(costMicroUsd, { whole: true })}${headline.change === null ? "" : ` (${formatChange(headline.change)})`}`;
  return {
    data,
    subjectName,
    subject: `Frugal · ${subjectName} · ${data.period.label}: ${figure}`,
    headline,
    applications,
    movers,
    failedCostMicroUsd: applications.reduce((s, a) => s + (a.failedCostMicroUsd ?? 0), 0),
    empty,
  };
}
