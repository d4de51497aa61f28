"use client";

// p99 latency against throughput for one service in one cell. A hidden queue shows
// as the latency line climbing away from its baseline while the throughput area
// stays flat or sinks; congestion collapse as throughput falling while latency rises.
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatCountCompact } from "../format";
import { TooltipBox } from "../charts/chart-tooltip";
import { legendText } from "../charts/legend-text";
import { ChartFrame, type ChartTable } from "../charts/chart-frame";

export interface LatencyPoint {
  /** ms since epoch */
  t: number;
  p99: number | null;
  rpm: number;
}

const LATENCY = "#D55E00";
const THROUGHPUT = "#0072B2";
const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const dayTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });
const ms = (v: number) => `${v < 10 ? v.toFixed(1) : formatCount(v)} ms`;

export function LatencyThroughputChart({ points, baselineMs, label }: { points: LatencyPoint[]; baselineMs: number | null; label: string }) {
  const hasLatency = points.some((p) => p.p99 !== null);
  const table: ChartTable = {
    columns: [{ name: "Minute (UTC)" }, { name: "p99 latency", numeric: true }, { name: "Requests / min", numeric: true }],
    rows: points.map((p) => [dayTime.format(p.t), p.p99 === null ? "–" : ms(p.p99), formatCount(p.rpm)]),
  };
  return (
    <ChartFrame label={label} height={280} table={table}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => time.format(t)} tick={{ fontSize: 12 }} minTickGap={32} />
          <YAxis yAxisId="ms" tickFormatter={(v: number) => ms(v)} tick={{ fontSize: 12, fill: LATENCY }} width={72} />
          <YAxis yAxisId="rpm" orientation="right" tickFormatter={(v: number) => `${formatCountCompact(v)}/min`} tick={{ fontSize: 12, fill: THROUGHPUT }} width={72} />
          <Tooltip
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as LatencyPoint | undefined;
              if (!active || !row) return null;
              return (
                <TooltipBox
                  title={dayTime.format(row.t)}
                  rows={[
                    { name: "p99 latency", color: LATENCY, value: row.p99 === null ? "not published" : ms(row.p99) },
                    { name: "Throughput", color: THROUGHPUT, value: `${formatCount(row.rpm)} requests/min` },
                    ...(baselineMs === null ? [] : [{ name: "p99 baseline (2-day median)", color: "var(--axis)", value: ms(baselineMs) }]),
                  ]}
                />
              );
            }}
          />
          <Legend formatter={legendText()} wrapperStyle={{ fontSize: 12 }} />
          <Area yAxisId="rpm" dataKey="rpm" name="Throughput (requests/min)" stroke={THROUGHPUT} fill={THROUGHPUT} fillOpacity={0.12} strokeWidth={1.5} isAnimationActive={false} />
          {hasLatency && <Line yAxisId="ms" dataKey="p99" name="p99 latency (ms)" stroke={LATENCY} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />}
          {baselineMs !== null && <ReferenceLine yAxisId="ms" y={baselineMs} stroke="var(--axis)" strokeDasharray="4 4" label={{ value: `baseline ${ms(baselineMs)}`, position: "insideTopLeft", fontSize: 11, fill: "var(--axis)" }} />}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
