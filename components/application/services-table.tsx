import { loadServiceTable } from "@/lib/data/page-loaders";
import type { DateRange } from "@/lib/domain/date-range";
import { formatCount, formatPercent, formatUsd } from "../format";
import { seriesColors } from "../series-colors";
import { Change, EmptyState } from "../ui";

export async function ServicesTable({ accountId, slug, range }: { accountId: number; slug: string; range: DateRange }) {
  const table = await loadServiceTable(accountId, slug, range.from, range.to);
  if (!table || table.services.length === 0) {
    return (
      <EmptyState title="No services in this range">
        <p>Resources join a service through the <code>service</code> tag. None of this application&apos;s resources carry one yet, or there is no data for these days.</p>
      </EmptyState>
    );
  }
  const colors = seriesColors(table.services.map((s) => s.name));
  const share = (micro: number) => (table.totalMicroUsd > 0 ? micro / table.totalMicroUsd : 0);
  return (
    <div className="card">
      <div className="card-header">
        <h2>Services</h2>
        <span className="muted">own tagged cost; the shared pool is shown apart</span>
      </div>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col" className="right">Cost</th>
              <th scope="col" className="right">Share</th>
              <th scope="col" className="right">Change</th>
              <th scope="col" className="right">Requests</th>
              <th scope="col" className="right">Cost / 1M requests</th>
              <th scope="col" className="right">5XX rate</th>
              <th scope="col" className="right">Resources</th>
            </tr>
          </thead>
          <tbody>
            {table.services.map((s) => (
              <tr key={s.name}>
                <th scope="row" style={{ background: "none", textTransform: "none", fontSize: 14, color: "var(--text)", fontWeight: 500, letterSpacing: 0 }}>
                  <span className="swatch" style={{ background: colors[s.name] }} />
                  {s.name}
                </th>
                <td className="right num">{formatUsd(s.costMicroUsd)}</td>
                <td className="right num">{formatPercent(share(s.costMicroUsd))}</td>
                <td className="right">
                  <Change ratio={s.change} />
                </td>
                <td className="right num">{s.requestCount > 0 ? formatCount(s.requestCount) : <span className="muted">no traffic</span>}</td>
                <td className="right num">{s.costPerMillionMicroUsd === null ? <span className="muted">no traffic</span> : formatUsd(s.costPerMillionMicroUsd)}</td>
                <td className="right num">{s.errorRate === null ? <span className="muted">–</span> : formatPercent(s.errorRate, 2)}</td>
                <td className="right num">{s.resourceCount}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td>
                <span className="swatch" style={{ background: colors.shared }} />
                Shared pool <span className="faint">(no service tag)</span>
              </td>
              <td className="right num">{formatUsd(table.sharedMicroUsd)}</td>
              <td className="right num">{formatPercent(share(table.sharedMicroUsd))}</td>
              <td className="right">
                <Change ratio={table.previousSharedMicroUsd ? (table.sharedMicroUsd - table.previousSharedMicroUsd) / table.previousSharedMicroUsd : null} />
              </td>
              <td colSpan={4} />
            </tr>
            <tr>
              <td>Total</td>
              <td className="right num">{formatUsd(table.totalMicroUsd)}</td>
              <td className="right num">100.0 %</td>
              <td className="right">
                <Change ratio={table.previousTotalMicroUsd ? (table.totalMicroUsd - table.previousTotalMicroUsd) / table.previousTotalMicroUsd : null} />
              </td>
              <td className="right num">{formatCount(table.requestCount)}</td>
              <td colSpan={3} />
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
