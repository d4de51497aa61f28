// Small presentational pieces shared by the pages.
import type { ReactNode } from "react";
import { rangeLength } from "@/lib/domain/date-range";
import { formatChange, formatDay } from "./format";

export function PageHeader({ title, subtitle, breadcrumbs, children }: { title: ReactNode; subtitle?: ReactNode; breadcrumbs?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        {breadcrumbs && <div className="breadcrumbs">{breadcrumbs}</div>}
        <h1>{title}</h1>
        {subtitle && <div className="subtitle">{subtitle}</div>}
      </div>
      {children}
    </div>
  );
}

/** A headline number; `small` for a value that is words rather than a figure. */
export function Kpi({ label, value, detail, small = false }: { label: string; value: ReactNode; detail?: ReactNode; small?: boolean }) {
  return (
    <div className="card kpi">
      <div className="label">{label}</div>
      <div className={small ? "value value-words" : "value num"}>{value}</div>
      {detail && <div className="detail">{detail}</div>}
    </div>
  );
}

/** Cost going up is bad news, going down good news; a missing baseline says so. */
export function Change({ ratio, label = "vs previous period" }: { ratio: number | null; label?: string }) {
  if (ratio === null) return <span className="change-flat">no earlier data</span>;
  const cls = Math.abs(ratio) < 0.005 ? "change-flat" : ratio > 0 ? "change-up" : "change-down";
  const arrow = Math.abs(ratio) < 0.005 ? "" : ratio > 0 ? "▲ " : "▼ ";
  return (
    <span className={`num ${cls}`} title={label}>
      {arrow}
      {formatChange(ratio)}
    </span>
  );
}

/**
 * "▲ +9.9 % vs the 29 days before", or why there is nothing to compare: a range before
 * the history starts, or a previous period that reaches back before it.
 */
export function VersusBefore({ ratio, window }: { ratio: number | null; window: { costRange: { from: string; to: string } | null; previousCostRange: { from: string } | null; firstCostDay: string | null } }) {
  const first = window.firstCostDay;
  if (!window.costRange) return <>{first ? `no cost data in this range; the history starts ${formatDay(first, { year: true })}` : "no cost data yet"}</>;
  if (!first || !window.previousCostRange || window.previousCostRange.from < first) {
    return <span className="change-flat">no data before {first ? formatDay(first, { year: true }) : "this range"} to compare with</span>;
  }
  return (
    <>
      <Change ratio={ratio} /> vs the {rangeLength(window.costRange)} days before
    </>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="card empty" role="status">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function ErrorState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="card error-state" role="alert">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function Skeleton({ height = 16, width = "100%" }: { height?: number; width?: number | string }) {
  return <div className="skeleton" style={{ height, width }} aria-hidden="true" />;
}

export function KpiSkeletons({ count = 4 }: { count?: number }) {
  return (
    <div className="grid kpis" aria-busy="true" aria-label="Loading figures">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="card kpi">
          <Skeleton height={12} width="50%" />
          <div style={{ height: 10 }} />
          <Skeleton height={28} width="70%" />
        </div>
      ))}
    </div>
  );
}

export function CardSkeleton({ height = 300, title }: { height?: number; title?: string }) {
  return (
    <div className="card" aria-busy="true" aria-label={title ? `Loading ${title}` : "Loading"}>
      {title ? <h2>{title}</h2> : <Skeleton height={16} width="30%" />}
      <div style={{ height: 12 }} />
      <Skeleton height={height} />
    </div>
  );
}

export function TableSkeleton({ rows = 5, title }: { rows?: number; title?: string }) {
  return (
    <div className="card" aria-busy="true" aria-label={title ? `Loading ${title}` : "Loading"}>
      {title && <h2>{title}</h2>}
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} style={{ padding: "10px 0", borderBottom: "1px solid var(--border)" }}>
          <Skeleton height={14} />
        </div>
      ))}
    </div>
  );
}
