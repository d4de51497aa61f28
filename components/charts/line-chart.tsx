"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatCountCompact, formatDay, formatUsd, usdAxis } from "../format";
import { TooltipBox } from "./chart-tooltip";
import { legendText } from "./legend-text";
import { ChartFrame, type ChartTable } from "./chart-frame";

export type ValueFormat = "usd" | "count";

export interface LineChartProps {
  series: string[];
  colors: Record<string, string>;
  /** One row per day; null = no value that day (a gap, not a zero). */
  days: { day: string; values: Record<string, number | null> }[];
  format: ValueFormat;
  ariaLabel: string;
  labels?: Record<string, string>;
  height?: number;
}

const FORMAT = { usd: { full: formatUsd, axis: usdAxis }, count: { full: formatCount, axis: () => formatCountCompact } };
type Row = { day: string } & Record<string, number | string | null>;

/** Lines over days, one per series, with gaps where there is no value. */
export function MultiLineChart({ series, colors, days, format, ariaLabel, labels = {}, height = 260 }: LineChartProps) {
  const f = FORMAT[format];
  const data: Row[] = days.map((d) => ({ day: d.day, ...d.values }));
  const tick = f.axis(Math.max(0, ...days.flatMap((d) => Object.values(d.values).map((v) => v ?? 0))));
  const table: ChartTable = {
    columns: [{ name: "Day" }, ...series.map((name) => ({ name: labels[name] ?? name, numeric: true }))],
    rows: days.map((d) => [formatDay(d.day, { year: true }), ...series.map((name) => (d.values[name] == null ? "–" : f.full(d.values[name] as number)))]),
  };
  return (
    <ChartFrame label={ariaLabel} height={height} table={table}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => formatDay(d)} tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis tickFormatter={tick} tick={{ fontSize: 12 }} width={64} />
          <Tooltip
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as Row | undefined;
              if (!active || !row) return null;
              const values = series.map((name) => ({ name, value: row[name] })).filter((v): v is { name: string; value: number } => typeof v.value === "number");
              return (
                <TooltipBox
                  title={formatDay(row.day, { year: true })}
                  rows={values.sort((a, b) => b.value - a.value).map((v) => ({ name: labels[v.name] ?? v.name, color: colors[v.name] ?? "#999", value: f.full(v.value) }))}
                  note={values.length ? undefined : "No data for this day"}
                />
              );
            }}
          />
          <Legend formatter={legendText((name) => labels[name] ?? name)} itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
          {series.map((name) => (
            <Line key={name} dataKey={name} name={name} stroke={colors[name] ?? "#999"} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
