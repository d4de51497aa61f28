// The demo's example report: a weekly schedule for every application, with no recipient
// (the demo mails nobody), and last week's report made at once, so /reports shows one.
import type { Db } from "../db/client";
import { createSchedule } from "../data/report-schedules";
import { reportWindow } from "../domain/report-schedule";
import { runScheduleNow } from "./reports";

export async function seedDemoReports(db: Db, now = new Date()): Promise<boolean> {
  if ((await db.reportSchedule.count()) > 0) return false;
  const schedule = await createSchedule(
    db,
    { name: "Weekly for the team (demo)", cron: "0 8 * * 1", timezone: "UTC", period: "last-week", applications: [], emails: [], webhooks: [] },
    { userId: null, label: "demo" },
    { kind: "system", label: "demo" },
  );
  await runScheduleNow(db, schedule.id, reportWindow("last-week", now, "UTC"), "manual", { now, mailer: null });
  return true;
}
