import { loadCostWindow, loadServiceTable } from "@/lib/data/page-loaders";
import { costPerMillionMicroUsd, relativeChange } from "@/lib/domain/change";
import { rangeLength, type DateRange } from "@/lib/domain/date-range";
import { formatCount, formatPercent, formatRange, formatUsd } from "../format";
import { Change, Kpi } from "../ui";

export async function ApplicationKpis({ accountId, slug, range }: { accountId: number; slug: string; range: DateRange }) {
  const [table, window] = await Promise.all([loadServiceTable(accountId, slug, range.from, range.to), loadCostWindow(accountId, range.from, range.to)]);
  if (!table) return null;
  const perMillion = costPerMillionMicroUsd(table.totalMicroUsd, table.requestCount);
  const days = window.costRange ? rangeLength(window.costRange) : 0;
  return (
    <div className="grid kpis">
      <Kpi
        label="Cost"
        value={formatUsd(table.totalMicroUsd, { whole: true })}
        detail={
          <>
            <Change ratio={relativeChange(table.totalMicroUsd, table.previousTotalMicroUsd)} /> vs the {days} days before
          </>
        }
      />
      <Kpi label="Requests" value={formatCount(table.requestCount)} detail={window.costRange ? formatRange(window.costRange) : "no data"} />
      <Kpi label="Cost / 1M requests" value={perMillion === null ? "no traffic" : formatUsd(perMillion)} detail="all cost, shared pool included" />
      <Kpi
        label="Shared pool"
        value={formatUsd(table.sharedMicroUsd, { whole: true })}
        detail={table.totalMicroUsd > 0 ? `${formatPercent(table.sharedMicroUsd / table.totalMicroUsd)} of the application's cost` : "–"}
      />
    </div>
  );
}
