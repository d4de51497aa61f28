"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatCountCompact, formatDay, formatUsd, usdAxis } from "../format";
import { TooltipBox } from "./chart-tooltip";
import { legendText } from "./legend-text";
import { ChartFrame, type ChartTable } from "./chart-frame";

export interface UnitCostChartProps {
  metric: { name: string; unit: string };
  days: { day: string; costMicroUsd: number | null; value: number | null; unitCostMicroUsd: number | null; estimated: boolean }[];
}

type Row = UnitCostChartProps["days"][number];

/** Cost per business unit (line, left axis) against the metric's volume (bars, right axis). */
export function UnitCostChart({ metric, days }: UnitCostChartProps) {
  const usdTick = usdAxis(Math.max(0, ...days.map((d) => d.unitCostMicroUsd ?? 0)));
  const table: ChartTable = {
    columns: [{ name: "Day" }, { name: "Cost", numeric: true }, { name: metric.name, numeric: true }, { name: `Cost per ${metric.unit}`, numeric: true }],
    rows: days.map((d) => [
      `${formatDay(d.day, { year: true })}${d.estimated ? " (estimated)" : ""}`,
      d.costMicroUsd === null ? "–" : formatUsd(d.costMicroUsd),
      d.value === null ? "–" : formatCount(d.value),
      d.unitCostMicroUsd === null ? "–" : formatUsd(d.unitCostMicroUsd),
    ]),
  };
  return (
    <ChartFrame label={`Cost per ${metric.unit} and ${metric.name} per day`} table={table}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => formatDay(d)} tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis yAxisId="unit" tickFormatter={usdTick} tick={{ fontSize: 12 }} width={72} />
          <YAxis yAxisId="volume" orientation="right" tickFormatter={(v: number) => formatCountCompact(v)} tick={{ fontSize: 12 }} width={56} />
          <Tooltip
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as Row | undefined;
              if (!active || !row) return null;
              return (
                <TooltipBox
                  title={formatDay(row.day, { year: true })}
                  rows={[
                    { name: `Cost per ${metric.unit}`, color: "#3d5afe", value: row.unitCostMicroUsd === null ? "–" : formatUsd(row.unitCostMicroUsd) },
                    { name: metric.name, color: "var(--border-strong)", value: row.value === null ? "no data" : formatCount(row.value) },
                    { name: "Cost", color: "transparent", value: row.costMicroUsd === null ? "not yet" : formatUsd(row.costMicroUsd) },
                  ]}
                  note={row.estimated ? "Estimated: Cost Explorer has not finalised this day" : undefined}
                />
              );
            }}
          />
          <Legend formatter={legendText()} wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="volume" dataKey="value" name={metric.name} fill="var(--border-strong)" isAnimationActive={false} />
          <Line yAxisId="unit" dataKey="unitCostMicroUsd" name={`Cost per ${metric.unit}`} stroke="#3d5afe" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
