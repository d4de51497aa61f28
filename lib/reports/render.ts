// A report in every format it travels in: the e-mail's HTML (inline styles only, one
// table layout every mail client shows) and plain text, the CSV, the chart as SVG
// (rasterised to PNG for e-mail by chart-png.ts), Slack blocks and a generic JSON body.
// Pure functions of the Report (lib/domain/report.ts).
import { csvText } from "../api/csv";
import { formatChange, formatDay, formatMonth, formatUsd } from "../domain/format";
import type { Report, ReportApplicationRow, ReportEvent } from "../domain/report";
import { slackEscape } from "../domain/incidents";
import { SCALE_LABEL_TEXT } from "../domain/trends";

const usd = (micro: number | null | undefined) => (micro == null ? "—" : formatUsd(micro));
const pct = (ratio: number | null | undefined) => (ratio == null ? "—" : formatChange(ratio));
const count = (n: number) => new Intl.NumberFormat("en-US").format(n);
const coverage = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}\u00a0%`);
const toUsd = (micro: number | null | undefined) => (micro == null ? null : Math.round(micro) / 1e6);
const ratio6 = (x: number | null | undefined) => (x == null ? null : Math.round(x * 1e6) / 1e6);

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The series colours of the charts (components/series-colors.ts's palette), by rank of cost. */
export const CHART_COLORS = ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#9ca3af"];
const CHART_SERIES = 7;

export function periodText(report: Report): string {
  const { period, costDays, previousDays } = report.data;
  const days = `${formatDay(period.from, { year: true })}${period.to === period.from ? "" : ` – ${formatDay(period.to, { year: true })}`}`;
  const partial = costDays && (costDays.from !== period.from || costDays.to !== period.to) ? `; cost data ${formatDay(costDays.from)} – ${formatDay(costDays.to)}` : "";
  const against = previousDays ? `, against ${formatDay(previousDays.from)} – ${formatDay(previousDays.to)}` : "";
  return `${days}${partial}${against}`;
}

/** The chart's series: the costliest applications, the rest as "Others". */
function chartSeries(report: Report): { key: string; label: string; color: string }[] {
  const top = report.applications.filter((a) => a.costMicroUsd > 0).slice(0, CHART_SERIES);
  const series = top.map((a, i) => ({ key: a.slug, label: a.name, color: CHART_COLORS[i]! }));
  if (report.applications.filter((a) => a.costMicroUsd > 0).length > CHART_SERIES) series.push({ key: "*", label: "Others", color: CHART_COLORS[CHART_SERIES]! });
  return series;
}

/** Daily cost by application, stacked: an SVG any renderer draws (no scripts, no CSS). */
export function chartSvg(report: Report, { width = 640, height = 260 } = {}): string {
  const series = chartSeries(report);
  const keys = new Set(series.map((s) => s.key));
  const days = report.data.daily;
  const stack = days.map((d) => series.map((s) => (s.key === "*" ? Object.entries(d.costs).filter(([k]) => !keys.has(k)).reduce((a, [, v]) => a + v, 0) : (d.costs[s.key] ?? 0))));
  const max = Math.max(1, ...stack.map((values) => values.reduce((a, v) => a + v, 0)));
  const step = niceStep(max / 4);
  const top = Math.ceil(max / step) * step;
  const left = 64;
  const right = 12;
  const legendRows = Math.ceil(series.length / 3);
  const plotTop = 12;
  const plotBottom = height - 28 - legendRows * 18;
  const plotHeight = plotBottom - plotTop;
  const band = (width - left - right) / Math.max(1, days.length);
  const barWidth = Math.max(2, Math.min(36, band * 0.7));
  const font = `font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"`;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Daily cost by application">`, `<rect width="${width}" height="${height}" fill="#ffffff"/>`];
  for (let v = 0; v <= top + 1e-9; v += step) {
    const y = plotBottom - (v / top) * plotHeight;
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#4b5563" ${font}>${escapeHtml(v === 0 ? "$0" : formatUsd(v, { whole: true }))}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  days.forEach((d, i) => {
    const x = left + band * i + (band - barWidth) / 2;
    let y = plotBottom;
    stack[i]!.forEach((v, j) => {
      const h = (v / top) * plotHeight;
      if (h <= 0) return;
      y -= h;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${series[j]!.color}"><title>${escapeHtml(`${series[j]!.label}, ${formatDay(d.day)}: ${formatUsd(v)}`)}</title></rect>`);
    });
    if (i % labelEvery === 0) parts.push(`<text x="${(x + barWidth / 2).toFixed(1)}" y="${plotBottom + 15}" text-anchor="middle" font-size="11" fill="#4b5563" ${font}>${escapeHtml(formatDay(d.day))}</text>`);
  });
  if (days.length === 0) parts.push(`<text x="${width / 2}" y="${plotTop + plotHeight / 2}" text-anchor="middle" font-size="13" fill="#6b7280" ${font}>No cost data in this period</text>`);
  series.forEach((s, i) => {
    const x = left + (i % 3) * ((width - left) / 3);
    const y = plotBottom + 34 + Math.floor(i / 3) * 18;
    parts.push(`<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${s.color}"/><text x="${x + 15}" y="${y}" font-size="12" fill="#111827" ${font}>${escapeHtml(s.label.length > 26 ? `${s.label.slice(0, 25)}…` : s.label)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** The period's events by kind, the kinds with none left out (every format lists the same). */
export function reportEvents(report: Report): { title: string; rows: ReportEvent[] }[] {
  const d = report.data;
  return [
    { title: "Cost anomalies", rows: d.anomalies },
    { title: "Limits breached", rows: d.limitsBreached },
    { title: "Switches changed", rows: d.switchesChanged },
    { title: "Overload incidents", rows: d.incidents },
  ].filter((e) => e.rows.length > 0);
}

/** What a reader must know before the figures: no data yet, applications gone. */
export function reportNotes(report: Report): string[] {
  const out: string[] = [];
  if (report.empty) out.push("No cost data for this period yet: Cost Explorer had no figures for these days when the report was made.");
  if (report.data.missingApplications > 0) out.push(`${report.data.missingApplications === 1 ? "One application" : `${report.data.missingApplications} applications`} this schedule names no longer exist${report.data.missingApplications === 1 ? "s" : ""}; the report covers the rest.`);
  if (!report.empty && report.data.applications.length === 0) out.push("The schedule covers no application.");
  return out;
}

export interface RenderLinks {
  /** The report's page in the dashboard. */
  reportUrl: string;
  /** The chart's src: "cid:chart" in e-mail, a data: URL or an inline SVG elsewhere. */
  chartSrc?: string;
}

const cell = "padding:6px 8px;border-bottom:1px solid #e5e7eb;text-align:right;white-space:nowrap";
const cellLeft = "padding:6px 8px;border-bottom:1px solid #e5e7eb;text-align:left";

function applicationRows(a: ReportApplicationRow): string {
  const head = `<tr style="background:#f9fafb;font-weight:600"><td style="${cellLeft}">${escapeHtml(a.name)}</td><td style="${cell}">${usd(a.costMicroUsd)}</td><td style="${cell}">${pct(a.change)}</td><td class="narrow-hide" style="${cell}">${count(a.requestCount)}</td><td style="${cell}">${usd(a.costPerMillionMicroUsd)}</td><td style="${cell}">${pct(a.costPerMillionChange)}</td><td class="narrow-hide" style="${cell}">${a.unit && a.costPerUnitMicroUsd !== null ? `${usd(a.costPerUnitMicroUsd)} / ${escapeHtml(a.unit.name)}` : "—"}</td></tr>`;
  const services = a.services
    .map((s) => `<tr><td style="${cellLeft};padding-left:20px;color:#374151">${escapeHtml(s.name)}${s.scale && s.scale !== "unclear" ? `<br><span style="font-size:11px;color:#6b7280">${escapeHtml(SCALE_LABEL_TEXT[s.scale])}</span>` : ""}</td><td style="${cell}">${usd(s.costMicroUsd)}</td><td style="${cell}">${pct(s.change)}</td><td class="narrow-hide" style="${cell}">${count(s.requestCount)}</td><td style="${cell}">${usd(s.costPerMillionMicroUsd)}</td><td style="${cell}">${pct(s.costPerMillionChange)}</td><td class="narrow-hide" style="${cell}"></td></tr>`)
    .join("");
  return head + services;
}

/** The report as one HTML document: the e-mail's body, and the download. */
export function reportHtml(report: Report, links: RenderLinks): string {
  const h = report.headline;
  const p = report.data.projection;
  const stat = (label: string, value: string, sub = "") => `<td class="stat" style="padding:10px 12px;border:1px solid #e5e7eb;vertical-align:top;width:25%"><div style="font-size:12px;color:#6b7280">${label}</div><div style="font-size:20px;font-weight:700;color:#111827;margin-top:2px">${value}</div>${sub ? `<div style="font-size:12px;color:#6b7280;margin-top:2px">${sub}</div>` : ""}</td>`;
  const changeColor = h.change === null ? "#6b7280" : h.change > 0 ? "#b91c1c" : "#047857";
  const movers = report.movers.length
    ? `<h2 style="font-size:15px;margin:24px 0 8px">What moved</h2><ul style="margin:0;padding-left:18px;font-size:13px;line-height:1.45">${report.movers.map((m) => `<li style="margin:3px 0">${escapeHtml(m.application)} · ${escapeHtml(m.service)}: ${m.deltaMicroUsd > 0 ? "+" : "−"}${usd(Math.abs(m.deltaMicroUsd))} (${pct(m.change)}) to ${usd(m.costMicroUsd)}</li>`).join("")}</ul>`
    : "";
  const eventBlocks = reportEvents(report)
    .map((e) => `<h2 style="font-size:15px;margin:24px 0 8px">${e.title}</h2><ul style="margin:0;padding-left:18px;font-size:13px;line-height:1.45">${e.rows.map((r) => `<li style="margin:3px 0">${escapeHtml(formatDay(r.at.slice(0, 10)))} · ${escapeHtml(r.application)} · ${escapeHtml(r.text)}</li>`).join("")}</ul>`)
    .join("");
  const chart = links.chartSrc ? `<img src="${escapeHtml(links.chartSrc)}" width="640" height="260" alt="Daily cost by application" style="display:block;max-width:100%;height:auto;margin-top:16px;border:1px solid #e5e7eb">` : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(report.subject)}</title>
<style>@media (max-width:600px){.narrow-hide{display:none!important}.stat{display:block!important;width:auto!important}.pad{padding:14px 10px!important}.rt td,.rt th{padding:5px 3px!important}}</style></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#111827">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:720px;background:#ffffff;border:1px solid #e5e7eb;border-radius:6px"><tr><td class="pad" style="padding:20px 24px">
<div style="font-size:12px;color:#6b7280;text-transform:uppercase;letter-spacing:.04em">Frugal cost report · ${escapeHtml(report.data.title)}</div>
<h1 style="font-size:20px;margin:4px 0 2px">${escapeHtml(report.subjectName)} · ${escapeHtml(report.data.period.label)}</h1>
<div style="font-size:13px;color:#4b5563">${escapeHtml(periodText(report))}</div>
${reportNotes(report).map((n) => `<p style="margin:12px 0 0;padding:8px 10px;background:#fffbeb;border:1px solid #fcd34d;border-radius:4px;font-size:13px">${escapeHtml(n)}</p>`).join("")}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin-top:16px"><tr>
${stat("Cost", usd(h.costMicroUsd), `<span style="color:${changeColor}">${pct(h.change)}</span> vs ${usd(h.previousCostMicroUsd)}`)}
${stat("Per 1M requests", usd(h.costPerMillionMicroUsd), `${count(h.requestCount)} requests`)}
${stat(p ? `Projected ${formatMonth(p.month)}` : "Projection", p ? usd(p.projectedMicroUsd) : "—", p ? `likely ${usd(p.lowMicroUsd)} – ${usd(p.highMicroUsd)}` : "not enough days yet")}
${stat("Tag coverage", coverage(report.data.tagCoverage), "of cost carries a service tag")}
</tr></table>
${chart}
<h2 style="font-size:15px;margin:24px 0 8px">Applications and services</h2>
<table class="rt" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:13px"><thead><tr style="color:#6b7280;font-size:12px"><th style="${cellLeft}">Application · service</th><th style="${cell}">Cost</th><th style="${cell}">Change</th><th class="narrow-hide" style="${cell}">Requests</th><th style="${cell}">Per 1M req.</th><th style="${cell}">Change</th><th class="narrow-hide" style="${cell}">Per unit</th></tr></thead><tbody>
${report.applications.map(applicationRows).join("") || `<tr><td colspan="7" style="${cellLeft};color:#6b7280">No application had cost in this period.</td></tr>`}
</tbody></table>
${movers}
${eventBlocks}
<h2 style="font-size:15px;margin:24px 0 8px">Failures and Frugal itself</h2>
<p style="margin:0;font-size:13px">5XX answers cost ${usd(report.failedCostMicroUsd)} at each application's cost per request. Frugal's own AWS calls cost ${usd(report.data.ownCostMicroUsd)} in the period.</p>
<p style="margin:24px 0 0"><a href="${escapeHtml(links.reportUrl)}" style="display:inline-block;padding:8px 14px;background:#2563eb;color:#ffffff;text-decoration:none;border-radius:4px;font-size:14px">Open the report in Frugal</a></p>
<p style="margin:16px 0 0;font-size:11px;color:#9ca3af">Made ${escapeHtml(report.data.generatedAt.slice(0, 16).replace("T", " "))} UTC. Figures are the dashboard's for the same days; a change compares with the same number of days just before.</p>
</td></tr></table></td></tr></table></body></html>`;
}

/** The plain-text part of the e-mail. */
export function reportText(report: Report, links: RenderLinks): string {
  const h = report.headline;
  const p = report.data.projection;
  const lines = [
    `${report.subjectName} · ${report.data.period.label}`,
    periodText(report),
    ...reportNotes(report).map((n) => `! ${n}`),
    "",
    `Cost:            ${usd(h.costMicroUsd)} (${pct(h.change)} vs ${usd(h.previousCostMicroUsd)})`,
    `Per 1M requests: ${usd(h.costPerMillionMicroUsd)} (${count(h.requestCount)} requests)`,
    `Projected ${p ? `${formatMonth(p.month)}: ${usd(p.projectedMicroUsd)} (likely ${usd(p.lowMicroUsd)} – ${usd(p.highMicroUsd)})` : "month: not enough days yet"}`,
    `Tag coverage:    ${coverage(report.data.tagCoverage)}`,
    "",
    "Applications and services (cost, change, requests, per 1M requests, change):",
    ...report.applications.flatMap((a) => [
      `  ${a.name}: ${usd(a.costMicroUsd)}, ${pct(a.change)}, ${count(a.requestCount)}, ${usd(a.costPerMillionMicroUsd)}, ${pct(a.costPerMillionChange)}${a.unit && a.costPerUnitMicroUsd !== null ? `, ${usd(a.costPerUnitMicroUsd)} per ${a.unit.name}` : ""}`,
      ...a.services.map((s) => `    ${s.name}: ${usd(s.costMicroUsd)}, ${pct(s.change)}, ${count(s.requestCount)}, ${usd(s.costPerMillionMicroUsd)}, ${pct(s.costPerMillionChange)}`),
    ]),
    ...(report.movers.length ? ["", "What moved:", ...report.movers.map((m) => `  ${m.application} · ${m.service}: ${m.deltaMicroUsd > 0 ? "+" : "−"}${usd(Math.abs(m.deltaMicroUsd))} (${pct(m.change)})`)] : []),
    ...reportEvents(report).flatMap((e) => ["", `${e.title}:`, ...e.rows.map((r) => `  ${formatDay(r.at.slice(0, 10))} · ${r.application} · ${r.text}`)]),
    "",
    `5XX answers cost ${usd(report.failedCostMicroUsd)}; Frugal's own AWS calls cost ${usd(report.data.ownCostMicroUsd)}.`,
    "",
    `Open the report: ${links.reportUrl}`,
  ];
  return `${lines.join("\n")}\n`;
}

export const REPORT_CSV_COLUMNS = ["from", "to", "application", "service", "costUsd", "previousCostUsd", "change", "requests", "costPer1MUsd", "costPer1MChange", "costPerUnitUsd", "unit"];

/** Every application and service row, in dollars with 6 decimals (the API's figures). */
export function reportCsv(report: Report): string {
  const { from, to } = report.data.period;
  const rows = report.applications.flatMap((a) => [
    { from, to, application: a.name, service: "", costUsd: toUsd(a.costMicroUsd), previousCostUsd: toUsd(a.previousCostMicroUsd), change: ratio6(a.change), requests: a.requestCount, costPer1MUsd: toUsd(a.costPerMillionMicroUsd), costPer1MChange: ratio6(a.costPerMillionChange), costPerUnitUsd: toUsd(a.costPerUnitMicroUsd), unit: a.unit?.name ?? "" },
    ...a.services.map((s) => ({ from, to, application: a.name, service: s.name, costUsd: toUsd(s.costMicroUsd), previousCostUsd: toUsd(s.previousCostMicroUsd), change: ratio6(s.change), requests: s.requestCount, costPer1MUsd: toUsd(s.costPerMillionMicroUsd), costPer1MChange: ratio6(s.costPerMillionChange), costPerUnitUsd: null, unit: "" })),
  ]);
  return csvText(rows, REPORT_CSV_COLUMNS);
}

/** Slack blocks: the headline numbers, the top three movers, a link. */
export function slackPayload(report: Report, links: RenderLinks): object {
  const h = report.headline;
  const p = report.data.projection;
  // Names people typed are escaped as the overload and anomaly messages escape them (`<!channel>` would ping everyone).
  const movers = report.movers.slice(0, 3).map((m) => `• ${slackEscape(m.application)} · ${slackEscape(m.service)}: ${m.deltaMicroUsd > 0 ? "+" : "−"}${usd(Math.abs(m.deltaMicroUsd))} (${pct(m.change)})`);
  return {
    text: slackEscape(report.subject),
    blocks: [
      { type: "header", text: { type: "plain_text", text: `${report.subjectName} · ${report.data.period.label}`.slice(0, 150) } },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: `*Cost*\n${usd(h.costMicroUsd)} (${pct(h.change)})` },
          { type: "mrkdwn", text: `*Per 1M requests*\n${usd(h.costPerMillionMicroUsd)}` },
          { type: "mrkdwn", text: `*Projected ${p ? formatMonth(p.month) : "month"}*\n${p ? usd(p.projectedMicroUsd) : "—"}` },
          { type: "mrkdwn", text: `*Tag coverage*\n${coverage(report.data.tagCoverage)}` },
        ],
      },
      ...(movers.length ? [{ type: "section", text: { type: "mrkdwn", text: `*What moved*\n${movers.join("\n")}` } }] : []),
      ...reportNotes(report).map((n) => ({ type: "context", elements: [{ type: "mrkdwn", text: slackEscape(n) }] })),
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the report" }, url: links.reportUrl }] },
    ],
  };
}

