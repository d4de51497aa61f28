import { loadSyncStatus } from "@/lib/data/page-loaders";
import { formatAgo, formatDateTime, formatUsd } from "./format";

/** When the data was last refreshed, and whether the last attempt failed. */
export async function SyncStatus({ accountId }: { accountId: number }) {
  const { lastSuccess, lastFailure, running, progress } = await loadSyncStatus(accountId);
  if (lastFailure) {
    const shown = lastSuccess ? `showing data from ${formatAgo(lastSuccess.startedAt)}` : "no data synced yet";
    // On a wide bar the badge says only that the sync failed (the rest is in its tooltip), so that it stays on one line.
    return (
      <span className="badge badge-bad" title={`${formatDateTime(lastFailure.startedAt)}: ${lastFailure.error ?? "unknown error"}. Frugal is ${shown}.`}>
        Sync failed {formatAgo(lastFailure.startedAt)}
        <span className="sync-shown"> · {shown}</span>
      </span>
    );
  }
  if (!lastSuccess) {
    if (!running) return <span className="badge badge-neutral">Not synced yet</span>;
    return (
      <span className="badge badge-neutral sync-progress" role="status">
        First sync running{progress ? ` · ${progress.step} ${progress.label}` : "…"}
        {progress && <progress max={progress.total} value={progress.done} aria-label="First sync progress" />}
      </span>
    );
  }
  const cost = `${lastSuccess.apiCallCount} API calls, ${formatUsd(lastSuccess.apiCostMicroUsd)}`;
  return (
    <span title={`Last sync ${formatDateTime(lastSuccess.finishedAt ?? lastSuccess.startedAt)} (${cost})`}>
      {running ? "Syncing… · " : ""}Synced {formatAgo(lastSuccess.finishedAt ?? lastSuccess.startedAt)}
    </span>
  );
}
