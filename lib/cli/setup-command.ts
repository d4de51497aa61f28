import type { Db } from "../db/client";
import { sealStoredWebhookUrls } from "../data/overload-settings";
import { ensureAwsWorkspace } from "../data/aws-accounts";
import { env } from "../env";
import { defaultAccountId } from "../data/account-id";
import { seedDemoAccount } from "../jobs/seed-demo";
import { seedDemoUsers } from "../jobs/seed-demo-users";
import { seedDemoFeatures, seedDemoLimits } from "../jobs/seed-demo-switches";
import { evaluateAllLimits } from "../jobs/evaluate-limits";
import { signalsAccount } from "../jobs/sync-account";
import { seedDemoReports } from "../jobs/seed-demo-reports";
import { syncCommand } from "./sync-command";

/** What `npm start` runs after migrations: the demo account and its users, and a first sync if there never was one. */
export async function setupCommand(db: Db): Promise<void> {
  const sealed = await sealStoredWebhookUrls(db);
  if (sealed) console.log(`Encrypted ${sealed} webhook URLs stored in the clear by an earlier version.`);
  if (env.FRUGAL_SOURCE === "aws") await ensureAwsWorkspace(db, (line) => console.log(line));
  if (env.FRUGAL_SOURCE === "demo") {
    const { accountId, created } = await seedDemoAccount(db);
    if (created) console.log("Created the demo account.");
    const users = await seedDemoUsers(db, accountId);
    if (users) console.log(`Created ${users} demo users (their passwords are on the sign-in page).`);
  }
  const accountId = await defaultAccountId(db);
  const synced = accountId === null ? 0 : await db.syncRun.count({ where: { accountId, status: "succeeded", trigger: { not: "signals" } } });
  if (synced === 0) await syncCommand(db, []);
  if (env.FRUGAL_SOURCE === "demo") {
    const account = await db.cloudAccount.findFirstOrThrow({ where: { source: "demo" } });
    // Features need the services the first sync found; limits need its history.
    const features = await seedDemoFeatures(db, account.id);
    const limits = await seedDemoLimits(db, account.id);
    if (features || limits) {
      await evaluateAllLimits(db, account.id);
      // The first sync judged overload before there were features to shed: judge again now.
      await signalsAccount(db, account.id, { fiveMinute: true });
      console.log(`Declared ${features} demo features and ${limits} cost limits.`);
    }
    if (await seedDemoReports(db)) console.log("Scheduled a weekly demo report and made last week's (see /reports).");
  }
}
