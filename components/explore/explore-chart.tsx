"use client";

import { useRouter } from "next/navigation";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDay, formatUsd, usdAxis } from "../format";
import { ChartFrame, type ChartTable } from "../charts/chart-frame";
import { TooltipBox } from "../charts/chart-tooltip";
import { legendText } from "../charts/legend-text";

export interface ExploreChartProps {
  buckets: string[];
  /** Bucket labels ("23 Nov", "week of 23 Nov", "Nov 2026"). */
  bucketLabels: string[];
  groups: { key: string; label: string; color: string; values: (number | null)[]; href: string | null }[];
  /** The comparison's total per bucket, as a line; null when there is none. */
  comparison: { label: string; values: (number | null)[] } | null;
  /** Bars stack for a cost; a unit cost is not additive, so each group is a line. */
  stacked: boolean;
  label: string;
}

const COMPARE_KEY = "__compare";

/** Cost (or a unit cost) by group per bucket; a click on a bar drills into its group. */
export function ExploreChart({ buckets, bucketLabels, groups, comparison, stacked, label }: ExploreChartProps) {
  const router = useRouter();
  const data = buckets.map((b, i) => ({
    bucket: b,
    label: bucketLabels[i] ?? b,
    ...Object.fromEntries(groups.map((g) => [g.key, g.values[i] ?? null])),
    ...(comparison ? { [COMPARE_KEY]: comparison.values[i] ?? null } : {}),
  }));
  const max = Math.max(0, ...data.map((row) => (stacked ? groups.reduce((a, g) => a + Number(row[g.key as keyof typeof row] ?? 0), 0) : Math.max(0, ...groups.map((g) => Number(row[g.key as keyof typeof row] ?? 0))))), ...(comparison?.values.map((v) => v ?? 0) ?? []));
  const tick = usdAxis(max);
  const names = Object.fromEntries(groups.map((g) => [g.key, g.label]));
  const legendLabel = (key: string) => (key === COMPARE_KEY ? (comparison?.label ?? "") : (names[key] ?? key));
  const table: ChartTable = {
    columns: [{ name: "Period" }, ...groups.map((g) => ({ name: g.label, numeric: true })), ...(comparison ? [{ name: comparison.label, numeric: true }] : [])],
    rows: data.map((row, i) => [bucketLabels[i] ?? row.bucket, ...groups.map((g) => (g.values[i] == null ? "–" : formatUsd(g.values[i] as number))), ...(comparison ? [comparison.values[i] == null ? "–" : formatUsd(comparison.values[i] as number)] : [])]),
  };
  const drill = (key: string) => {
    const href = groups.find((g) => g.key === key)?.href;
    if (href) router.push(href);
  };
  return (
    <ChartFrame label={label} table={table} height={320}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis tickFormatter={tick} tick={{ fontSize: 12 }} width={64} />
          <Tooltip
            cursor={{ fill: "rgba(61, 90, 254, 0.06)" }}
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as Record<string, number | string | null> | undefined;
              if (!active || !row) return null;
              const rows = groups
                .map((g) => ({ name: g.label, color: g.color, v: row[g.key] as number | null }))
                .filter((r) => r.v !== null && r.v !== 0)
                .sort((a, b) => (b.v as number) - (a.v as number))
                .map((r) => ({ name: r.name, color: r.color, value: formatUsd(r.v as number) }));
              const compared = comparison ? (row[COMPARE_KEY] as number | null) : null;
              const total = groups.reduce((a, g) => a + Number(row[g.key] ?? 0), 0);
              return (
                <TooltipBox
                  title={String(row.label)}
                  rows={[...rows, ...(comparison && compared !== null ? [{ name: comparison.label, color: "var(--text)", value: formatUsd(compared) }] : [])]}
                  total={stacked && rows.length ? formatUsd(total) : undefined}
                  note={groups.some((g) => g.href) ? "Click a bar to look inside it" : undefined}
                />
              );
            }}
          />
          <Legend formatter={legendText(legendLabel)} itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
          {groups.map((g) =>
            stacked ? (
              <Bar key={g.key} dataKey={g.key} name={g.key} stackId="cost" fill={g.color} isAnimationActive={false} cursor={g.href ? "pointer" : undefined} onClick={() => drill(g.key)} />
            ) : (
              <Line key={g.key} dataKey={g.key} name={g.key} stroke={g.color} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
            ),
          )}
          {comparison && <Line dataKey={COMPARE_KEY} name={COMPARE_KEY} stroke="var(--text)" strokeDasharray="5 4" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export { formatDay };
