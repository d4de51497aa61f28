// An audit entry's before/after as short lines a person can scan: "role: viewer → engineer".

function show(value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (Array.isArray(value)) return value.length ? value.map(show).join(", ") : "none";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function describeChange(before: unknown, after: unknown): string[] {
  const b = before && typeof before === "object" && !Array.isArray(before) ? (before as Record<string, unknown>) : null;
  const a = after && typeof after === "object" && !Array.isArray(after) ? (after as Record<string, unknown>) : null;
  if (!b && !a) return [];
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return keys.flatMap((key) => {
    const from = b?.[key];
    const to = a?.[key];
    if (b && a) return JSON.stringify(from) === JSON.stringify(to) ? [] : [`${key}: ${show(from)} → ${show(to)}`];
    return [`${key}: ${show(a ? to : from)}${a ? "" : " (before)"}`];
  });
}
