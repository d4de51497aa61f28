import { loadApplications, loadDailyCostByApplication, UNALLOCATED_SERIES } from "@/lib/data/page-loaders";
import type { DateRange } from "@/lib/domain/date-range";
import { DailyCostChart } from "../charts/lazy";
import { seriesColors, SHARED_COLOR } from "../series-colors";

export async function DailyCostByApplication({ accountId, range }: { accountId: number; range: DateRange }) {
  const [daily, apps] = await Promise.all([
    loadDailyCostByApplication(accountId, range.from, range.to),
    loadApplications(accountId),
  ]);
  const colors = { ...seriesColors(apps.map((a) => a.slug)), [UNALLOCATED_SERIES]: SHARED_COLOR };
  const labels = { ...Object.fromEntries(apps.map((a) => [a.slug, a.name])), [UNALLOCATED_SERIES]: "Unallocated" };
  return (
    <div className="card">
      <div className="card-header">
        <h2>Daily cost by application</h2>
        <span className="muted">USD per day</span>
      </div>
      <DailyCostChart
        series={daily.series}
        colors={colors}
        days={daily.days}
        labels={labels}
        drill={{ template: "/explore?group=service&compare=none&from={day}&to={day}&f=application%3A{series}", noDrill: [UNALLOCATED_SERIES], note: "Click a bar to open its day in Explore" }}
      />
      <p className="legend-note">Today&apos;s cost arrives from Cost Explorer within a day; the last two days are estimates until AWS finalises them.</p>
    </div>
  );
}
