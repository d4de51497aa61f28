import type { Db } from "../db/client";
import { env } from "../env";
import { seedDemoAccount } from "../jobs/seed-demo";
import { seedDemoUsers } from "../jobs/seed-demo-users";
import { syncCommand } from "./sync-command";

/** What `npm start` runs after migrations: the demo account and its users, and a first sync if there never was one. */
export async function setupCommand(db: Db): Promise<void> {
  if (env.FRUGAL_SOURCE === "demo") {
    const { accountId, created } = await seedDemoAccount(db);
    if (created) console.log("Created the demo account.");
    const users = await seedDemoUsers(db, accountId);
    if (users) console.log(`Created ${users} demo users (their passwords are on the sign-in page).`);
  }
  const synced = await db.syncRun.count({ where: { status: "succeeded" } });
  if (synced === 0) await syncCommand(db, []);
}
