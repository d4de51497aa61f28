import type { Db } from "../db/client";
import { defaultAccountId } from "../data/account-id";
import { syncAccount } from "../jobs/sync-account";
import { syncProgressReporter } from "./progress";
import { CliError, formatDuration } from "./cli-error";

export async function syncCommand(db: Db, args: string[]): Promise<void> {
  const daysArg = args.indexOf("--days");
  const days = daysArg >= 0 ? Number(args[daysArg + 1]) : undefined;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 400)) {
    throw new CliError("--days takes a whole number of days from 1 to 400.");
  }
  const accountId = await defaultAccountId(db);
  if (accountId === null) throw new CliError("There is no account yet. Run `npm run frugal -- setup` (or `npm start`) first.");
  const progress = syncProgressReporter();
  const result = await syncAccount(db, accountId, { trigger: "cli", days, onProgress: (p) => progress.update(p) }).finally(() => progress.stop());
  if (!result.acquired) {
    throw new CliError(`Another sync is running (${result.holder}); its lease ends at ${result.expiresAt.toISOString()}.`);
  }
  const run = result.value;
  if (run.status === "failed") throw new CliError(`Sync #${run.runId} failed after ${formatDuration(run.durationMs)}: ${run.error}`);
  const s = run.stats;
  console.log(
    `Sync #${run.runId} done in ${formatDuration(run.durationMs)}: ${s.days} days, ${s.resources} resources, ${s.services} services; ` +
      `rows ${s.inserted} added, ${s.updated} changed, ${s.deleted} removed, ${s.unchanged} unchanged.`,
  );
}
