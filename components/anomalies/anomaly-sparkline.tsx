"use client";

import { Area, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDay, formatUsd } from "../format";
import { TooltipBox } from "../charts/chart-tooltip";

export interface SparkPoint {
  day: string;
  value: number;
  low: number | null;
  high: number | null;
}

const usd = (value: number) => formatUsd(Math.round(value * 1_000_000));

/**
 * An anomaly's figure over its last weeks (the line) against the band its baseline
 * spanned each day (shaded): where the line leaves the band is the anomaly.
 */
export function AnomalySparkline({ points, label, openedDay }: { points: SparkPoint[]; label: string; openedDay: string }) {
  const data = points.map((p) => ({ day: p.day, value: p.value, band: p.low === null || p.high === null ? null : [p.low, p.high] }));
  return (
    <div className="anomaly-spark" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 4, right: 2, bottom: 0, left: 2 }}>
          <XAxis dataKey="day" hide />
          <YAxis hide domain={["auto", "auto"]} />
          <Tooltip
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as { day: string; value: number; band: [number, number] | null } | undefined;
              if (!active || !row) return null;
              return (
                <TooltipBox
                  title={formatDay(row.day, { year: true })}
                  rows={[
                    { name: "This day", color: "var(--bad)", value: usd(row.value) },
                    ...(row.band ? [{ name: "Usual", color: "var(--border-strong)", value: `${usd(row.band[0])}–${usd(row.band[1])}` }] : []),
                  ]}
                  note={row.day === openedDay ? "The anomaly opened this day" : row.band ? undefined : "Not judged (too little history)"}
                />
              );
            }}
          />
          <Area dataKey="band" stroke="var(--border-strong)" strokeWidth={0.5} fill="var(--border-strong)" fillOpacity={0.6} isAnimationActive={false} connectNulls />
          <ReferenceLine x={openedDay} stroke="var(--bad)" strokeDasharray="3 3" strokeOpacity={0.6} />
          <Line dataKey="value" stroke="var(--bad)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
