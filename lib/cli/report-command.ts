import type { Db } from "../db/client";
import { createSchedule, deleteSchedule, getSchedule, listRuns, listSchedules, scheduleInput } from "../data/report-schedules";
import { isDay } from "../domain/day";
import { formatInZone, reportWindow, windowContaining, type ReportPeriod } from "../domain/report-schedule";
import { runScheduleNow } from "../jobs/reports";
import { parseOptionLists, parseOptions } from "./args";
import { CliError } from "./cli-error";

const CLI_ACTOR = { kind: "system", label: "cli" } as const;
const USAGE = `Usage:
  npm run frugal -- report create --name <n> --cron '<expr>' --tz <zone> --period <yesterday|last-week|last-month|month-to-date>
                                  [--apps a,b] [--to <e-mail>]... [--webhook <url>]... [--format slack|generic]
  npm run frugal -- report list
  npm run frugal -- report delete <id>
  npm run frugal -- report run <id> [--period <yyyy-mm-dd>]   (the period holding that day; sent once per recipient)`;

/** `report run 3 --period …` and `report run --id 3 --period …` alike. */
function withId(rest: string[]): string[] {
  return rest[0] !== undefined && !rest[0].startsWith("--") ? ["--id", rest[0], ...rest.slice(1)] : rest;
}

export async function reportCommand(db: Db, args: string[]): Promise<void> {
  const [sub, ...given] = args;
  const rest = sub === "run" || sub === "delete" ? withId(given) : given;
  switch (sub) {
    case "create": {
      const o = parseOptionLists(rest, ["name", "cron", "tz", "period", "apps", "to", "webhook", "format"]);
      const one = (k: string) => o[k]?.at(-1);
      const format = one("format") ?? "slack";
      const parsed = scheduleInput.safeParse({
        name: one("name"),
        cron: one("cron"),
        timezone: one("tz") ?? "UTC",
        period: one("period"),
        applications: (o.apps ?? []).flatMap((a) => a.split(",")),
        emails: o.to ?? [],
        webhooks: (o.webhook ?? []).map((url) => ({ url, format })),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new CliError(`${issue.path.join(".") ? `--${String(issue.path[0]).replace("timezone", "tz").replace("emails", "to").replace("webhooks", "webhook").replace("applications", "apps")}: ` : ""}${issue.message}\n${USAGE}`);
      }
      const schedule = await createSchedule(db, parsed.data, { userId: null, label: "cli" }, CLI_ACTOR);
      const view = await getSchedule(db, schedule.id);
      console.log(`Schedule #${schedule.id} “${schedule.name}”: ${view.description}, ${schedule.period}. Next: ${view.nextRuns.map((d) => formatInZone(d, schedule.timezone)).join("; ")}.`);
      return;
    }
    case "list": {
      const schedules = await listSchedules(db);
      if (schedules.length === 0) console.log("No report schedules yet.");
      const runs = await listRuns(db, { take: 200 });
      for (const s of schedules) {
        const last = runs.find((r) => r.scheduleId === s.id);
        console.log(`#${s.id}  ${s.name}  [${s.cron} ${s.timezone}, ${s.period}]  ${s.applications ? s.applications.map((a) => a.slug).join(",") : "all applications"}  → ${s.recipients.map((r) => r.label).join(", ") || "no recipients"}`);
        console.log(`      next ${s.nextRuns[0] ? formatInZone(s.nextRuns[0], s.timezone) : "never"}; last ${last ? `${last.periodKey} ${last.status} (${last.deliveries.map((d) => `${d.label}: ${d.status}`).join(", ") || "no deliveries"})` : "none"}`);
      }
      return;
    }
    case "delete": {
      const id = Number(parseOptions(rest, ["id"]).id);
      if (!Number.isInteger(id)) throw new CliError(`--id takes the schedule's number (see report list).\n${USAGE}`);
      const s = await deleteSchedule(db, id, { userId: null, role: "admin" }, CLI_ACTOR);
      console.log(`Deleted schedule #${id} “${s.name}” and its reports.`);
      return;
    }
    case "run": {
      const o = parseOptions(rest, ["id", "period"]);
      const id = Number(o.id);
      if (!Number.isInteger(id)) throw new CliError(`--id takes the schedule's number (see report list).\n${USAGE}`);
      if (o.period !== undefined && !isDay(o.period)) throw new CliError(`--period takes a day, YYYY-MM-DD: the report covers the period that holds it.`);
      const schedule = await db.reportSchedule.findUnique({ where: { id } });
      if (!schedule) throw new CliError(`There is no report schedule #${id} (see report list).`);
      const period = schedule.period as ReportPeriod;
      const window = o.period ? windowContaining(period, o.period) : reportWindow(period, new Date(), schedule.timezone);
      const result = await runScheduleNow(db, id, window, "cli");
      console.log(`${result.created ? "Made" : "Already made"}: report #${result.run.id}, ${window.label} (${window.from} – ${window.to}), ${result.run.status}${result.run.error ? `: ${result.run.error}` : ""}.`);
      for (const d of result.run.deliveries) console.log(`  ${d.label}: ${d.status}${d.lastError ? ` (${d.lastError})` : ""}`);
      if (result.run.status === "failed" || result.run.deliveries.some((d) => d.status === "failed")) process.exitCode = 1;
      return;
    }
    default:
      throw new CliError(USAGE);
  }
}