/** The generic webhook body: every figure, in dollars. */
export function genericPayload(report: Report, links: RenderLinks): object {
  const h = report.headline;
  const p = report.data.projection;
  return {
    event: "report.ready",
    subject: report.subject,
    title: report.data.title,
    period: report.data.period,
    costDays: report.data.costDays,
    previousDays: report.data.previousDays,
    url: links.reportUrl,
    headline: { costUsd: toUsd(h.costMicroUsd), previousCostUsd: toUsd(h.previousCostMicroUsd), change: ratio6(h.change), requests: h.requestCount, costPer1MUsd: toUsd(h.costPerMillionMicroUsd), tagCoverage: ratio6(report.data.tagCoverage) },
    projection: p && { month: p.month, projectedUsd: toUsd(p.projectedMicroUsd), lowUsd: toUsd(p.lowMicroUsd), highUsd: toUsd(p.highMicroUsd) },
    applications: report.applications.map((a) => ({
      slug: a.slug,
      name: a.name,
      costUsd: toUsd(a.costMicroUsd),
      previousCostUsd: toUsd(a.previousCostMicroUsd),
      change: ratio6(a.change),
      requests: a.requestCount,
      costPer1MUsd: toUsd(a.costPerMillionMicroUsd),
      costPer1MChange: ratio6(a.costPerMillionChange),
      costPerUnit: a.unit && { unit: a.unit.name, usd: toUsd(a.costPerUnitMicroUsd), change: ratio6(a.costPerUnitChange) },
      failedRequests: a.failedRequests,
      failedCostUsd: toUsd(a.failedCostMicroUsd),
      services: a.services.map((s) => ({ name: s.name, costUsd: toUsd(s.costMicroUsd), change: ratio6(s.change), requests: s.requestCount, costPer1MUsd: toUsd(s.costPerMillionMicroUsd), costPer1MChange: ratio6(s.costPerMillionChange), scale: s.scale })),
    })),
    movers: report.movers.map((m) => ({ ...m, costMicroUsd: undefined, deltaMicroUsd: undefined, costUsd: toUsd(m.costMicroUsd), deltaUsd: toUsd(m.deltaMicroUsd), change: ratio6(m.change) })),
    limitsBreached: report.data.limitsBreached,
    switchesChanged: report.data.switchesChanged,
    incidents: report.data.incidents,
    anomalies: report.data.anomalies,
    missingApplications: report.data.missingApplications,
    ownAwsCostUsd: toUsd(report.data.ownCostMicroUsd),
    generatedAt: report.data.generatedAt,
  };
}
