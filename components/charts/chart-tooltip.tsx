"use client";

import type { ReactNode } from "react";

export interface TooltipRow {
  name: string;
  color: string;
  value: string;
}

/** The box every chart's tooltip uses: a title, a row per series, an optional total. */
export function TooltipBox({ title, rows, total, note }: { title: ReactNode; rows: TooltipRow[]; total?: string; note?: string }) {
  return (
    <div className="tooltip">
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{title}</div>
      {rows.map((row) => (
        <div key={row.name} className="row">
          <span>
            <span className="swatch" style={{ background: row.color }} />
            {row.name}
          </span>
          <span className="num">{row.value}</span>
        </div>
      ))}
      {total && (
        <div className="row total">
          <span>Total</span>
          <span className="num">{total}</span>
        </div>
      )}
      {note && <div className="faint" style={{ marginTop: 4 }}>{note}</div>}
    </div>
  );
}
