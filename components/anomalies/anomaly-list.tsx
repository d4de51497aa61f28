// Anomalies as cards: what moved and by how much against its usual band, in words,
// with a sparkline, and what people said about it (or the buttons to say it).
import Link from "next/link";
import type { AnomalyView } from "@/lib/data/anomalies";
import { formatDay, formatUsd } from "../format";
import { AnomalySparkline } from "../charts/lazy";
import { AnomalyFeedback } from "./feedback-form";

const usd = (value: number) => formatUsd(Math.round(value * 1_000_000));
const STATE_BADGE: Record<AnomalyView["state"], string> = { open: "badge-bad", closed: "badge-neutral", withdrawn: "badge-neutral" };

function when(a: AnomalyView): string {
  if (a.state === "withdrawn") return `withdrawn: the final figures for ${formatDay(a.lastDay)} are usual`;
  if (a.kind === "spike" && a.closedDay) return `on ${formatDay(a.openedDay)} only`;
  return a.closedDay ? `${formatDay(a.startDay)} – ${formatDay(a.lastDay)}` : `since ${formatDay(a.startDay)}`;
}

export function AnomalyList({ anomalies, canReview, showApplication = false }: { anomalies: AnomalyView[]; canReview: (applicationId: number) => boolean; showApplication?: boolean }) {
  return (
    <ul className="anomalies">
      {anomalies.map((a) => {
        const subjectHref = a.serviceName ? `/applications/${a.application.slug}/services/${encodeURIComponent(a.serviceName)}` : `/applications/${a.application.slug}`;
        const name = `${a.subject} (${a.figureLabel})`;
        return (
          <li key={a.id} className={`anomaly anomaly-${a.state}`} data-testid="anomaly">
            <div className="anomaly-head">
              <div>
                <span className={`badge ${STATE_BADGE[a.state]}`}>{a.state}</span> <span className="badge badge-neutral">{a.kind}</span>{" "}
                {a.feedback && <span className={`badge ${a.feedback === "expected" ? "badge-good" : "badge-warn"}`}>{a.feedback}</span>}{" "}
                <strong>
                  {showApplication && <>{a.application.name} · </>}
                  <Link href={subjectHref}>{a.subject}</Link>
                </strong>{" "}
                <span className="muted">
                  {a.figureLabel}, {when(a)}
                </span>
              </div>
              <div className="anomaly-figure num" title="The latest anomalous day against the band the same weekday spanned over the last weeks">
                <strong>{usd(a.value)}</strong>
                {a.estimated && <span className="faint"> (est.)</span>} <span className="muted">usual {usd(a.low)}–{usd(a.high)}</span>
                <div className="faint">+{formatUsd(Math.round(a.excessUsd * 1_000_000), { whole: true })} a day</div>
              </div>
            </div>
            <p className="anomaly-summary">{a.summary}</p>
            {a.details.trail.length > 1 && (
              <AnomalySparkline points={a.details.trail} openedDay={a.openedDay} label={`${a.subject} ${a.figureLabel} over the last ${a.details.trail.length} days against its usual band; ${a.summary}`} />
            )}
            {a.feedback ? (
              <p className="faint">
                Marked {a.feedback} by {a.feedbackBy}
                {a.feedbackReason ? `: “${a.feedbackReason}”` : ""}
              </p>
            ) : (
              canReview(a.application.id) && <AnomalyFeedback anomalyId={a.id} name={name} />
            )}
          </li>
        );
      })}
    </ul>
  );
}
