// The stale-data banner for a page's range, read on its own so it never holds the page up.
import { loadSyncHealth } from "@/lib/data/page-loaders";
import { StaleBanner } from "./sync-health";

export async function StaleBannerCard({ accountId, from, to }: { accountId: number; from: string; to: string }) {
  return <StaleBanner health={await loadSyncHealth(accountId, from, to)} />;
}
