// An audit entry's before/after as short lines a person can scan: "role: viewer → engineer",
// "Recommendations: on → throttled 50 % in cell-b". What is stored stays whole (the
// snapshot of a switch's impact, a proposal's details); this is only how it reads.

type Fields = Record<string, unknown>;

const usd = (micro: unknown) => (typeof micro === "number" ? `$${(micro / 1_000_000).toLocaleString("en-US", { maximumFractionDigits: 2, minimumFractionDigits: 2 })}` : null);
const count = (n: unknown) => (typeof n === "number" ? Math.round(n).toLocaleString("en-US") : null);

function show(value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (Array.isArray(value)) return value.length ? value.map(show).join(", ") : "none";
  if (typeof value === "object") return "(details kept)";
  return String(value);
}

/** A switch position: "on", "off", "throttled 50 %". */
function position(fields: Fields | null): string {
  const state = fields?.state;
  if (typeof state !== "string") return "–";
  return state === "throttled" && typeof fields?.throttlePercent === "number" ? `throttled ${fields.throttlePercent}\u00a0%` : state;
}

/** The figures a switch change was decided on, in one line. */
function impactLine(snapshot: unknown): string | null {
  if (!snapshot || typeof snapshot !== "object") return null;
  const s = snapshot as Fields;
  const parts = [
    usd(s.savingMicroUsd) && `saves ${usd(s.savingMicroUsd)}/day`,
    count(s.requestsAtRisk) && `${count(s.requestsAtRisk)} requests/day at risk`,
    usd(s.revenueAtRiskMicroUsd) && `${usd(s.revenueAtRiskMicroUsd)}/day of revenue at risk`,
  ].filter(Boolean);
  return parts.length ? `at the time: ${parts.join(", ")}` : null;
}

function switchLines(b: Fields | null, a: Fields | null): string[] {
  const cell = (a?.cell ?? b?.cell) as string | null | undefined;
  const lines = [`${position(b)} → ${position(a)}${cell ? ` in ${cell}` : " everywhere"}`];
  if (typeof a?.source === "string") lines.push(`by ${a.source}${typeof a.proposalId === "number" ? ` (proposal #${a.proposalId})` : ""}`);
  if (typeof a?.requestedBy === "string") lines.push(`asked by ${a.requestedBy}`);
  const impact = impactLine(a?.snapshot);
  if (impact) lines.push(impact);
  return lines;
}

export function describeChange(before: unknown, after: unknown): string[] {
  const b = before && typeof before === "object" && !Array.isArray(before) ? (before as Fields) : null;
  const a = after && typeof after === "object" && !Array.isArray(after) ? (after as Fields) : null;
  if (!b && !a) return [];
  // A switch moving between positions.
  if (b && a && "state" in b && "state" in a && ("throttlePercent" in b || "throttlePercent" in a)) return switchLines(b, a);
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return keys.flatMap((key) => {
    const from = b?.[key];
    const to = a?.[key];
    if (key === "snapshot" || key === "details") {
      const impact = impactLine(to ?? from);
      return impact ? [impact] : [];
    }
    if (b && a) return JSON.stringify(from) === JSON.stringify(to) ? [] : [`${key}: ${show(from)} → ${show(to)}`];
    return [`${key}: ${show(a ? to : from)}${a ? "" : " (before)"}`];
  });
}
