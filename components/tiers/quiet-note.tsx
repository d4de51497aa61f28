import type { DismissedView, QuietReason } from "@/lib/data/tiers";
import { formatAgo, formatUntil } from "../format";
import { proposalLabel } from "./overlap-note";
import { ReopenProposalButton } from "./decision-forms";

/** Why a breached limit has nothing to act on: dismissed (by whom, until when, why; with Undo), out of reach, or not yet evaluated. */
export function QuietNote({ quiet, name, canDecide }: { quiet: QuietReason | null; name: string; canDecide: boolean }) {
  if (!quiet) return null;
  if (quiet.kind === "unresolvable") return <div className="faint">No proposal: throttling every feature of tier 2 and up cannot bring it under, and tier 1 is never throttled automatically. A person must decide.</div>;
  if (quiet.kind === "pending") return <div className="faint">No proposal yet: the next sync evaluates it.</div>;
  return (
    <div className="quiet-note" data-testid="quiet-note">
      No proposal: dismissed by {quiet.by} until {formatUntil(quiet.until)}{quiet.reason ? <>: &ldquo;{quiet.reason}&rdquo;</> : ""}.{" "}
      {canDecide && <ReopenProposalButton proposalId={quiet.proposalId} name={name} />}
    </div>
  );
}

/** Proposals dismissed while their dismissal holds, each with Undo. */
export function DismissedList({ dismissed, canDecide }: { dismissed: DismissedView[]; canDecide: boolean }) {
  if (dismissed.length === 0) return null;
  return (
    <section className="card" aria-labelledby="dismissed-title">
      <h2 id="dismissed-title">Dismissed</h2>
      <ul className="plain-list">
        {dismissed.map((d) => (
          <li key={d.id} data-testid="dismissed-proposal" className="dismissed-item">
            <span>
              <strong>{d.featureName}</strong>: {proposalLabel(d)} <span className="faint">({d.kind === "load" ? "overload" : "cost"})</span> — dismissed by {d.by} {formatAgo(d.at)}
              {d.reason && <>: &ldquo;{d.reason}&rdquo;</>}. Not proposed again until {formatUntil(d.until)}.
            </span>{" "}
            {canDecide && <ReopenProposalButton proposalId={d.id} name={d.featureName} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
