import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** 200 when the server and its database answer; 503 (with the reason) when the database does not. */
export async function GET(): Promise<Response> {
  const started = performance.now();
  try {
    await db().$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "ok", latencyMs: Math.round(performance.now() - started) });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "unknown error";
    return Response.json({ status: "unavailable", database: "error", reason }, { status: 503 });
  }
}
