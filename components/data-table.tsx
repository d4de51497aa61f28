"use client";

import Link from "next/link";
import { useMemo, useState, type ReactNode } from "react";
import { formatCount, formatPercent, formatUsd } from "./format";
import { Change } from "./ui";

export type ColumnKind = "text" | "usd" | "count" | "percent" | "change";

export interface Column {
  key: string;
  label: string;
  kind: ColumnKind;
  sortable?: boolean;
  /** Shown instead of an empty value, e.g. "no traffic". */
  empty?: string;
  /** For text columns: the row field holding a link target. */
  hrefKey?: string;
  /** For text columns: the row field holding a swatch colour. */
  colorKey?: string;
  /** For text columns: the row field holding a small note under the value. */
  noteKey?: string;
  /** Explains the column on hover. */
  title?: string;
}

export type Row = Record<string, string | number | boolean | null>;

function cell(column: Column, row: Row): ReactNode {
  const value = row[column.key];
  if (value === null || value === undefined || value === "") return <span className="muted">{column.empty ?? "–"}</span>;
  switch (column.kind) {
    case "usd":
      return formatUsd(Number(value));
    case "count":
      return formatCount(Number(value));
    case "percent":
      return formatPercent(Number(value), 2);
    case "change":
      return <Change ratio={Number(value)} />;
    case "text": {
      const href = column.hrefKey ? row[column.hrefKey] : null;
      const color = column.colorKey ? row[column.colorKey] : null;
      const note = column.noteKey ? row[column.noteKey] : null;
      return (
        <>
          <span className="cell-text">
            {typeof color === "string" && <span className="swatch" style={{ background: color }} />}
            {typeof href === "string" ? <Link href={href}>{String(value)}</Link> : String(value)}
          </span>
          {note ? <div className="faint">{String(note)}</div> : null}
        </>
      );
    }
  }
}

function compare(a: Row, b: Row, key: string): number {
  const x = a[key];
  const y = b[key];
  // Empty values sort last whatever the direction, as spreadsheets do.
  if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
  if (y === null || y === undefined) return -1;
  return typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
}

/** The rows whose first column holds the query, ignoring case and the spaces around it; every row for an empty query. */
export function matching(rows: Row[], key: string, query: string): Row[] {
  const q = query.trim().toLowerCase();
  if (!q) return rows;
  return rows.filter((row) => String(row[key] ?? "").toLowerCase().includes(q));
}

/** A table whose sortable columns sort on click or Enter; the order is announced through aria-sort. */
export function DataTable({
  columns,
  rows,
  rowKey,
  initialSort,
  label,
  limit,
  phoneLimit,
  filterLabel,
}: {
  columns: Column[];
  rows: Row[];
  rowKey: string;
  initialSort: { key: string; dir: "asc" | "desc" };
  label: string;
  /** Show this many rows until the reader asks for all. */
  limit?: number;
  /** On a phone, where each row is a card several lines tall, show this many until the reader asks for all. */
  phoneLimit?: number;
  /** With a limit the rows pass: a box, labelled so, that keeps the rows whose first column holds what is typed. */
  filterLabel?: string;
}) {
  const [sort, setSort] = useState(initialSort);
  const [showAll, setShowAll] = useState(false);
  const [query, setQuery] = useState("");
  const sorted = useMemo(() => {
    const list = [...rows].sort((a, b) => compare(a, b, sort.key));
    if (sort.dir === "desc") {
      const filled = list.filter((r) => r[sort.key] !== null && r[sort.key] !== undefined).reverse();
      return [...filled, ...list.filter((r) => r[sort.key] === null || r[sort.key] === undefined)];
    }
    return list;
  }, [rows, sort]);
  const filtered = filterLabel && limit !== undefined && rows.length > limit;
  const shown = filtered ? matching(sorted, columns[0]?.key ?? "", query) : sorted;
  const cut = limit !== undefined && shown.length > limit;
  const drawn = cut && !showAll ? shown.slice(0, limit) : shown;
  // More rows than a phone shows: the rows past phoneLimit are drawn with a class that hides them below 600 px
  // until the reader asks for all (app/globals.css, as for PhoneCut's tables), since the server cannot know the screen.
  const longForPhone = phoneLimit !== undefined && shown.length > phoneLimit;
  return (
    <>
      {filtered && (
        <div className="table-filter">
          <input type="search" aria-label={filterLabel} placeholder={filterLabel} value={query} onChange={(e) => setQuery(e.target.value)} />
          <span className="muted" role="status">
            {query.trim() ? `${shown.length} of ${rows.length} match` : ""}
          </span>
        </div>
      )}
      <div className={showAll ? "table-wrap phone-all" : "table-wrap"} tabIndex={0}>
        <table role="table" aria-label={label} className="data-table sortable cards-on-phone">
          <thead role="rowgroup">
            <tr role="row">
              {columns.map((c) => {
                const active = sort.key === c.key;
                const ariaSort = active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined;
                return (
                  <th role="columnheader" key={c.key} scope="col" className={c.kind === "text" ? undefined : "right"} aria-sort={ariaSort} title={c.title}>
                    {c.sortable === false ? (
                      c.label
                    ) : (
                      <button
                        type="button"
                        className="sort"
                        onClick={() => setSort(active ? { key: c.key, dir: sort.dir === "asc" ? "desc" : "asc" } : { key: c.key, dir: c.kind === "text" ? "asc" : "desc" })}
                      >
                        {c.label}
                        <span aria-hidden="true">{active ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}</span>
                      </button>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody role="rowgroup">
            {shown.length === 0 && query.trim() && (
              <tr role="row">
                <td role="cell" colSpan={columns.length} className="muted">
                  No row matches “{query.trim()}”.
                </td>
              </tr>
            )}
            {drawn.map((row, index) => (
              <tr role="row" key={String(row[rowKey])} className={phoneLimit !== undefined && index >= phoneLimit ? "past-phone-limit" : undefined}>
                {columns.map((c, i) =>
                  i === 0 ? (
                    <th role="rowheader" key={c.key} scope="row" className="row-head">
                      {cell(c, row)}
                    </th>
                  ) : (
                    <td role="cell" key={c.key} className={c.kind === "text" ? undefined : "right num"} data-label={c.label}>
                      {cell(c, row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {(cut || longForPhone) && (
          // Without a cut on a wide screen, the button is there for phones only.
          <p className={cut ? undefined : "phone-only"}>
            <button type="button" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
              {showAll ? (phoneLimit !== undefined ? "Show fewer rows" : `Show the first ${limit}`) : `Show all ${shown.length} rows`}
            </button>
          </p>
        )}
      </div>
    </>
  );
}
