// Cost per request per operation (CloudWatch Application Signals), with the method
// stated: an estimate that splits the service's cost by busy time.
import type { DateRange } from "@/lib/domain/date-range";
import { loadServiceOperations } from "@/lib/data/page-loaders";
import { formatCount, formatPercent, formatUsd } from "../format";

export async function OperationsCard({ service, range }: { service: { id: number; name: string }; range: DateRange }) {
  const ops = await loadServiceOperations(service.id, range.from, range.to);
  return (
    <div className="card" aria-labelledby="operations-title">
      <div className="card-header">
        <h2 id="operations-title">Cost per operation</h2>
        <span className="muted">estimate, from CloudWatch Application Signals</span>
      </div>
      {!ops.instrumented ? (
        <p className="muted">
          {service.name} publishes no per-operation metrics. Instrument it with CloudWatch Application Signals (its Service name {service.name}) and the next sync shows what each operation costs.
        </p>
      ) : (
        <>
          <p className="faint">
            The service&apos;s cost each day is split over its operations in proportion to their busy time (requests × mean latency): an operation that keeps the service busy twice as long carries twice
            the cost. The operations add up to the service&apos;s cost on the days they cover{ops.uncoveredMicroUsd ? `; ${formatUsd(ops.uncoveredMicroUsd)} fell on days without operation data` : ""}.
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table aria-label="Operations">
              <thead>
                <tr>
                  <th scope="col">Operation</th>
                  <th scope="col" className="right">Requests</th>
                  <th scope="col" className="right">Mean latency</th>
                  <th scope="col" className="right">Faults (5XX)</th>
                  <th scope="col" className="right">Share of busy time</th>
                  <th scope="col" className="right">Cost</th>
                  <th scope="col" className="right">Cost / 1M requests</th>
                </tr>
              </thead>
              <tbody>
                {ops.operations.map((o) => (
                  <tr key={o.operation}>
                    <td className="mono">{o.operation}</td>
                    <td className="right num">{formatCount(o.requestCount)}</td>
                    <td className="right num">{o.latencyAvgMs === null ? "–" : `${o.latencyAvgMs.toFixed(0)} ms`}</td>
                    <td className="right num">{o.requestCount ? `${formatCount(o.faultCount)} (${formatPercent(o.faultCount / o.requestCount, 2)})` : "–"}</td>
                    <td className="right num">{formatPercent(o.busyShare)}</td>
                    <td className="right num">{formatUsd(o.costMicroUsd)}</td>
                    <td className="right num">{o.costPerMillionMicroUsd === null ? <span className="muted">no traffic</span> : formatUsd(o.costPerMillionMicroUsd)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">All operations</th>
                  <td className="right num">{formatCount(ops.operations.reduce((a, o) => a + o.requestCount, 0))}</td>
                  <td colSpan={3} />
                  <td className="right num">{formatUsd(ops.coveredMicroUsd)}</td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
