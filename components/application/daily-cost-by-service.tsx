import { loadDailyCostByService, SHARED_SERIES } from "@/lib/data/page-loaders";
import type { DateRange } from "@/lib/domain/date-range";
import { DailyCostChart } from "../charts/daily-cost-chart";
import { seriesColors } from "../series-colors";

export async function DailyCostByService({ applicationId, range }: { applicationId: number; range: DateRange }) {
  const daily = await loadDailyCostByService(applicationId, range.from, range.to);
  return (
    <div className="card">
      <div className="card-header">
        <h2>Daily cost by service</h2>
        <span className="muted">USD per day</span>
      </div>
      <DailyCostChart series={daily.series} colors={seriesColors(daily.series)} days={daily.days} labels={{ [SHARED_SERIES]: "Shared pool" }} />
    </div>
  );
}
