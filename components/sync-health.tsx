// What the sync could not read (shown with its reason, never hidden), and whether
// each day's lines added up to Cost Explorer's total.
import type { GapView, SyncHealthView } from "@/lib/data/sync-health";
import { formatDay, formatRange, formatUsd } from "./format";

const PART: Record<GapView["part"], string> = {
  cost: "Cost",
  traffic: "Traffic",
  resources: "The resource list",
  operations: "Per-operation figures",
  forecast: "Month-end forecast",
  resourceCost: "Cost per resource",
  business: "A business metric",
};

function when(g: GapView): string {
  if (!g.from || !g.to) return "";
  return ` for ${formatRange({ from: g.from, to: g.to })}`;
}

/** A banner for pages that show the data: what is stale and why. Nothing when all was read. */
export function StaleBanner({ health }: { health: SyncHealthView }) {
  if (health.gaps.length === 0 && health.reconciliation.mismatches.length === 0) return null;
  return (
    <div className="notice notice-warn" role="status" data-testid="stale-banner">
      {health.gaps.length > 0 && (
        <>
          <strong>Some data could not be read; what was read before is shown, and the next sync tries again.</strong>
          <ul>
            {health.gaps.slice(0, 5).map((g, i) => (
              <li key={i}>
                {PART[g.part]}
                {when(g)}: {g.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {health.reconciliation.mismatches.length > 0 && (
        <p>
          <strong>
            On {health.reconciliation.mismatches.length} day{health.reconciliation.mismatches.length === 1 ? "" : "s"} the applications and unallocated lines do not add up to Cost Explorer&apos;s total
          </strong>{" "}
          (e.g. {formatDay(health.reconciliation.mismatches[0]!.day)}: lines {formatUsd(health.reconciliation.mismatches[0]!.linesMicroUsd)}, total {formatUsd(health.reconciliation.mismatches[0]!.totalMicroUsd)}). The tag rules may let a line fall between two queries; see Settings.
        </p>
      )}
    </div>
  );
}

/** The reconciliation, in a sentence, for the unallocated page and settings. */
export function ReconciliationLine({ health }: { health: SyncHealthView }) {
  const { daysChecked, mismatches } = health.reconciliation;
  if (daysChecked === 0) return <p className="faint">Not checked yet: the next sync checks each day&apos;s lines against the account&apos;s total.</p>;
  if (mismatches.length === 0)
    return (
      <p className="form-ok" data-testid="reconciliation">
        Every one of the {daysChecked} days read adds up: the applications plus unallocated equal the account&apos;s total, to the cent.
      </p>
    );
  return (
    <div data-testid="reconciliation">
      <p className="form-error">
        {mismatches.length} of {daysChecked} days do not add up to the account&apos;s total:
      </p>
      <ul>
        {mismatches.slice(0, 10).map((m) => (
          <li key={m.day}>
            {formatDay(m.day, { year: true })}: lines {formatUsd(m.linesMicroUsd)}, total {formatUsd(m.totalMicroUsd)}, difference {formatUsd(m.linesMicroUsd - m.totalMicroUsd)}
          </li>
        ))}
      </ul>
    </div>
  );
}
