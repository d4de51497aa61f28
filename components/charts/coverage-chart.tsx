"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDay, formatPercent, formatUsd, usdAxis } from "../format";
import { SHARED_COLOR } from "../series-colors";
import { TooltipBox } from "./chart-tooltip";
import { legendText } from "./legend-text";
import { ChartFrame, type ChartTable } from "./chart-frame";

export interface CoverageChartProps {
  days: { day: string; unallocatedMicroUsd: number; totalMicroUsd: number }[];
}

type Row = { day: string; unallocated: number; coverage: number | null; total: number };

/** Unallocated cost per day (bars) and the share of cost that is tagged (line, right axis). */
export function CoverageChart({ days }: CoverageChartProps) {
  const data: Row[] = days.map((d) => ({
    day: d.day,
    unallocated: d.unallocatedMicroUsd,
    total: d.totalMicroUsd,
    coverage: d.totalMicroUsd > 0 ? 1 - d.unallocatedMicroUsd / d.totalMicroUsd : null,
  }));
  const usdTick = usdAxis(Math.max(0, ...days.map((d) => d.unallocatedMicroUsd)));
  const table: ChartTable = {
    columns: [{ name: "Day" }, { name: "Unallocated", numeric: true }, { name: "Total", numeric: true }, { name: "Tag coverage", numeric: true }],
    rows: data.map((r) => [formatDay(r.day, { year: true }), formatUsd(r.unallocated), formatUsd(r.total), r.coverage === null ? "–" : formatPercent(r.coverage)]),
  };
  return (
    <ChartFrame label={"Unallocated cost per day and tag coverage"} table={table}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => formatDay(d)} tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis yAxisId="usd" tickFormatter={usdTick} tick={{ fontSize: 12 }} width={64} />
          <YAxis yAxisId="pct" orientation="right" domain={[0, 1]} tickFormatter={(v: number) => formatPercent(v, 0)} tick={{ fontSize: 12 }} width={52} />
          <Tooltip
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as Row | undefined;
              if (!active || !row) return null;
              return (
                <TooltipBox
                  title={formatDay(row.day, { year: true })}
                  rows={[
                    { name: "Unallocated", color: SHARED_COLOR, value: formatUsd(row.unallocated) },
                    { name: "Tag coverage", color: "#3d5afe", value: row.coverage === null ? "–" : formatPercent(row.coverage) },
                  ]}
                  note={row.total === 0 ? "No cost data for this day yet" : `of ${formatUsd(row.total)} in all`}
                />
              );
            }}
          />
          <Legend formatter={legendText()} wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="usd" dataKey="unallocated" name="Unallocated cost" fill={SHARED_COLOR} isAnimationActive={false} />
          <Line yAxisId="pct" dataKey="coverage" name="Tag coverage" stroke="#3d5afe" dot={false} strokeWidth={2} isAnimationActive={false} connectNulls={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
