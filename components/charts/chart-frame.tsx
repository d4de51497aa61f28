"use client";

import { useState, type ReactNode } from "react";

export interface ChartTable {
  columns: { name: string; numeric?: boolean }[];
  /** Formatted cells, one row per point (a day, a minute). */
  rows: string[][];
}

/**
 * A chart with its figures as a table one click away: for a screen reader, for
 * someone who wants the numbers, for copying into a spreadsheet (WCAG 1.1.1).
 * `label` names both: the chart (an image) and its table.
 */
export function ChartFrame({ label, height, table, children }: { label: string; height?: number; table: ChartTable; children: ReactNode }) {
  const [asTable, setAsTable] = useState(false);
  return (
    <div className="chart-frame">
      <div className="chart-frame-toggle">
        <button type="button" className="link-button" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? "Show as chart" : "Show as table"}
        </button>
      </div>
      {asTable ? (
        <div className="table-wrap chart-table" tabIndex={0}>
          <table aria-label={label}>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c.name} scope="col" className={c.numeric ? "right" : undefined}>
                    {c.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j} className={table.columns[j]?.numeric ? "right num" : undefined}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="chart" style={height ? { height } : undefined} role="img" aria-label={label}>
          {children}
        </div>
      )}
    </div>
  );
}
