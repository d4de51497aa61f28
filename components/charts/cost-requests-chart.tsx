"use client";

import { useRouter } from "next/navigation";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatCountCompact, formatDay, formatUsd, usdAxis } from "../format";
import { TooltipBox } from "./chart-tooltip";
import { legendText } from "./legend-text";
import { ChartFrame, type ChartTable } from "./chart-frame";

export interface CostRequestsDay {
  day: string;
  estimated: boolean;
  /** Micro-dollars per series. */
  costs: Record<string, number>;
  totalRequests: number;
}

export interface CostRequestsChartProps {
  series: string[];
  colors: Record<string, string>;
  days: CostRequestsDay[];
  /** Today's cost so far, estimated from its requests (Cost Explorer has no figure yet). */
  today?: { day: string; costMicroUsd: number } | null;
  labels?: Record<string, string>;
  ariaLabel: string;
  /** Days a cost anomaly opened, marked with a line and named in the tooltip. */
  markers?: { day: string; label: string }[];
  /** Where a click on a day's bar goes ("{day}" filled in): its day in Explore. */
  dayHref?: string;
  /** The day still under way (today): its requests so far are drawn dashed, not as a fall in traffic. */
  partialDay?: string;
}

const TODAY_KEY = "__today_estimate";
/** What the requests' lines draw: whole days solid; the day under way dashed, from the day before it so that it starts where the solid line ends. */
const WHOLE_DAYS_KEY = "__requests_whole_days";
const SO_FAR_KEY = "__requests_so_far";
type Row = { day: string; estimated: boolean; requests: number | null } & Record<string, number | string | boolean | null>;

/** Cost stacked by series (left axis, USD) with requests as a line (right axis). */
export function CostRequestsChart({ series, colors, days, today, labels = {}, ariaLabel, markers = [], dayHref, partialDay }: CostRequestsChartProps) {
  const router = useRouter();
  const openDay = (day: string | undefined) => {
    if (dayHref && day) router.push(dayHref.replaceAll("{day}", encodeURIComponent(day)));
  };
  const markedOn = (day: string) => markers.filter((m) => m.day === day).map((m) => m.label);
  const label = (name: string) => (name === TODAY_KEY ? "Today so far (estimate)" : name === SO_FAR_KEY ? "Requests today so far" : (labels[name] ?? name));
  const partialAt = partialDay === undefined ? -1 : days.findIndex((d) => d.day === partialDay);
  const data: Row[] = days.map((d, i) => ({
    day: d.day,
    estimated: d.estimated,
    requests: d.totalRequests || null,
    [WHOLE_DAYS_KEY]: i === partialAt ? null : d.totalRequests || null,
    [SO_FAR_KEY]: partialAt >= 0 && (i === partialAt || i === partialAt - 1) ? d.totalRequests || null : null,
    ...d.costs,
    ...(today && today.day === d.day ? { [TODAY_KEY]: today.costMicroUsd } : {}),
  }));
  const isPartial = (row: Row) => row.day === partialDay;
  const keys = today ? [...series, TODAY_KEY] : series;
  const usdTick = usdAxis(Math.max(0, ...days.map((d) => Object.values(d.costs).reduce((a, v) => a + v, 0) + (today?.day === d.day ? today.costMicroUsd : 0))));
  const table: ChartTable = {
    columns: [{ name: "Day" }, ...keys.map((name) => ({ name: label(name), numeric: true })), { name: "Total", numeric: true }, { name: "Requests", numeric: true }],
    rows: data.map((row) => {
      const costs = keys.map((name) => (row[name] == null ? null : Number(row[name])));
      return [
        `${formatDay(row.day, { year: true })}${isPartial(row) ? " (today, so far)" : row.estimated ? " (estimated)" : ""}${markedOn(row.day).map((l) => ` · anomaly: ${l}`).join("")}`,
        ...costs.map((c) => (c === null ? "–" : formatUsd(c))),
        formatUsd(costs.reduce<number>((a, c) => a + (c ?? 0), 0)),
        row.requests === null ? "–" : formatCount(row.requests),
      ];
    }),
  };
  return (
    <ChartFrame label={ariaLabel} table={table}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <defs>
            <pattern id="estimate-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="var(--accent-soft)" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#3d5afe" strokeWidth="2" />
            </pattern>
          </defs>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => formatDay(d)} tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis yAxisId="usd" tickFormatter={usdTick} tick={{ fontSize: 12 }} width={64} />
          <YAxis yAxisId="requests" orientation="right" tickFormatter={(v: number) => formatCountCompact(v)} tick={{ fontSize: 12 }} width={56} />
          <Tooltip
            cursor={{ fill: "rgba(61, 90, 254, 0.06)" }}
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as Row | undefined;
              if (!active || !row) return null;
              const values = keys.map((name) => ({ name, value: Number(row[name] ?? 0) })).filter((v) => v.value !== 0);
              const total = values.reduce((a, v) => a + v.value, 0);
              const requests = row.requests ?? 0;
              return (
                <TooltipBox
                  title={formatDay(row.day, { year: true })}
                  rows={[
                    ...values.sort((a, b) => b.value - a.value).map((v) => ({ name: label(v.name), color: v.name === TODAY_KEY ? "#3d5afe" : (colors[v.name] ?? "#999"), value: formatUsd(v.value) })),
                    { name: isPartial(row) ? "Requests so far" : "Requests", color: "var(--text)", value: formatCount(requests) },
                    ...(total && requests ? [{ name: "Cost / 1M requests", color: "transparent", value: formatUsd((total * 1e6) / requests) }] : []),
                  ]}
                  total={values.length ? formatUsd(total) : undefined}
                  note={
                    [
                      ...markedOn(row.day).map((l) => `Anomaly opened: ${l}`),
                      dayHref && values.length ? "Click to open this day in Explore" : "",
                      row[TODAY_KEY] ? "Estimated from today's requests at recent cost per request" : !values.length ? "No cost data for this day yet" : row.estimated ? "Estimated: Cost Explorer has not finalised this day" : "",
                    ]
                      .filter(Boolean)
                      .join(" · ") || undefined
                  }
                />
              );
            }}
          />
          <Legend formatter={legendText(label)} itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
          {series.map((name) => (
            <Bar key={name} yAxisId="usd" dataKey={name} name={name} stackId="cost" fill={colors[name] ?? "#999"} isAnimationActive={false} cursor={dayHref ? "pointer" : undefined} onClick={(bar: { payload?: { day?: string } }) => openDay(bar.payload?.day)} />
          ))}
          {today && <Bar yAxisId="usd" dataKey={TODAY_KEY} name={TODAY_KEY} stackId="cost" fill="url(#estimate-hatch)" stroke="#3d5afe" isAnimationActive={false} />}
          <Line yAxisId="requests" dataKey={WHOLE_DAYS_KEY} name="Requests" stroke="var(--text)" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} />
          {partialAt >= 0 && <Line yAxisId="requests" dataKey={SO_FAR_KEY} name={SO_FAR_KEY} legendType="plainline" stroke="var(--text)" strokeWidth={1.5} strokeDasharray="4 3" dot={false} isAnimationActive={false} connectNulls={false} />}
          {[...new Set(markers.map((m) => m.day))].map((day) => (
            <ReferenceLine key={day} yAxisId="usd" x={day} stroke="var(--bad)" strokeDasharray="4 3" label={{ value: "anomaly", position: "insideTopLeft", fontSize: 11, fill: "var(--bad)" }} />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
