"use client";

// p99 latency against throughput for one service in one cell. A hidden queue shows
// as the latency line climbing away from its baseline while the throughput area
// stays flat or sinks; congestion collapse as throughput falling while latency rises.
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
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

const MINUTE = 60_000;
const TICK_STEPS = [15, 30, 60, 120, 180, 360, 720].map((m) => m * MINUTE);

/** Ticks at round times over the whole axis, not only where there are points: at most 9 (8 steps, both ends on a tick). */
export function timeTicks(from: number, to: number): number[] {
  const step = TICK_STEPS.find((s) => (to - from) / s <= 8) ?? TICK_STEPS.at(-1)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** The time axis (ms since epoch): up to now, with a "no data" band where the samples stopped (sampleChartSpan). */
export interface LatencySpan {
  from: number;
  to: number;
  noDataFrom: number | null;
}

export function LatencyThroughputChart({ points, baselineMs, label, span }: { points: LatencyPoint[]; baselineMs: number | null; label: string; span?: LatencySpan }) {
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
          <XAxis dataKey="t" type="number" scale="time" domain={span ? [span.from, span.to] : ["dataMin", "dataMax"]} ticks={span ? timeTicks(span.from, span.to) : undefined} tickFormatter={(t: number) => time.format(t)} tick={{ fontSize: 12 }} minTickGap={32} />
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
          {span && span.noDataFrom !== null && span.noDataFrom < span.to && (
            <ReferenceArea
              yAxisId="rpm"
              x1={span.noDataFrom}
              x2={span.to}
              fill="var(--muted)"
              fillOpacity={0.12}
              stroke="none"
              // Named where the band is wide enough for the words (the page's header says since when); the grey alone where it is not.
              label={(span.to - span.noDataFrom) / (span.to - span.from) >= 0.1 ? { value: "no data", position: "insideTop", fontSize: 12, fill: "var(--muted)" } : undefined}
            />
          )}
          {baselineMs !== null && <ReferenceLine yAxisId="ms" y={baselineMs} stroke="var(--axis)" strokeDasharray="4 4" label={{ value: `baseline ${ms(baselineMs)}`, position: "insideTopLeft", fontSize: 11, fill: "var(--axis)" }} />}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
