// One line on the applications list: what Frugal's own AWS calls cost.
import Link from "next/link";
import { loadOwnCost } from "@/lib/data/page-loaders";
import { formatUsd } from "../format";

export async function OwnCostLine({ accountId, demo, linkToSettings }: { accountId: number; demo: boolean; linkToSettings: boolean }) {
  const cost = await loadOwnCost(accountId);
  const text = `${demo ? "On AWS, the demo's reads would cost" : "Frugal's own AWS calls cost"} ${formatUsd(cost.lastDayMicroUsd)} in the last 24 hours (about ${formatUsd(cost.monthMicroUsd)} a month).`;
  return (
    <p className="faint own-cost" data-testid="own-cost">
      {text} {linkToSettings && <Link href="/settings/accounts">Per API and run</Link>}
    </p>
  );
}
