import Link from "next/link";
import { loadOverview } from "@/lib/data/page-loaders";
import { rangeLength, type DateRange } from "@/lib/domain/date-range";
import { formatPercent, formatRange, formatUsd } from "../format";
import { Change, Kpi } from "../ui";

export async function OverviewKpis({ accountId, range }: { accountId: number; range: DateRange }) {
  const overview = await loadOverview(accountId, range.from, range.to);
  const { window } = overview;
  const days = window.costRange ? rangeLength(window.costRange) : 0;
  return (
    <div className="grid kpis">
      <Kpi
        label="Total cost"
        value={formatUsd(overview.totalMicroUsd, { whole: true })}
        detail={
          <>
            <Change ratio={overview.previousTotalMicroUsd ? (overview.totalMicroUsd - overview.previousTotalMicroUsd) / overview.previousTotalMicroUsd : null} /> vs the {days} days before
          </>
        }
      />
      <Kpi label="Average per day" value={formatUsd(days ? overview.totalMicroUsd / days : 0, { whole: true })} detail={window.costRange ? formatRange(window.costRange) : "no cost data"} />
      <Kpi
        label="Tag coverage"
        value={overview.tagCoverage === null ? "–" : formatPercent(overview.tagCoverage)}
        detail="of cost lands in an application"
      />
      <Kpi label="Unallocated" value={formatUsd(overview.unallocatedMicroUsd, { whole: true })} detail={<Link href="/unallocated">matches no tag rule →</Link>} />
    </div>
  );
}
