import Link from "next/link";
import { loadOverview } from "@/lib/data/page-loaders";
import { relativeChange } from "@/lib/domain/change";
import { rangeLength, type DateRange } from "@/lib/domain/date-range";
import { formatPercent, formatRange, formatUsd } from "../format";
import { Kpi, VersusBefore } from "../ui";

export async function OverviewKpis({ accountId, range }: { accountId: number; range: DateRange }) {
  const overview = await loadOverview(accountId, range.from, range.to);
  const { window } = overview;
  const days = window.costRange ? rangeLength(window.costRange) : 0;
  return (
    <div className="grid kpis">
      <Kpi
        label="Total cost"
        value={window.costRange ? formatUsd(overview.totalMicroUsd, { whole: true }) : "–"}
        detail={<VersusBefore ratio={relativeChange(overview.totalMicroUsd, overview.previousTotalMicroUsd)} window={window} />}
      />
      <Kpi label="Average per day" value={days ? formatUsd(overview.totalMicroUsd / days, { whole: true }) : "–"} detail={window.costRange ? formatRange(window.costRange) : "no cost data"} />
      <Kpi
        label="Tag coverage"
        value={overview.tagCoverage === null ? "–" : formatPercent(overview.tagCoverage)}
        detail="of cost lands in an application"
      />
      <Kpi label="Unallocated" value={formatUsd(overview.unallocatedMicroUsd, { whole: true })} detail={<Link href="/unallocated">matches no tag rule →</Link>} />
    </div>
  );
}
