import { z } from "zod";
import { apiRoute } from "@/lib/auth/api-route";
import { runJson, scheduleJson } from "@/lib/api/report-json";
import { deleteSchedule, getSchedule, listRuns } from "@/lib/data/report-schedules";

const params = z.object({ schedule: z.coerce.number().int().positive({ message: "a schedule's id is a positive number" }) });
const resolve = async ({ params: p, db }: { params: { schedule: number }; db: import("@/lib/db/client").Db }) => {
  const row = await db.reportSchedule.findUnique({ where: { id: p.schedule } });
  return row && { target: { kind: "account" as const }, object: row };
};

/** One schedule and its reports, newest first. */
export const GET = apiRoute({
  permission: "dashboard:read",
  params,
  resolve,
  handler: async ({ object, db }) => ({ ...scheduleJson(await getSchedule(db, object.id)), runs: (await listRuns(db, { scheduleId: object.id })).map(runJson) }),
});

/** Deletes a schedule and its reports: its creator or an admin. */
export const DELETE = apiRoute({
  permission: "report:manage",
  params,
  resolve,
  handler: async ({ object, principal, db }) => {
    await deleteSchedule(db, object.id, principal.kind === "user" ? { userId: principal.userId, role: principal.role } : { userId: null, role: "token" }, principal);
    return new Response(null, { status: 204 });
  },
});
