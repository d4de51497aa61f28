"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDay, formatUsd, usdAxis } from "../format";
import { TooltipBox } from "./chart-tooltip";
import { legendText } from "./legend-text";
import { ChartFrame, type ChartTable } from "./chart-frame";

export interface DailyCostChartProps {
  /** Stack order, bottom first. */
  series: string[];
  colors: Record<string, string>;
  /** Micro-dollars per series per day. */
  days: { day: string; estimated: boolean; values: Record<string, number> }[];
  labels?: Record<string, string>;
  /** Where a click on a bar goes: "{day}" and "{series}" are filled in (URL-encoded); series in `noDrill` go nowhere. */
  drill?: { template: string; noDrill?: string[]; note: string };
}

type Row = { day: string; estimated: boolean } & Record<string, number | string | boolean>;

/** Daily cost as bars stacked by series, one colour per service. */
export function DailyCostChart({ series, colors, days, labels = {}, drill }: DailyCostChartProps) {
  const router = useRouter();
  const open = (name: string, day: string) => {
    if (!drill || drill.noDrill?.includes(name)) return;
    router.push(drill.template.replaceAll("{day}", encodeURIComponent(day)).replaceAll("{series}", encodeURIComponent(name)));
  };
  const data = days.map((d) => ({ day: d.day, estimated: d.estimated, ...d.values }));
  const label = (name: string) => labels[name] ?? name;
  const usdTick = usdAxis(Math.max(0, ...days.map((d) => Object.values(d.values).reduce((a, v) => a + v, 0))));
  const table: ChartTable = {
    columns: [{ name: "Day" }, ...series.map((name) => ({ name: label(name), numeric: true })), { name: "Total", numeric: true }],
    rows: days.map((d) => [
      `${formatDay(d.day, { year: true })}${d.estimated ? " (estimated)" : ""}`,
      ...series.map((name) => formatUsd(d.values[name] ?? 0)),
      formatUsd(Object.values(d.values).reduce((a, v) => a + v, 0)),
    ]),
  };
  return (
    <ChartFrame label={`Daily cost stacked by ${series.map(label).join(", ")}`} table={table}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => formatDay(d)} tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis tickFormatter={usdTick} tick={{ fontSize: 12 }} width={64} />
          <Tooltip
            cursor={{ fill: "rgba(61, 90, 254, 0.06)" }}
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as Row | undefined;
              if (!active || !row) return null;
              const values = series.map((name) => ({ name, value: Number(row[name] ?? 0) })).filter((v) => v.value !== 0);
              const total = values.reduce((a, v) => a + v.value, 0);
              return (
                <TooltipBox
                  title={formatDay(row.day, { year: true })}
                  rows={values
                    .sort((a, b) => b.value - a.value)
                    .map((v) => ({ name: label(v.name), color: colors[v.name] ?? "#999", value: formatUsd(v.value) }))}
                  total={values.length ? formatUsd(total) : undefined}
                  note={!values.length ? "No cost data for this day yet" : [row.estimated ? "Estimated: Cost Explorer has not finalised this day" : "", drill?.note ?? ""].filter(Boolean).join(" · ") || undefined}
                />
              );
            }}
          />
          <Legend formatter={legendText(label)} itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
          {series.map((name) => (
            <Bar
              key={name}
              dataKey={name}
              name={name}
              stackId="cost"
              fill={colors[name] ?? "#999"}
              isAnimationActive={false}
              cursor={drill && !drill.noDrill?.includes(name) ? "pointer" : undefined}
              onClick={(bar: { payload?: { day?: string } }) => bar.payload?.day && open(name, bar.payload.day)}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
