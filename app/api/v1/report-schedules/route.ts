import { apiRoute } from "@/lib/auth/api-route";
import { runJson, scheduleJson } from "@/lib/api/report-json";
import { createSchedule, getSchedule, listRuns, listSchedules, scheduleInput } from "@/lib/data/report-schedules";

/** Every report schedule, with its next runs and its last report. */
export const GET = apiRoute({
  permission: "dashboard:read",
  handler: async ({ db }) => {
    const [schedules, runs] = await Promise.all([listSchedules(db), listRuns(db, { take: 200 })]);
    // Runs come newest first: the first of a schedule's is its last.
    const last = new Map<number, (typeof runs)[number]>();
    for (const r of runs) if (!last.has(r.scheduleId)) last.set(r.scheduleId, r);
    return { schedules: schedules.map((s) => ({ ...scheduleJson(s), lastRun: last.has(s.id) ? runJson(last.get(s.id)!) : null })) };
  },
});

/** Creates a schedule: {name, cron, timezone, period, applications?, emails?, webhooks?: [{url, format, secret?}]}. 201 with the schedule. */
export const POST = apiRoute({
  permission: "report:manage",
  body: scheduleInput,
  handler: async ({ body, principal, db }) => {
    const label = principal.kind === "user" ? principal.email : principal.name;
    const created = await createSchedule(db, body, { userId: principal.kind === "user" ? principal.userId : null, label }, principal);
    return Response.json(scheduleJson(await getSchedule(db, created.id)), { status: 201, headers: { location: `/api/v1/report-schedules/${created.id}`, "cache-control": "no-store" } });
  },
});
