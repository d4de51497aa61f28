import { readiness } from "@/lib/data/readiness";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/**
 * Readiness (for a load balancer or an orchestrator): 200 when the database answers,
 * every migration is applied and a worker schedules the jobs; 503 with what is missing.
 */
export async function GET(): Promise<Response> {
  const state = await readiness(db(), { schedulerOn: env.FRUGAL_SCHEDULER === "on" });
  return Response.json({ status: state.ready ? "ready" : "not_ready", ...state }, { status: state.ready ? 200 : 503 });
}
