import Link from "next/link";
import { loadEconomics } from "@/lib/data/page-loaders";
import type { DateRange } from "@/lib/domain/date-range";
import { formatUsd } from "../format";
import { Change } from "../ui";

/** The services whose cost per request rose the most against the period before. */
export async function TopMovers({ accountId, app, range, today, query }: { accountId: number; app: { id: number; slug: string }; range: DateRange; today: string; query: string }) {
  const economics = await loadEconomics(accountId, app.id, range.from, range.to, today);
  return (
    <div className="card">
      <div className="card-header">
        <h2>Top movers</h2>
        <span className="muted">cost per 1M requests, vs the period before</span>
      </div>
      {economics.movers.length === 0 ? (
        <p className="muted">No service got dearer per request.</p>
      ) : (
        <ul className="movers">
          {economics.movers.map((m) => (
            <li key={m.name}>
              <Link href={`/applications/${app.slug}/services/${encodeURIComponent(m.name)}${query}`}>{m.name}</Link>
              <span className="num">
                {formatUsd(m.previous)} → {formatUsd(m.current)} <Change ratio={m.change} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
