import type { Db } from "../db/client";
import { env } from "../env";
import { seedDemoAccount } from "../jobs/seed-demo";
import { syncCommand } from "./sync-command";

/** What `npm start` runs after migrations: the demo account, and a first sync if there never was one. */
export async function setupCommand(db: Db): Promise<void> {
  if (env.FRUGAL_SOURCE === "demo") {
    const { created } = await seedDemoAccount(db);
    if (created) console.log("Created the demo account.");
  }
  const synced = await db.syncRun.count({ where: { status: "succeeded" } });
  if (synced === 0) await syncCommand(db, []);
}
